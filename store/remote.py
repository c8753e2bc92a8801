"""The graph in a remote SPARQL 1.1 store (Virtuoso), with the embedded store's semantics.

:class:`RemoteStore` is a :class:`~cxkg.store.embedded.GraphStore` and answers
``execute``/``query``/``select`` as :class:`~cxkg.store.processes.Sandbox` does, so
the build, the catalogue and the web service run on it unchanged. What makes
its answers the same as the embedded store's:

- **Dataset.** Virtuoso's default graph is every graph it holds, its own
  system graphs included, and several ``default-graph-uri`` are read as a
  multiset (a triple held by two graphs matches twice). So ``cxkg build``
  pushes the set union of the project's graphs as one more graph,
  :attr:`RemoteStore.default_graph` (a URN, outside ``<base>graph/``, so never listed),
  and each request names it as ``default-graph-uri`` and the project's graphs
  (those under ``<base>graph/``) as ``named-graph-uri`` when the query has a
  ``GRAPH`` pattern (or is a ``DESCRIBE``): the default graph is a set, as on
  the embedded store, and ``GRAPH ?g`` sees only the project's graphs.
  Virtuoso echoes each graph sent as a header of its answer, so a query that
  reads no named graph does not send them, and the client accepts as many
  headers as the graphs it sent. A store pushed without the union graph is
  read through the project's graphs as default graph (a multiset). A
  protocol dataset, or the query's own ``FROM``/``FROM NAMED``, is sent instead; an empty list is sent as a graph
  that holds nothing, since Virtuoso reads "none" as "all".
- **Terms.** Results are fetched as SPARQL JSON (N-Triples for graphs) and
  turned into pyoxigraph terms; Virtuoso's ``nodeID://`` blank nodes lose the
  scheme; boolean values, which Virtuoso writes as 1 and 0, are given back as
  ``xsd:boolean``; rows Virtuoso repeats in a ``SELECT DISTINCT`` are
  dropped. ``/sparql`` answers are then written by pyoxigraph exactly as the
  embedded store's are.
- **Streaming.** :meth:`RemoteStore.stream` passes a SELECT's SPARQL JSON on
  as Virtuoso writes it, mended and counted on the way
  (:mod:`cxkg.store.remote_stream`), when no row needs reading: the client
  asked for SPARQL JSON, and no column is a boolean and no ``DISTINCT`` row
  may repeat. Every other answer is read and written again.
- **Limits.** The time limit goes to Virtuoso as its ``timeout`` parameter (it
  stops the work there) and bounds the HTTP wait; the result-size limit goes
  as ``maxrows`` (limit + 1), and a result cut by Virtuoso's own cap
  (``X-SPARQL-MaxRows``) is never passed off as whole.
- **Refusals.** :func:`cxkg.store.guard.check` runs before anything is sent.

Known differences (Virtuoso 7.2.5): a graph that holds no triple does not
exist (the embedded store keeps empty graphs); ``GRAPH ?g {}`` with an empty
pattern matches nothing; ``GROUP_CONCAT`` drops the language tag its parts
share; a transitive path with both ends unbound is a compile error; ``DROP
GRAPH`` needs ``SILENT``; some queries are answered wrongly (cq13: UNION,
``BIND(EXISTS)`` and three ``OPTIONAL`` under ``GROUP BY`` give every group one
``?thing``; ``rdf:type/rdfs:subClassOf*`` in ``FILTER NOT EXISTS`` misses
matches, so ``cxkg check`` validates a copy in pyoxigraph); a ``CONSTRUCT``
cut by ``ResultSetMaxRows`` cannot be told from a whole one (keep it above the
result limit, as :mod:`cxkg.store.virtuoso` does); ``DESCRIBE`` is Virtuoso's.
"""

from __future__ import annotations

from pathlib import Path
from collections import defaultdict
from functools import lru_cache
from typing import Iterable, Iterator, Mapping
from urllib.parse import quote

import pyoxigraph as ox

from cxkg.store import guard
from cxkg.config import Settings
from cxkg.store.engine import Answer, Request, TooLarge, write_boolean, write_solutions
from cxkg.store.remote_http import N_TRIPLES, Call, Endpoints, encoded_dataset, params
from cxkg.store.remote_results import read_solutions, read_triples
from cxkg.store.remote_cache import Recent
from cxkg.store.remote_stream import check_head, passed_on
from cxkg.store.remote_text import bind_values, boolean_variables, distinct, with_base
from cxkg.store.interface import Boolean, Result, Selecting, Solutions, StoreError, Term, Triples
from cxkg.store.formats import FORMATS, serialize

