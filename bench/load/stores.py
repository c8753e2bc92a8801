"""Run one store's measurements in a worker process, stopping queries past their cap.

pyoxigraph cannot cancel a query, so when a query outlives its cap the worker
is killed, the query is recorded as timed out, and a new worker goes on from
the next query (reopening the store it already loaded).

Why not the service's :class:`cxkg.store.processes.Sandbox`, which also kills a
query at its time limit: the sandbox hosts pyoxigraph only and times a request
from outside, pipe and pickling included, while the benchmark compares three
engines (rdflib in memory and Virtuoso too), times each query inside the
process that runs it, and reads the load time and peak memory of one process
per store. The HTTP figures, on the other hand, go through the service itself
and so through its sandbox.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time

from cxkg.bench.report.stats import summary
from cxkg.bench.servers.procs import peak_mb
from cxkg.config import PROJECT_ROOT

LOAD_DEADLINE = 3600.0


class Worker:
    """A ``python -m cxkg.bench.load.worker`` process and its line-by-line events.

    Its output is read from the raw pipe into our own buffer: a buffered file
    object could hold lines that ``select`` cannot see, and a query past its
    cap would then go unnoticed.
    """

    def __init__(self, plan: dict) -> None:
        env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
        self.process = subprocess.Popen([sys.executable, "-m", "cxkg.bench.load.worker"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, cwd=PROJECT_ROOT, env=env)
        self.process.stdin.write(json.dumps(plan).encode("utf-8"))
        self.process.stdin.close()
        self.fd, self.pending = self.process.stdout.fileno(), b""

    def next_event(self, deadline: float) -> dict | None:
        """The next event, or ``None`` if none came within ``deadline`` seconds (or it died)."""
        until = time.monotonic() + max(0.0, deadline)
        while b"\n" not in self.pending:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, until - time.monotonic()))
            chunk = os.read(self.fd, 65536) if ready else b""
            if not chunk:
                return None
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return json.loads(line)

    def kill(self) -> float:
        """Stop the worker; returns its peak resident memory (MB) if it was still running."""
        peak = peak_mb(self.process.pid) if self.process.poll() is None else 0.0
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        return peak


def measure(plan: dict, progress) -> dict:
    """Load (if asked) and time every query of ``plan``; returns the store's figures."""
    result: dict = {"queries": {}, "peak_rss_mb": 0.0}
    start, first_worker = 0, True
    queries = plan["queries"]
    while start <= len(queries):
        worker = Worker({**plan, "start": start, "load": plan.get("load", False) and (first_worker or plan["kind"] == "rdflib")})
        try:
            start = follow(worker, plan, result, first_worker, progress)
        finally:
            result["peak_rss_mb"] = max(result["peak_rss_mb"], worker.kill())
        first_worker = False
        if start is None:
            break
    return result


def follow(worker: Worker, plan: dict, result: dict, record_load: bool, progress) -> int | None:
    """Read a worker's events; returns where a new worker should start, or ``None`` when done."""
    deadline, current = LOAD_DEADLINE, None
    index = {q["id"]: i for i, q in enumerate(plan["queries"])}
    while True:
        event = worker.next_event(deadline)
        if event is None:  # stuck past the cap, or dead
            if current is None:
                result["error"] = "the worker ended before its queries"
                return None
            result["queries"][current] = {"timeout_s": plan["cap"]}
            progress(f"    {current}: stopped at the cap of {plan['cap']:g} s")
            return index[current] + 1
        kind = event.pop("event")
        if kind == "load" and record_load:
            fill_s = event.get("fill_s")
            result.update(load_s=round(event["seconds"], 3), triples=event["triples"], load_rss_mb=event["rss_mb"])
            if fill_s is not None:
                result["fill_s"] = round(fill_s, 3)
            progress(f"    loaded {event['triples']:,} triples in {event['seconds']:.2f} s"
                     + (f", default graph filled in {fill_s:.2f} s" if fill_s is not None else ""))
        elif kind == "begin":
            current, deadline = event["id"], plan["cap"] + 5
        elif kind == "first":
            deadline = plan["budget"] + 2 * event["seconds"] + 10
        elif kind == "query":
            result["queries"][event["id"]] = figures(event)
            current, deadline = None, LOAD_DEADLINE
        elif kind == "probe":
            result["probe"] = event
        elif kind == "done":
            result["peak_rss_mb"] = max(result["peak_rss_mb"], event["peak_rss_mb"])
            return None


def figures(event: dict) -> dict:
    """What a query event becomes in the results: statistics, not raw samples."""
    if "times" not in event:
        return {k: v for k, v in event.items() if k != "id"}
    return {**summary(event["times"]), "first_ms": round(event["first_s"] * 1000, 3), "rows": event["rows"]}
