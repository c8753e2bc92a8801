"""One store in its own process: load the data, time every query, report peak memory.

Run as ``python -m cxkg.bench.load.worker`` with a JSON plan on standard input; prints
one JSON event per line (``load``, ``begin``, ``first``, ``query``, ``probe``, ``done``), so
the parent can stop a query that runs past its cap by killing this process.
A fresh process per store makes its peak resident memory its own.
"""

from __future__ import annotations

import json
import math
import resource
import sys
import threading
import time
from typing import Callable

from cxkg.bench.load.engines import ENGINES, count_rows


def emit(event: str, **fields) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def time_query(run: Callable[[], bytes], reps: int, budget: float, qid: str) -> dict:
    """A first (warm-up) run, then up to ``reps`` timed runs within ``budget`` seconds."""
    started = time.perf_counter()
    body = run()
    first = time.perf_counter() - started
    emit("first", id=qid, seconds=first)
    rows = count_rows(body)
    times: list[float] = []
    while len(times) < reps and sum(times) + (times[-1] if times else first) <= budget:
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return {"first_s": first, "times": times or [first], "rows": rows}


def seconds(run: Callable[[], object]) -> float:
    """How long one call of ``run`` takes."""
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


#: Least time one thread spends on the probe's runs, so that starting two threads does not weigh on a short query.
PROBE_SECONDS = 0.2


def probe(engine, query: dict) -> dict:
    """How much faster 2 threads share a batch of runs of the load-test query than 1 thread runs it.

    About 1 when the engine holds the GIL while it evaluates: a server's threads
    then run one query at a time, whatever their number. The batch is at least
    4 runs and lasts at least :data:`PROBE_SECONDS` on one thread.
    """
    run = engine.runner(query)
    alone = seconds(run)
    if alone > 5.0:
        return {}
    half = max(2, math.ceil(PROBE_SECONDS / 2 / max(alone, 1e-6)))
    one_thread = seconds(lambda: [run() for _ in range(2 * half)])
    pair = [threading.Thread(target=lambda: [run() for _ in range(half)]) for _ in range(2)]

    def both() -> None:
        for thread in pair:
            thread.start()
        for thread in pair:
            thread.join()
    return {"id": query["id"], "runs": 2 * half, "two_thread_speedup": round(one_thread / seconds(both), 2)}


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports kB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    plan = json.load(sys.stdin)
    engine = ENGINES[plan["kind"]](plan)
    if plan.get("load"):
        started = time.perf_counter()
        triples = engine.load()
        seconds = time.perf_counter() - started
        fill_s = getattr(engine, "fill_s", None)
        emit("load", seconds=seconds - (fill_s or 0), triples=triples, rss_mb=peak_rss_mb(), fill_s=fill_s)
    else:
        engine.open()
    for query in plan["queries"][plan.get("start", 0):]:
        emit("begin", id=query["id"])
        try:
            result = time_query(engine.runner(query), plan["reps"], plan["budget"], query["id"])
        except engine.Timeout:
            result = {"timeout_s": plan["cap"]}
        except Exception as error:  # a store's refusal is a result to report, not a crash
            result = {"error": f"{type(error).__name__}: {str(error)[:300]}"}
        emit("query", id=query["id"], **result)
    chosen = [q for q in plan["queries"] if q["id"] == plan.get("probe")]
    if chosen:
        emit("probe", **probe(engine, chosen[0]))
    emit("done", peak_rss_mb=peak_rss_mb())


if __name__ == "__main__":
    main()