QUERY_DIR = Path(__file__).resolve().parent / "remote-queries"
#: A graph IRI that holds nothing: how an empty graph list is said to Virtuoso.
NO_GRAPH = "urn:x-cxkg:no-graph"
#: The IRI of the graph holding the default graph of the project whose graphs
#: start with a namespace is this, then the namespace percent-encoded.
DEFAULT_GRAPH_PREFIX = "urn:x-cxkg:default-graph:"
#: Seconds the list of the project's graphs is reused before it is asked again.
GRAPHS_TTL = 5.0


@lru_cache(maxsize=None)
def own_query(name: str) -> str:
    """One of the store's own queries, ``store/remote-queries/<name>.rq``."""
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def sent(dataset: tuple | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The graphs a dataset is sent as: an empty list as a graph that holds nothing, since
    Virtuoso reads "none" as "all"; ``None`` (Virtuoso's own dataset, every graph) as nothing."""
    return ((), ()) if dataset is None else tuple(tuple(g) or (NO_GRAPH,) for g in dataset)


class RemoteStore(Selecting):
    """A store behind a SPARQL 1.1 endpoint.

    :param query_url: the SPARQL endpoint, e.g. ``http://127.0.0.1:8890/sparql``.
    :param namespace: the IRI every project graph starts with.
    :param timeout: seconds a query may run (``None``: no limit).
    :param limit: the most rows or triples a query may return (``None``: no limit).
    :param result_bytes: the most bytes a streamed answer may hold (``None``: no limit).
    :param connections: connections kept open to the endpoint (see :class:`Endpoints`).
    :raises StoreError: (on use) when the endpoint cannot be reached.

    >>> store = RemoteStore("http://127.0.0.1:9/sparql", namespace="https://w3id.org/cxkg/id/graph/")
    >>> try:
    ...     store.select("SELECT * WHERE { ?s ?p ?o }")
    ... except StoreError as error:
    ...     print(error)
    the remote store at http://127.0.0.1:9/sparql is unreachable: [Errno 111] Connection refused
    """

    def __init__(self, query_url: str, *, namespace: str, update_url: str | None = None,
                 graph_url: str | None = None, user: str | None = None, password: str | None = None,
                 timeout: float | None = None, limit: int | None = None,
                 result_bytes: int | None = None, connections: int = 4) -> None:
        self.url, self.namespace, self.timeout, self.limit = query_url, namespace, timeout, limit
        self.result_bytes = result_bytes
        self.endpoints = Endpoints(query_url, update_url or query_url, graph_url or query_url, user, password,
                                   connections)
        self._graphs = Recent(GRAPHS_TTL, self._read_graphs)
        self._generation = Recent(GRAPHS_TTL, self._read_generation)
        #: the graph that holds the set union of the project's graphs (see the module's docstring)
        self.default_graph = DEFAULT_GRAPH_PREFIX + quote(namespace, safe="")
        self._union = False

    @classmethod
    def from_settings(cls, settings: Settings, timeout: float | None = None, limit: int | None = None,
                      result_bytes: int | None = None) -> "RemoteStore":
        """The remote store ``settings.store`` names, with its update and GSP URLs and user."""
        return cls(settings.store, namespace=settings.graph_namespace, update_url=settings.update_url,
                   graph_url=settings.graph_store_url, user=settings.store_user,
                   password=settings.store_password, timeout=timeout, limit=limit, result_bytes=result_bytes,
                   connections=settings.store_connections)

    # -- the Sandbox interface: execute, query, select ---------------------------------

    def execute(self, request: Request) -> Answer:
        """Answer ``request`` as the embedded store would.

        :raises QueryStopped: past the time limit (Virtuoso stops the query too).
        :raises TooLarge: past the result-size limit.
        :raises SyntaxError: for text the server does not parse (its message).
        :raises guard.Refused: for SERVICE, LOAD or a ``FROM`` graph not in the dataset.
        :raises StoreError: when the store cannot be reached or fails.
        """
        if request.operation == "update":
            guard.check(request.text)
            response = self.endpoints.send(Call(with_base(request.text, request.base_iri), "INSERT"), self.timeout)
            response.close()
            self.forget()
            return Answer("update")
        kind, value = self._run(request, self.limit)
        if kind == "graph":
            body = ox.serialize(value, format=FORMATS[request.graph_format].engine)
            return Answer("graph", body, request.graph_format)
        if kind == "boolean":
            return Answer("boolean", write_boolean(value, request.format), request.format)
        names, rows = value
        return Answer("solutions", write_solutions(names, rows, request.format), request.format)

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Result:
        """The typed result of a query, as the embedded store gives it."""
        kind, value = self._run(Request("query", sparql, bindings=dict(bindings or {})), self.limit)
        if kind == "graph":
            return Triples(tuple(value))
        if kind == "boolean":
            return Boolean(bool(value))
        names, rows = value
        return Solutions(tuple(names), tuple({n: row[n] for n in names if row[n] is not None} for row in rows))

    def stream(self, request: Request) -> Answer:
        """Answer ``request`` as :meth:`execute` does, its body an iterator of bytes
        when the store's own answer can be passed on (see the module's docstring).

        :raises TooLarge: before the first byte, when the store says the answer is
            past a limit; while streaming, should it pass one unannounced (the answer is cut).
        """
        form = guard.query_form(request.text) or "SELECT"
        if (request.operation != "query" or form != "SELECT" or request.format != "json"
                or boolean_variables(request.text) or distinct(request.text)):
            return self.execute(request)
        text, dataset = self._prepare(request)
        response = self._send(text, form, dataset, self.limit, "application/sparql-results+json")
        try:
            check_head(response.headers, self.limit, self.result_bytes)
        except TooLarge:
            response.close()
            raise
        return Answer("solutions", passed_on(response, self.limit, self.result_bytes), "json")

    def _prepare(self, request: Request) -> tuple[str, tuple]:
        """The text to send (values bound, base set) and its dataset, once the text is checked.

        :raises guard.Refused: before anything is sent, even the request for the graphs' names.
        """
        guard.check(request.text)  # SERVICE, LOAD, nesting: before anything is sent, even the graphs' names
        graphs = self.project_graphs()
        guard.check(request.text, graphs=graphs)
        text = with_base(bind_values(request.text, request.bindings), request.base_iri)
        if request.default_graphs is not None or request.named_graphs is not None:
            dataset = (request.default_graphs or (), request.named_graphs or ())
        elif guard.dataset_iris(request.text):  # the query's own FROM / FROM NAMED
            dataset = guard.dataset_clauses(request.text)
        else:  # named graphs only where the query reads them: Virtuoso echoes each one in a header
            dataset = ((self.default_graph,) if self._union else graphs, graphs if guard.reads_named_graphs(request.text) else ())
        return text, dataset

    def dataset_params(self, text: str) -> str:
        """The dataset this store sends with ``text``, form-encoded: to ask the
        endpoint itself the very question the service asks (the benchmark does)."""
        return encoded_dataset(*sent(self._prepare(Request("query", text))[1]))

    def _run(self, request: Request, limit: int | None):
        text, dataset = self._prepare(request)
        form = guard.query_form(request.text) or "SELECT"
        if form in ("CONSTRUCT", "DESCRIBE"):
            return "graph", self._triples(text, form, dataset, limit)
        return self._solutions(text, form, dataset, limit, boolean_variables(request.text), distinct(request.text))

    # -- talking to the endpoint ---------------------------------------------------------

    def _send(self, text: str, form: str, dataset, limit: int | None, accept: str):
        """Send a query over ``dataset`` (default, named); ``None``: Virtuoso's own (every graph)."""
        default, named = sent(dataset)
        timeout_ms = int(self.timeout * 1000) if self.timeout else None
        extra = params([("timeout", timeout_ms), ("maxrows", None if limit is None else limit + 1)])
        return self.endpoints.send(Call(text, form, default, named, extra, accept), self.timeout)

    def _solutions(self, text: str, form: str, dataset, limit: int | None, booleans=frozenset(), unique=False):
        response = self._send(text, form, dataset, limit, "application/sparql-results+json")
        return read_solutions(response, limit, booleans, self.timeout, unique)

    def _triples(self, text: str, form: str, dataset, limit: int | None) -> list[ox.Triple]:
        return read_triples(self._send(text, form, dataset, limit, N_TRIPLES), limit, self.timeout)

    def _internal(self, name: str, bindings: Mapping[str, Term], named: Iterable[str] | None = None) -> list[dict]:
        """Rows of one of the store's own queries, without limits, over ``named`` graphs."""
        graphs = tuple(self.project_graphs() if named is None else named)
        text = bind_values(own_query(name), bindings)
        names, rows = self._solutions(text, "SELECT", (graphs, graphs), None)[1]
        return [{n: row[n] for n in names if row[n] is not None} for row in rows]

    # -- the GraphStore interface --------------------------------------------------------

    def project_graphs(self, fresh: bool = False) -> tuple[str, ...]:
        """The IRIs of the project's graphs in the store (reused for :data:`GRAPHS_TTL` s)."""
        return self._graphs.get(fresh)

    def _read_graphs(self) -> tuple[str, ...]:
        text = bind_values(own_query("graphs"), {"namespace": ox.Literal(self.namespace)})
        names, rows = self._solutions(text, "SELECT", None, None)[1]  # over every graph
        holds = bind_values(own_query("holds"), {"graph": ox.NamedNode(self.default_graph)})
        self._union = bool(self._solutions(holds, "ASK", None, None)[1])
        return tuple(row["g"].value for row in rows)

    def forget(self) -> None:
        """Ask for the graphs and their sizes again (after a write through this store)."""
        self._graphs.forget()
        self._generation.forget()

    def graphs(self) -> list[ox.NamedNode]:
        return [ox.NamedNode(g) for g in self.project_graphs(fresh=True)]

    def generation(self) -> tuple:
        """A token that changes when the project's graphs change: each graph and its size.

        A remote store says nothing of when it was written, so this is what
        caches keyed on the data (dumps, parameter names, ETags) compare. Counting
        every graph costs more than a light query, so the answer is reused for
        :data:`GRAPHS_TTL` s and then read again behind the requests
        (:class:`~cxkg.store.remote_cache.Recent`): another writer's change shows
        within that time and one read.
        """
        return self._generation.get()

    def _read_generation(self) -> tuple:
        return tuple(sorted((row["g"].value, row["triples"].value) for row in self._internal("count", {})))

    def count(self, graph: ox.NamedNode | None = None) -> int:
        named = None if graph is None else (graph.value,)
        return sum(int(row["triples"].value) for row in self._internal("count", {}, named))

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        named = None if graph is None else (graph.value,)
        for row in self._internal("quads", {}, named):
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def instances(self, cls: ox.NamedNode) -> set:
        """The resources typed ``cls`` in any of the project's graphs."""
        return {row["resource"] for row in self._internal("instances", {"class": cls})}

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Replace one graph in one Graph Store Protocol ``PUT`` (atomic on Virtuoso)."""
        triples = [quad.triple for quad in quads]
        if triples:
            self.endpoints.put(graph.value, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        else:
            self.endpoints.delete(graph.value)
        self.forget()

    def put_default_graph(self, triples: Iterable[ox.Triple]) -> None:
        """Replace :attr:`default_graph` by ``triples``, the set union of the project's graphs
        (one Graph Store Protocol ``PUT``, so readers see the old union or the new)."""
        body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
        self.endpoints.put(self.default_graph, body) if body else self.endpoints.delete(self.default_graph)
        self.forget()

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self.endpoints.delete(graph.value)
        self.forget()

    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads, one Graph Store Protocol ``POST`` per graph.

        :raises StoreError: for a quad in the default graph (the project keeps none there).
        """
        by_graph: dict[str, list[ox.Triple]] = defaultdict(list)
        for quad in quads:
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise StoreError("a remote store takes quads of named graphs only")
            by_graph[quad.graph_name.value].append(quad.triple)
        for graph, triples in by_graph.items():
            self.endpoints.post(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        self.forget()

    def dump(self, output, fmt: str, graph: ox.NamedNode | None = None) -> None:
        """Write the project's graphs (or one graph) as :meth:`OxigraphStore.dump` does."""
        quads = self.quads(graph)
        serialize(quads if graph is None else (q.triple for q in quads), fmt, output)

    def flush(self) -> None:
        """Nothing to do: every write is committed by the server when it answers."""

    def close(self) -> None:
        """Close the connections kept open to the store."""
        self.endpoints.close()

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

