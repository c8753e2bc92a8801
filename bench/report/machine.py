"""What machine a run was on: CPU, cores, memory, OS, Python and package versions.

Also the load average before and after, since other work on the machine
(tests, builds) competes for the same cores and shows in every figure.
"""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("pyoxigraph", "rdflib", "oxrdflib", "Flask", "gunicorn", "pyshacl", "spacy", "pyinstrument", "py-spy")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return 0.0


def os_name() -> str:
    try:
        fields = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        return fields.get("PRETTY_NAME", "").strip('"') + f" (kernel {platform.release()})"
    except OSError:
        return platform.platform()


def versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def virtuoso_version() -> str | None:
    try:
        done = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    line = next((l for l in (done.stdout + done.stderr).splitlines() if "Version" in l), "")
    return line.strip() or None


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def describe() -> dict:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": memory_gb(),
        "os": os_name(),
        "python": platform.python_version(),
        "packages": versions(),
        "virtuoso": virtuoso_version(),
        "load_average_start": load_average(),
    }
