"""The web service under load, next to the floor and to Virtuoso's endpoint.

For one dataset: start ``cxkg serve`` and the floor on the same store, load
each endpoint in turn from a separate process (:mod:`cxkg.bench.load.loadgen`) with the
same query, time every catalogue query once the service is quiet, and read
the workers' resident memory.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from cxkg.bench.data.plans import api_params
from cxkg.bench.load.engines import inline_values
from cxkg.bench.report.stats import summary
from cxkg.bench.servers import launch
from cxkg.config import PROJECT_ROOT


def load(url: str, opts: dict) -> dict:
    """Run the load generator in its own process against ``url``."""
    command = [sys.executable, "-m", "cxkg.bench.load.loadgen", url, "--duration", str(opts["duration"]),
               "--connections", str(opts["connections"]), "--warmup", str(opts["warmup"])]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"})
    return json.loads(done.stdout)


def sequential(base: str, paths: dict[str, str], opts: dict, progress) -> dict:
    """Each path requested alone, one after another: the latency a single user sees."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=opts["cap"] + 30)
    figures = {}
    for qid, path in paths.items():
        times, status, rows = [], None, None
        while len(times) < opts["reps"] + 1 and sum(times[1:]) <= opts["budget"]:
            started = time.perf_counter()
            conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            response = conn.getresponse()
            body = response.read()
            times.append(time.perf_counter() - started)
            status = response.status
            if status != 200 or times[0] > opts["cap"]:
                break
            rows = rows if rows is not None else len(json.loads(body)["results"]["bindings"])
        if status != 200:
            figures[qid] = {"status": status, "error": body[:200].decode("utf-8", "replace")}
            progress(f"    /api/queries/{qid}: HTTP {status}")
            continue
        figures[qid] = {**summary(times[1:] or times), "first_ms": round(times[0] * 1000, 3), "rows": rows}
    conn.close()
    return figures


def endpoints(query: dict) -> tuple[str, str]:
    """The ``/sparql`` and ``/api/queries`` paths that ask ``query`` with its bindings."""
    text = inline_values(query["sparql"], query["bindings"])
    sparql = "/sparql?" + urlencode({"query": text})
    api = f"/api/queries/{query['id']}" + ("?" + urlencode(api_params(query)) if query["bindings"] else "")
    return sparql, api


def run(store: Path, queries: list[dict], virtuoso_url: str | None, opts: dict, logs: Path, progress) -> dict:
    """Every HTTP figure of one dataset.

    Both servers run side by side (an idle one costs nothing) and the endpoints
    are loaded in turn, ``rounds`` times; the report keeps each endpoint's best
    round, since other work on the machine can only slow a round down.
    """
    chosen = next(q for q in queries if q["id"] == opts["http_query"])
    sparql, api = endpoints(chosen)
    result: dict = {"query": chosen["id"], "rounds": []}
    settings = (opts["workers"], opts["threads"], opts["cap"])
    with launch.ours(store, logs / "cxkg-serve.log", *settings, opts["result_limit"]) as ours, \
            launch.floor(store, logs / "floor.log", *settings) as floor:
        urls = {"ours /sparql": ours.url + sparql, "ours /api/queries": ours.url + api, "floor": floor.url + sparql}
        if virtuoso_url:
            urls["virtuoso /sparql"] = virtuoso_url + "?" + urlencode({"query": inline_values(chosen["sparql"], chosen["bindings"])})
        for i in range(opts.get("rounds", 1)):
            progress(f"    load round {i + 1}")
            result["rounds"].append({name: report(name, load(url, opts), progress) for name, url in urls.items()})
        result["load"] = {name: max((r[name] for r in result["rounds"]), key=lambda f: f["rps"]) for name in urls}
        result["memory_after_load"] = ours.memory()
        result["floor_memory"] = floor.memory()
        paths = {q["id"]: endpoints(q)[1] for q in queries}
        progress("    catalogue over /api/queries, one request at a time")
        result["api_sequential"] = sequential(ours.url, paths, opts, progress)
        result["memory"] = ours.memory()
    return result


def report(name: str, figures: dict, progress) -> dict:
    progress(f"    {name:<20} {figures['rps']:8.1f} req/s  p50 {figures.get('p50_ms', 0):7.2f} ms"
             f"  p99 {figures.get('p99_ms', 0):7.2f} ms  ({figures['requests']} requests, statuses {figures['statuses']})")
    return figures
