"""A bounded HTTP load from its own process: fixed connections, fixed duration.

Each connection is a thread with a keep-alive ``http.client`` connection that
sends the same GET again and again; latencies of the requests that end after
the warm-up are kept. Prints one JSON object.

    python -m cxkg.bench.load.loadgen http://127.0.0.1:5000/sparql?query=... --duration 10 --connections 8
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

from cxkg.bench.load.virtuoso_dataset import allow_echoed
from cxkg.bench.report.stats import summary

ACCEPT = "application/sparql-results+json"


def hammer(url: str, stop_at: float, keep_after: float, latencies: list, statuses: Counter) -> None:
    """One connection's loop (runs in a thread)."""
    parts = urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    while time.perf_counter() < stop_at:
        started = time.perf_counter()
        try:
            conn.request("GET", target, headers={"Accept": ACCEPT})
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            status = "error"
        ended = time.perf_counter()
        if ended >= keep_after:
            latencies.append(ended - started)
            statuses[status] += 1
    conn.close()


def run(url: str, duration: float, connections: int, warmup: float) -> dict:
    """Load ``url`` for ``warmup + duration`` seconds; figures of the last ``duration``."""
    latencies: list[float] = []
    statuses: Counter = Counter()
    begin = time.perf_counter()
    keep_after, stop_at = begin + warmup, begin + warmup + duration
    threads = [threading.Thread(target=hammer, args=(url, stop_at, keep_after, latencies, statuses)) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - keep_after
    ok = statuses.get(200, 0)
    return {
        "connections": connections,
        "duration_s": round(elapsed, 2),
        "requests": sum(statuses.values()),
        "ok": ok,
        "statuses": {str(k): v for k, v in statuses.items()},
        "rps": round(ok / elapsed, 1) if elapsed > 0 else 0.0,
        **summary(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=1.0)
    args = parser.parse_args()
    allow_echoed(urlsplit(args.url).query)  # Virtuoso's own /sparql echoes each graph of the dataset as a header
    print(json.dumps(run(args.url, args.duration, args.connections, args.warmup)))


if __name__ == "__main__":
    main()
