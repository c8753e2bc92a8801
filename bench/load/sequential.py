"""Sequential latency: one request at a time, the endpoints alternating.

What a single user waits for, request by request, on each endpoint asked the
same query: ours (``/sparql`` on the embedded store), the floor, Virtuoso's own
``/sparql`` and ours over Virtuoso. The endpoints take turns (A, B, C, D, A,
B...), so that other work on the machine slows them alike; the first request
of each is a warm-up and is not kept.

>>> order(["a", "b"], 2)
['a', 'b', 'a', 'b']
"""

from __future__ import annotations

import http.client
import json
import time
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode, urlsplit

from cxkg.bench.report.stats import summary

ACCEPT = "application/sparql-results+json"
HERE = Path(__file__).parent
#: The generic queries of the table, beside the catalogue query it also asks.
GENERIC = {"light (22 rows)": HERE / "light.rq", "5,000 rows": HERE / "rows.rq"}


def generic_queries() -> dict[str, str]:
    """The table's own queries by name, read from their ``.rq`` files."""
    return {name: path.read_text(encoding="utf-8") for name, path in GENERIC.items()}


def order(names: list[str], rounds: int) -> list[str]:
    """The endpoints' turns: each once per round."""
    return [name for _ in range(rounds) for name in names]


class Client:
    """A keep-alive connection to one endpoint, reopened if the server closed it."""

    def __init__(self, url: str, timeout: float, dataset: Callable[[str], str] | None = None) -> None:
        parts = urlsplit(url)
        self.host, self.port, self.path, self.timeout = parts.hostname, parts.port or 80, parts.path, timeout
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        self.dataset = dataset  # a query -> the dataset to send with it, form-encoded

    def get(self, query: str) -> tuple[int, bytes, float]:
        """Status, body and seconds of one GET of ``query``."""
        target = self.path + "?" + urlencode({"query": query}) + ("&" + self.dataset(query) if self.dataset else "")
        try:
            return self.send(target)
        except (http.client.HTTPException, ConnectionError):
            self.conn.close()  # a keep-alive connection the server closed: once more, reconnecting
            return self.send(target)

    def send(self, target: str) -> tuple[int, bytes, float]:
        started = time.perf_counter()
        self.conn.request("GET", target, headers={"Accept": ACCEPT})
        response = self.conn.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started

    def close(self) -> None:
        self.conn.close()


def rows_of(body: bytes) -> int | None:
    try:
        return len(json.loads(body)["results"]["bindings"])
    except (ValueError, KeyError, TypeError):
        return None


def measure(endpoints: dict[str, str], query: str, requests: int, timeout: float, datasets: dict | None = None) -> dict:
    """Each endpoint asked ``query`` ``requests`` times (plus a warm-up), in turns.

    ``datasets``: for an endpoint, a query -> the dataset to send with it (Virtuoso's
    own, asked over the service's dataset). An endpoint that answers anything but
    200 is dropped from the turns and reported with its status.
    """
    clients = {name: Client(url, timeout, (datasets or {}).get(name)) for name, url in endpoints.items()}
    times: dict[str, list[float]] = {name: [] for name in endpoints}
    rows: dict[str, int | None] = {}
    failed: dict[str, dict] = {}
    try:
        for name in order(list(endpoints), requests + 1):
            if name in failed:
                continue
            try:
                status, body, seconds = clients[name].get(query)
            except (OSError, http.client.HTTPException) as error:  # a broken endpoint is a result, not a crash
                failed[name] = {"status": "error", "error": f"{type(error).__name__}: {error}"[:200]}
                continue
            if status != 200:
                failed[name] = {"status": status, "error": body[:200].decode("utf-8", "replace")}
            elif name not in rows:
                rows[name] = rows_of(body)  # the warm-up, not kept
            else:
                times[name].append(seconds)
    finally:
        for client in clients.values():
            client.close()
    return {name: failed.get(name) or {**summary(times[name]), "rows": rows.get(name)} for name in endpoints}


def table(endpoints: dict[str, str], queries: dict[str, str], requests: int, timeout: float, progress,
          datasets: dict | None = None) -> dict:
    """Every query of ``queries`` on every endpoint: ``{query name: {endpoint: figures}}``."""
    result = {}
    for name, text in queries.items():
        result[name] = measure(endpoints, text, requests, timeout, datasets)
        progress(f"    sequential {name}: " + ", ".join(
            f"{e} {f['median_ms']:.2f} ms" if "median_ms" in f else f"{e} HTTP {f.get('status')}" for e, f in result[name].items()))
    return result
