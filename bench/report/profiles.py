"""Profile what missed its target, and keep the costliest functions.

- the corpus build: pyinstrument around ``cxkg.loaders.build.build`` (own time per function);
- the web service: py-spy sampling a gunicorn worker and its query processes
  while the load generator runs (``--subprocesses``, raw collapsed stacks).

Missing profilers (the ``bench`` extra) are reported, never fatal.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from cxkg.bench.data import datasets
from cxkg.bench.data.plans import planned, term_of
from cxkg.bench.load import http_bench, sequential
from cxkg.bench.report import targets
from cxkg.bench.servers import launch
from cxkg.config import PROJECT_ROOT, Settings
from cxkg.queries.catalogue import load_catalogue

PY_SPY = Path(sys.executable).parent / "py-spy"


def for_misses(results: dict, opts, workdir: Path, progress) -> dict:
    """A profile for each missed target that a profiler can explain."""
    missed = {t["name"] for t in results["targets"] if t["status"] == "miss"}
    found: dict = {}
    if any(name.startswith("corpus build") for name in missed):
        progress("profiling the corpus build (pyinstrument)")
        found["build"] = profile_build(opts, workdir)
    service = [t for t in results["targets"] if t["name"].startswith("/sparql") and t["status"] == "miss"]
    for name in dict.fromkeys(t["name"].rsplit("(", 1)[1].rstrip(")").split()[0] for t in service):
        if name in results["datasets"]:
            progress(f"profiling /sparql under load on the {name} graph (py-spy)")
            path = http_bench.endpoints(query_of(results, name))[0]
            found[f"/sparql on {name}"] = {"dataset": name, **profile_service(workdir / name / "oxigraph", path, opts, workdir)}
    light = [t for t in results["targets"] if t["name"].startswith("light query") and t["status"] == "miss"]
    for name in (t["name"].rsplit("(", 1)[1].rstrip(")") for t in light):
        if name in results["datasets"]:
            progress(f"profiling the light query on /sparql, one connection, on the {name} graph (py-spy)")
            path = "/sparql?" + urlencode({"query": sequential.generic_queries()[targets.LIGHT]})
            figures = profile_service(workdir / name / "oxigraph", path, opts, workdir, connections=1)
            found[f"/sparql light on {name}"] = {"dataset": name, **figures}
    catalogue = next((t for t in results["targets"] if t["name"].startswith("catalogue") and t["status"] == "miss"), None)
    if catalogue and "1m" in results["datasets"]:
        qid = catalogue["detail"].split(";")[0].removeprefix("worst ").strip()
        progress(f"profiling /api/queries/{qid} on the 1m graph (py-spy)")
        path = http_bench.endpoints(query_plan(results, "1m", qid))[1]
        figures = profile_service(workdir / "1m" / "oxigraph", path, opts, workdir, connections=1)
        found[f"/api/queries/{qid} on 1m"] = {"dataset": "1m", "query": qid, **figures}
    return found


def query_plan(results: dict, dataset: str, qid: str) -> dict:
    """A catalogue query with the bindings the run used for it on ``dataset``."""
    bindings = results["datasets"][dataset]["bindings"][qid]
    return planned(load_catalogue()[qid], {name: term_of(value) for name, value in bindings.items()})


def query_of(results: dict, dataset: str) -> dict:
    return query_plan(results, dataset, results["datasets"][dataset]["http"]["query"])


def profile_build(opts, workdir: Path) -> dict:
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        return {"error": "pyinstrument is not installed (pip install -e '.[bench]')"}
    figures = datasets.build_once(opts.corpus_dir or Settings.from_env().corpus, workdir / "profiled-store", profile=True)
    profile = figures.get("profile", {})
    return {"tool": "pyinstrument", "stages": figures["stages"], "wall_s": figures["wall_s"], "cpu_s": figures["cpu_s"],
            "top": profile.get("top", []), "libraries": profile.get("libraries", {})}


def profile_service(store: Path, path: str, opts, workdir: Path, connections: int | None = None) -> dict:
    """py-spy on the workers (and their query processes) while the path is under load."""
    if not PY_SPY.exists() and not shutil.which("py-spy"):
        return {"error": "py-spy is not installed (pip install -e '.[bench]')"}
    raw = workdir / f"py-spy-{abs(hash(path)) % 10**8}.txt"
    load_opts = {**opts.http_opts(), "duration": opts.profile_seconds + 2, "warmup": 0.0}
    if connections:
        load_opts["connections"] = connections
    with launch.ours(store, workdir / "profile-serve.log", opts.workers, opts.threads, opts.cap, opts.result_limit) as server:
        http_bench.load(server.url + path, {**load_opts, "duration": 1.0})  # start the query processes
        loader = subprocess.Popen([sys.executable, "-m", "cxkg.bench.load.loadgen", server.url + path, "--duration", str(load_opts["duration"]),
                                   "--connections", str(load_opts["connections"]), "--warmup", "0"],
                                  cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, env={"PYTHONPATH": str(PROJECT_ROOT)})
        # the master with --subprocesses: every worker and its query processes, whichever gets the requests
        command = [str(PY_SPY if PY_SPY.exists() else "py-spy"), "record", "--pid", str(server.process.pid), "--subprocesses",
                   "--duration", str(int(opts.profile_seconds)), "--rate", "250", "--format", "raw", "--output", str(raw),
                   "--nonblocking"]
        spy = subprocess.run(command, capture_output=True, text=True)
        loader.wait()
    if spy.returncode != 0 or not raw.exists():
        return {"error": f"py-spy failed: {spy.stderr[-500:]}"}
    return {"tool": "py-spy", **summarise_stacks(raw.read_text())}


#: What a sampled function is doing, by where it is (first match wins).
ACTIVITIES = (
    ("pyoxigraph evaluation", ("execute (store/engine.py", "bounded (store/engine.py", "execute (ontology/engine.py",
                               "bounded (ontology/engine.py", "Store.query")),
    ("result writing", ("write_solutions", "json/encoder", "term_json", "write_boolean", "serialize")),
    ("query guard", ("store/guard.py", "ontology/guard.py")),
    ("pipes to the query process (incl. waiting)", ("multiprocessing/", "sandbox.py", "store/child.py", "store/processes.py")),
    ("parameter resolution", ("queries/resolve.py", "queries/run.py")),
    ("HTTP server (gunicorn, Flask, incl. polling)", ("gunicorn/", "flask/", "werkzeug/", "gevent/", "selectors.py", "socket.py",
                                                      "api/", "concurrent/futures")),
)
#: The command line of a query process, as py-spy names its process.
QUERY_PROCESS = ("cxkg.store.child", "cxkg.store.processes")


def activity(frame: str) -> str:
    """The activity a leaf frame belongs to.

    >>> activity("execute (store/engine.py:94)"), activity("select (selectors.py:415)")
    ('pyoxigraph evaluation', 'HTTP server (gunicorn, Flask, incl. polling)')
    """
    return next((name for name, marks in ACTIVITIES if any(m in frame for m in marks)), "other Python")


def summarise_stacks(text: str, n: int = 15) -> dict:
    """Samples by process kind and the functions with most samples of their own.

    >>> summarise_stacks("process 1:\\"gunicorn\\";process 9:\\"python -m cxkg.store.child /s r\\";main (a.py:1);run (b.py:2) 3\\n"
    ...                  "process 2:\\"gunicorn\\";handle (c.py:3) 1\\n")["by_process"]
    {'query process': 3, 'worker': 1}
    """
    by_process: Counter = Counter()
    by_activity: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        processes = [f for f in frames if f.startswith("process ")]
        kind = "query process" if any(mark in f for f in processes for mark in QUERY_PROCESS) else "worker"
        by_process[kind] += int(count)
        by_activity[activity(frames[-1])] += int(count)
        own[f"{kind}: {frames[-1]}"] += int(count)
        total += int(count)
    top = [{"function": name, "share": round(c / total, 3)} for name, c in own.most_common(n)] if total else []
    activities = {k: round(v / total, 3) for k, v in by_activity.most_common()} if total else {}
    return {"samples": total, "by_process": dict(by_process), "by_activity": activities, "top": top}
