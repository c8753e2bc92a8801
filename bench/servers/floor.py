"""The floor: the least a web service can do to answer the same query over HTTP.

A bare WSGI app that runs the ``query`` argument on raw pyoxigraph (read-only
view) and returns SPARQL JSON: no protocol checks, no negotiation, no query
processes, no time limit. Served by gunicorn with the settings ``cxkg serve``
uses, it is what our ``/sparql`` is compared with.

Its default graph is the store's own, which the bench fills with the set union
of the named graphs (:func:`cxkg.store.embedded.fill_default_graph`), as the
service's; with ``--union`` it is pyoxigraph's union of the named graphs
instead (a multiset: a triple in two graphs matches twice), on a store whose
default graph is empty: the two floors side by side give what a default graph
that is a set costs. With ``--cached`` it answers a query it has answered
before from memory, without the engine: what serving HTTP from Python costs
on this machine, which no layer in front of a store can avoid.

    python -m cxkg.bench.servers.floor --store DIR --port 5001 --workers 2 --threads 4 [--union | --cached]
"""

from __future__ import annotations

import argparse
from urllib.parse import parse_qs

import pyoxigraph as ox

JSON_TYPE = "application/sparql-results+json"


def create(store_path: str, union: bool = False, cached: bool = False):
    """The WSGI application over the store at ``store_path`` (opened on first request).

    ``union``: the default graph is the union of the named graphs, not the store's own.
    ``cached``: a query string answered before is answered again from memory.
    """
    state: dict = {}
    answers: dict[str, bytes] = {}

    def app(environ, start_response):
        query_string = environ.get("QUERY_STRING", "")
        body, status = answers.get(query_string) if cached else None, "200 OK"
        if body is None:
            body, status = answer(state, store_path, query_string, union)
            if cached and status == "200 OK":
                answers[query_string] = body
        start_response(status, [("Content-Type", JSON_TYPE), ("Content-Length", str(len(body)))])
        return [body]

    return app


def answer(state: dict, store_path: str, query_string: str, union: bool) -> tuple[bytes, str]:
    """Body and status of the query in ``query_string``, run on raw pyoxigraph."""
    store = state.get("store")
    if store is None:
        store = state["store"] = ox.Store.read_only(store_path)
    text = parse_qs(query_string).get("query", [""])[0]
    try:
        return store.query(text, use_default_graph_as_union=union).serialize(format=ox.QueryResultsFormat.JSON), "200 OK"
    except SyntaxError as error:
        return str(error).encode(), "400 Bad Request"


def gunicorn_options(port: int, workers: int, threads: int, timeout: float) -> dict:
    """The options ``cxkg serve`` gives gunicorn (see ``api/cli.py``), for a fair comparison."""
    return {
        "bind": f"127.0.0.1:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": int(timeout) + 30,
        "accesslog": "-",
        "errorlog": "-",
    }


def main() -> None:
    from cxkg.api.cli import Server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--union", action="store_true", help="default graph = union of the named graphs")
    parser.add_argument("--cached", action="store_true", help="answer a query asked before from memory")
    args = parser.parse_args()
    options = gunicorn_options(args.port, args.workers, args.threads, args.timeout)
    Server(lambda: create(args.store, args.union, args.cached), options).run()


if __name__ == "__main__":
    main()
