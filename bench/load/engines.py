"""The three stores under test, behind one small interface for :mod:`cxkg.bench.load.worker`.

- ``oxigraph``: pyoxigraph on disk, as the service reads it (raw calls, JSON out):
  its default graph filled with the set union of the named graphs
  (:func:`cxkg.store.embedded.fill_default_graph`), queries run on it;
- ``rdflib``: rdflib's in-memory ``Dataset`` (default graph = union), the
  reference most Python users start from;
- ``virtuoso``: Virtuoso's own SPARQL endpoint over HTTP (keep-alive), asked with
  the dataset the service sends (:mod:`cxkg.bench.load.virtuoso_dataset`).

Each ``runner`` returns the query's answer as SPARQL JSON bytes, so every
store does the same work: evaluate, then write the results out. Each gets the
bindings as the product gives them to it: pyoxigraph runs the query's
``written_in`` text (its bindings written in as constants,
:mod:`cxkg.bench.data.plans`), Virtuoso gets them in a ``VALUES`` block
(:func:`cxkg.store.remote_text.bind_values`), and rdflib as ``initBindings``
(see :meth:`Rdflib.runner`).
"""

from __future__ import annotations

import http.client
import json
import signal
import socket
from typing import Callable
from urllib.parse import urlencode, urlsplit

from cxkg.bench.data.plans import term_of
from cxkg.bench.load.virtuoso_dataset import dataset_of
from cxkg.store.remote_text import bind_values

JSON_TYPE = "application/sparql-results+json"
FORM_TYPE = "application/x-www-form-urlencoded"


class NeverTimesOut(Exception):
    """Raised by nothing: the parent kills a worker whose query runs too long."""


def count_rows(body: bytes) -> int:
    """Rows of a SPARQL JSON answer (1 for ASK)."""
    answer = json.loads(body)
    return len(answer["results"]["bindings"]) if "results" in answer else 1


class Oxigraph:
    Timeout = NeverTimesOut

    def __init__(self, plan: dict) -> None:
        self.plan, self.store, self.fill_s = plan, None, None

    def load(self) -> int:
        """Load the N-Quads, then fill the default graph (timed apart, in ``fill_s``); the quads loaded."""
        import time

        import pyoxigraph as ox

        from cxkg.store.embedded import fill_default_graph

        self.store = ox.Store(self.plan["store_dir"])
        self.store.bulk_load(path=self.plan["data"], format=ox.RdfFormat.N_QUADS)
        loaded = len(self.store)
        started = time.perf_counter()
        fill_default_graph(self.store)
        self.store.flush()
        self.fill_s = time.perf_counter() - started
        return loaded

    def open(self) -> None:
        import pyoxigraph as ox

        self.store = ox.Store.read_only(self.plan["store_dir"])

    def runner(self, query: dict) -> Callable[[], bytes]:
        """The text with its constants written in: what a user who writes the IRI in gets, and what the service runs."""
        import pyoxigraph as ox

        text, store = query["written_in"], self.store
        return lambda: store.query(text).serialize(format=ox.QueryResultsFormat.JSON)


class AlarmTimeout(Exception):
    """An rdflib query ran past its cap (SIGALRM interrupts pure Python)."""


class Rdflib:
    Timeout = AlarmTimeout

    def __init__(self, plan: dict) -> None:
        self.plan, self.dataset = plan, None

    def load(self) -> int:
        from rdflib import Dataset

        self.dataset = Dataset(default_union=True)
        self.dataset.parse(self.plan["data"], format="nquads")
        return sum(len(graph) for graph in self.dataset.contexts())

    open = load

    def runner(self, query: dict) -> Callable[[], bytes]:
        """The catalogue text with ``initBindings``: rdflib cannot evaluate the constant that
        ``written_in`` puts in a ``GROUP BY`` (cq09's ``GROUP BY (<iri>)``: "Cannot eval thing")."""
        from rdflib import Literal, URIRef, Variable

        init = {Variable(k): URIRef(v["value"]) if v["type"] == "iri" else Literal(v["value"]) for k, v in query["bindings"].items()}
        text, cap = query["sparql"], self.plan["cap"]

        def run() -> bytes:
            signal.signal(signal.SIGALRM, self._ring)
            signal.setitimer(signal.ITIMER_REAL, cap)
            try:
                return self.dataset.query(text, initBindings=init).serialize(format="json")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        return run

    @staticmethod
    def _ring(signum, frame) -> None:
        raise AlarmTimeout()


class VirtuosoTimeout(Exception):
    """Virtuoso stopped the query at its ``timeout`` (answer marked ``S1TAT``), or the socket gave up."""


class Virtuoso:
    """Virtuoso's own ``/sparql``, told the cap as its ``timeout`` so that it stops working too.

    Asked by POST, as ``cxkg serve`` asks it: with the dataset's graphs, a GET's URL
    grows past what Virtuoso reads whole (cq21 lost rows at 100 graphs).
    """

    Timeout = VirtuosoTimeout

    def __init__(self, plan: dict) -> None:
        self.plan = plan
        url = urlsplit(plan["sparql_url"])
        self.host, self.port, self.path = url.hostname, url.port or 80, url.path
        self.conn: http.client.HTTPConnection | None = None

    def load(self) -> int:
        raise NotImplementedError("the suite loads Virtuoso through cxkg.store.virtuoso")

    def open(self) -> None:
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.plan["cap"] + 5)
        self.dataset = dataset_of(self.plan["sparql_url"])

    def runner(self, query: dict) -> Callable[[], bytes]:
        """The catalogue text with its bindings in a ``VALUES`` block, as ``cxkg serve`` over Virtuoso sends it."""
        text = bind_values(query["sparql"], {name: term_of(value) for name, value in query["bindings"].items()})
        form = urlencode({"query": text, "timeout": int(self.plan["cap"] * 1000)}) + "&" + self.dataset(text)
        return lambda: self.post(form)

    def post(self, form: str, retry: bool = True) -> bytes:
        try:
            self.conn.request("POST", self.path, form, headers={"Accept": JSON_TYPE, "Content-Type": FORM_TYPE})
            response = self.conn.getresponse()
            body = response.read()
        except socket.timeout:
            self.open()
            raise VirtuosoTimeout() from None
        except (http.client.HTTPException, ConnectionError):
            self.conn.close()
            if not retry:
                raise
            return self.post(form, retry=False)  # a keep-alive connection the server closed
        if response.getheader("X-SQL-State", "").strip() == "S1TAT":
            raise VirtuosoTimeout()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:300].decode('utf-8', 'replace')}")
        return body


ENGINES = {"oxigraph": Oxigraph, "rdflib": Rdflib, "virtuoso": Virtuoso}
