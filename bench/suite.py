"""The whole benchmark: datasets, stores, HTTP, the corpus build, the targets.

One run measures every dataset on every store the same way, computes the
targets from those figures, profiles what missed, and returns one dict (the
JSON results) that :mod:`cxkg.bench.report.markdown` turns into BENCHMARKS.md.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from cxkg.bench.data import datasets
from cxkg.bench.data.datasets import Dataset
from cxkg.bench.load import http_bench, stores
from cxkg.bench.options import Options
from cxkg.bench.report import findings, machine, profiles, targets
from cxkg.bench.servers.procs import peak_mb, rss_mb
from cxkg.config import Settings
from cxkg.bench.load.virtuoso_dataset import load_union
from cxkg.store.virtuoso import Virtuoso, VirtuosoError, VirtuosoUnavailable, free_port


def run(opts: Options, progress=print) -> dict:
    """Run the suite; ``progress`` gets one line at a time for the terminal."""
    started = time.perf_counter()
    workdir = Path(opts.workdir or tempfile.mkdtemp(prefix="cxkg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict = {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     "machine": machine.describe(), "options": opts.to_dict(), "datasets": {}, "notes": []}
    virtuoso_ok = "virtuoso" in opts.stores and virtuoso_available(results, progress)
    try:
        for dataset in prepare(opts, workdir, results, progress):
            progress(f"[{dataset.name}] {dataset.triples:,} triples")
            results["datasets"][dataset.name] = measure_dataset(dataset, opts, workdir / dataset.name, virtuoso_ok, progress)
        results["targets"] = targets.evaluate(results)
        if opts.profile:
            results["profiles"] = profiles.for_misses(results, opts, workdir, progress)
    finally:
        if opts.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    results["machine"]["load_average_end"] = machine.load_average()
    results["findings"] = findings.collect(results)
    results["runtime_s"] = round(time.perf_counter() - started, 1)
    progress(f"done in {results['runtime_s'] / 60:.1f} min")
    return results


def virtuoso_available(results: dict, progress) -> bool:
    try:
        seconds = Virtuoso(Path(tempfile.gettempdir()), 0, 0).install_if_missing()
    except VirtuosoUnavailable as error:
        results["notes"].append(f"Virtuoso skipped: {error}")
        progress(f"Virtuoso skipped: {error}")
        return False
    if seconds:
        progress(f"installed Virtuoso in {seconds:.1f} s")
    return True


def prepare(opts: Options, workdir: Path, results: dict, progress):
    """Yield each dataset when it is ready: the corpus graph first, then the synthetic ones."""
    if opts.corpus:
        progress(f"corpus build x{opts.build_runs}")
        corpus_dir = opts.corpus_dir or Settings.from_env().corpus
        results["build"], store = datasets.corpus_build(corpus_dir, workdir, opts.build_runs, progress)
        yield datasets.corpus(store, workdir)
    for size in opts.sizes:
        progress(f"generating {size:,} triples (seed {opts.seed})")
        yield datasets.synthetic(size, workdir, opts.seed, progress)


def measure_dataset(dataset: Dataset, opts: Options, folder: Path, virtuoso_ok: bool, progress) -> dict:
    """Load time, query latencies and memory per store, then the HTTP figures."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict = {"triples": dataset.triples, "info": dataset.info, "stores": {},
                 "bindings": {q["id"]: q["bindings"] for q in dataset.queries}}
    size = dataset.info.get("target", dataset.triples)  # the size asked for, not the exact count
    for kind in [k for k in opts.stores if k != "virtuoso"]:
        progress(f"  {kind}")
        plan = {"kind": kind, "data": str(dataset.data), "store_dir": str(folder / "oxigraph"), "load": True,
                "queries": dataset.queries, "probe": opts.http_query if kind == "oxigraph" else None, **opts.plan(kind, size)}
        out["stores"][kind] = {**stores.measure(plan, progress), "plan": opts.plan(kind, size)}
        progress(f"    peak {out['stores'][kind]['peak_rss_mb']:.0f} MB; " + slowest(out["stores"][kind]))
    if not virtuoso_ok:
        if opts.http:
            out["http"] = http_bench.run(folder / "oxigraph", dataset.data, dataset.queries, None, opts.http_opts(), folder, progress)
        return out
    instance = Virtuoso(folder / "virtuoso", port=free_port(), http_port=free_port(), password="bench-" + dataset.name)
    try:
        progress("  virtuoso")
        instance.start()
        load_s = instance.bulk_load(dataset.data, "urn:x-cxkg-bench:default")
        union_s = load_union(instance, folder / "oxigraph", folder)
        progress(f"    loaded in {load_s:.2f} s, the union of the named graphs in {union_s:.2f} s")
        plan = {"kind": "virtuoso", "sparql_url": instance.sparql_url, "queries": dataset.queries, **opts.plan("virtuoso", size)}
        figures = stores.measure(plan, progress)
        pid = instance.process.pid
        out["stores"]["virtuoso"] = {**figures, "load_s": round(load_s, 3), "fill_s": round(union_s, 3), "plan": opts.plan("virtuoso", size),
                                     "server_rss_mb": rss_mb(pid), "peak_rss_mb": peak_mb(pid)}
        progress(f"    server peak {peak_mb(pid):.0f} MB; " + slowest(out["stores"]["virtuoso"]))
        if opts.http:
            out["http"] = http_bench.run(folder / "oxigraph", dataset.data, dataset.queries, instance.sparql_url, opts.http_opts(), folder, progress)
    except VirtuosoError as error:
        out["stores"]["virtuoso"] = {"error": str(error)[:500]}
        progress(f"    Virtuoso failed: {str(error)[:200]}")
        if opts.http and "http" not in out:
            out["http"] = http_bench.run(folder / "oxigraph", dataset.data, dataset.queries, None, opts.http_opts(), folder, progress)
    finally:
        instance.stop()
    return out


def slowest(figures: dict) -> str:
    """A one-line digest of a store's queries for the terminal."""
    queries = figures.get("queries", {})
    timed = {k: v["median_ms"] for k, v in queries.items() if "median_ms" in v}
    stopped = [k for k, v in queries.items() if "timeout_s" in v]
    failed = [k for k, v in queries.items() if "error" in v]
    worst = max(timed, key=timed.get) if timed else None
    text = f"{len(timed)} queries timed" + (f", slowest {worst} {timed[worst]:.1f} ms" if worst else "")
    return text + (f", stopped: {' '.join(stopped)}" if stopped else "") + (f", failed: {' '.join(failed)}" if failed else "")
