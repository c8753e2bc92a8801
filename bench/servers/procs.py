"""Resident memory of processes and their children, read from ``/proc`` (Linux).

``VmRSS`` is what a process holds now, ``VmHWM`` the most it ever held.

>>> rss_mb(os.getpid()) > 1
True
"""

from __future__ import annotations

import os  # the doctest reads this process
from pathlib import Path


def status(pid: int) -> dict[str, str]:
    """The fields of ``/proc/PID/status`` (empty if the process is gone)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def kb_field(pid: int, name: str) -> float:
    value = status(pid).get(name, "0 kB").split()[0]
    return int(value) / 1024


def rss_mb(pid: int) -> float:
    return round(kb_field(pid, "VmRSS"), 1)


def peak_mb(pid: int) -> float:
    return round(kb_field(pid, "VmHWM"), 1)


def children(pid: int) -> list[int]:
    """Direct children of ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def tree_mb(pid: int) -> dict:
    """A process's resident memory, with that of its children, now and at peak."""
    kids = children(pid)
    return {
        "pid": pid,
        "rss_mb": rss_mb(pid),
        "peak_mb": peak_mb(pid),
        "children": len(kids),
        "children_rss_mb": round(sum(rss_mb(k) for k in kids), 1),
        "children_peak_mb": round(sum(peak_mb(k) for k in kids), 1),
    }


def find(command_part: str) -> list[int]:
    """Processes whose command line contains ``command_part``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if command_part in command:
                found.append(int(entry.name))
    return sorted(found)
