"""The web service under load and one request at a time, next to the floor and to Virtuoso.

For one dataset: start ``cxkg serve`` and the floor on the same store (and
the floor on the union of the named graphs, and ``cxkg serve`` over Virtuoso
when it runs), load each endpoint in turn from a separate process
(:mod:`cxkg.bench.load.loadgen`) with the same query, time light and heavy
queries one request at a time (:mod:`cxkg.bench.load.sequential`), check that
a repeat request is answered 304 and that gzip is offered, time every
catalogue query once the service is quiet, and read the workers' resident memory.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from cxkg.bench.data.plans import api_params
from cxkg.bench.load import revalidate
from cxkg.bench.load import sequential as one_at_a_time
from cxkg.bench.load.virtuoso_dataset import dataset_of
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
    """The ``/sparql`` and ``/api/queries`` paths that ask ``query`` with its bindings: ``/sparql``
    gets the text with them written in, the text ``/api/queries`` writes for itself."""
    sparql = "/sparql?" + urlencode({"query": query["written_in"]})
    api = f"/api/queries/{query['id']}" + ("?" + urlencode(api_params(query)) if query["bindings"] else "")
    return sparql, api


def union_store(data: Path, folder: Path) -> Path:
    """The dataset loaded as it was before its default graph was filled: for the floor on the union."""
    import pyoxigraph as ox

    store = ox.Store(str(folder))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return folder


def run(store: Path, data: Path, queries: list[dict], virtuoso_url: str | None, opts: dict, logs: Path, progress) -> dict:
    """Every HTTP figure of one dataset.

    All servers run side by side (an idle one costs nothing) and the endpoints
    are loaded in turn, ``rounds`` times; the report keeps each endpoint's best
    round, since other work on the machine can only slow a round down.
    """
    chosen = next(q for q in queries if q["id"] == opts["http_query"])
    sparql, api = endpoints(chosen)
    result: dict = {"query": chosen["id"], "rounds": []}
    settings = (opts["workers"], opts["threads"], opts["cap"])
    union = union_store(data, logs / "oxigraph-union")
    with ExitStack() as servers:
        ours = servers.enter_context(launch.ours(store, logs / "cxkg-serve.log", *settings, opts["result_limit"]))
        floor = servers.enter_context(launch.floor(store, logs / "floor.log", *settings))
        floor_union = servers.enter_context(launch.floor(union, logs / "floor-union.log", *settings, union=True))
        floor_cached = servers.enter_context(launch.floor(store, logs / "floor-cached.log", *settings, cached=True))
        remote = over_virtuoso(servers, virtuoso_url, logs, settings, opts, result, progress)
        urls = {"ours /sparql": ours.url + sparql, "ours /api/queries": ours.url + api, "floor": floor.url + sparql,
                "floor (union)": floor_union.url + sparql}
        if virtuoso_url:
            urls["virtuoso /sparql"] = virtuoso_url + "?" + asked(virtuoso_url, chosen["written_in"])
        for i in range(opts.get("rounds", 1)):
            progress(f"    load round {i + 1}")
            result["rounds"].append({name: report(name, load(url, opts), progress) for name, url in urls.items()})
        result["load"] = {name: max((r[name] for r in result["rounds"]), key=lambda f: f["rps"]) for name in urls}
        if remote:
            result["remote_load"] = remote_load(virtuoso_url, remote.url + "/sparql", opts, progress)
        result["memory_after_load"] = ours.memory()
        result["floor_memory"] = floor.memory()
        progress("    one request at a time, endpoints in turn")
        targets = {"ours /sparql": ours.url + "/sparql", "floor": floor.url + "/sparql", "floor (union)": floor_union.url + "/sparql",
                   "floor (cached)": floor_cached.url + "/sparql"}
        datasets = {}
        if remote:
            targets.update({"virtuoso /sparql": virtuoso_url, "ours over Virtuoso": remote.url + "/sparql"})
            datasets["virtuoso /sparql"] = dataset_of(virtuoso_url)
        heavy = next(q for q in queries if q["id"] == opts["sequential_query"])
        texts = {**one_at_a_time.generic_queries(), heavy["id"]: heavy["written_in"]}
        result["sequential"] = one_at_a_time.table(targets, texts, opts["sequential"], opts["cap"] + 30, progress, datasets)
        result["revalidation"] = revalidate.check(ours.url, one_at_a_time.generic_queries()["5,000 rows"])
        paths = {q["id"]: endpoints(q)[1] for q in queries}
        progress("    catalogue over /api/queries, one request at a time")
        result["api_sequential"] = sequential(ours.url, paths, opts, progress)
        result["memory"] = ours.memory()
    return result


def over_virtuoso(servers: ExitStack, virtuoso_url: str | None, logs: Path, settings: tuple, opts: dict, result: dict, progress):
    """``cxkg serve`` over Virtuoso, or ``None`` (with the reason in ``result``) when it does not come up:
    the other figures of the dataset are still worth having."""
    if not virtuoso_url:
        return None
    try:
        return servers.enter_context(launch.ours(virtuoso_url, logs / "cxkg-serve-virtuoso.log", *settings, opts["result_limit"]))
    except RuntimeError as error:
        result["remote_error"] = str(error)
        progress(f"    ours over Virtuoso left out: {error}")
        return None


def remote_load(virtuoso_url: str, ours_url: str, opts: dict, progress) -> dict:
    """Virtuoso's own ``/sparql`` and ours over it, loaded in turn with each generic query."""
    figures: dict = {}
    for name, text in one_at_a_time.generic_queries().items():
        urls = {"virtuoso /sparql": virtuoso_url + "?" + asked(virtuoso_url, text),
                "ours over Virtuoso": ours_url + "?" + urlencode({"query": text})}
        rounds = [{e: report(f"{e} ({name})", load(url, opts), progress) for e, url in urls.items()} for _ in range(opts.get("rounds", 1))]
        figures[name] = {e: max((r[e] for r in rounds), key=lambda f: f["rps"]) for e in urls}
    return figures


def asked(virtuoso_url: str, text: str) -> str:
    """The query string that asks Virtuoso's own ``/sparql`` ``text`` over the service's dataset."""
    return urlencode({"query": text}) + "&" + dataset_of(virtuoso_url)(text)


def report(name: str, figures: dict, progress) -> dict:
    progress(f"    {name:<26} {figures['rps']:8.1f} req/s  p50 {figures.get('p50_ms', 0):7.2f} ms"
             f"  p99 {figures.get('p99_ms', 0):7.2f} ms  ({figures['requests']} requests, statuses {figures['statuses']})")
    return figures
