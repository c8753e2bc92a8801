"""Start and stop the web servers under test: ``cxkg serve`` and the floor.

Both are gunicorn masters started as our own child processes, with the same
worker settings; their output goes to a log file in the work folder. Memory is
read per worker, with the query processes each worker started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from cxkg.bench.servers.procs import children, tree_mb
from cxkg.config import PROJECT_ROOT
from cxkg.store.virtuoso import free_port

CXKG = Path(sys.executable).parent / "cxkg"


class Server:
    """A gunicorn master we started; stopped (TERM, then KILL) on exit."""

    def __init__(self, name: str, command: list[str], port: int, log: Path, env: dict[str, str] | None = None) -> None:
        self.name, self.port, self.log = name, port, log
        self.url = f"http://127.0.0.1:{port}"
        with log.open("ab") as out:
            self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **(env or {})})

    def wait_ready(self, timeout: float = 90.0) -> float:
        """Seconds until an ``ASK {}`` on ``/sparql`` answers 200."""
        started = time.perf_counter()
        probe = f"{self.url}/sparql?" + urlencode({"query": "ASK {}"})
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log}")
            try:
                request = urllib.request.Request(probe, headers={"Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(request, timeout=10) as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {timeout:g} s; see {self.log}")

    def memory(self) -> dict:
        """Each worker's resident memory, and its query processes'."""
        workers = [tree_mb(pid) for pid in children(self.process.pid)]
        return {"master": tree_mb(self.process.pid)["rss_mb"], "workers": workers}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def __enter__(self) -> "Server":
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def ours(store: Path | str, log: Path, workers: int, threads: int, timeout: float, limit: int) -> Server:
    """``cxkg serve`` on ``store`` (a folder, or a remote store's SPARQL URL), read-only,
    with the bench's time and size limits."""
    port = free_port()
    command = [str(CXKG), "serve", "--store", str(store), "--port", str(port), "--workers", str(workers),
               "--threads", str(threads), "--timeout", str(timeout)]
    env = {"CXKG_RESULT_LIMIT": str(limit), "CXKG_WRITE_TOKEN": ""}
    return Server("cxkg serve", command, port, log, env)


def floor(store: Path, log: Path, workers: int, threads: int, timeout: float, union: bool = False,
          cached: bool = False) -> Server:
    """The floor app (:mod:`cxkg.bench.servers.floor`) under the same gunicorn settings;
    ``union``: on the union of the named graphs rather than the store's default graph;
    ``cached``: answering a query asked before from memory."""
    port = free_port()
    flags = (["--union"] if union else []) + (["--cached"] if cached else [])
    command = [sys.executable, "-m", "cxkg.bench.servers.floor", "--store", str(store), "--port", str(port),
               "--workers", str(workers), "--threads", str(threads), "--timeout", str(timeout)] + flags
    name = "floor (union)" if union else "floor (cached)" if cached else "floor"
    return Server(name, command, port, log)
