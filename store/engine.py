"""Run one SPARQL request on a pyoxigraph store, within a result-size limit.

This is the code a sandbox process runs (see :mod:`cxkg.store.processes`): it
imports nothing but pyoxigraph, so a process started for it is small and quick
to replace when a query overruns its time. Answers are bytes already written
in the requested format, so the web layer passes them on untouched.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"), ox.NamedNode("http://e/g")))
>>> answer = execute(store, Request("query", "SELECT ?o WHERE { ?s ?p ?o }", format="json"), limit=10)
>>> answer.kind, answer.body
('solutions', b'{"head":{"vars":["o"]},"results":{"bindings":[{"o":{"type":"literal","value":"x"}}]}}')
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from cxkg.store import guard
from cxkg.store.embedded import RDF_FORMATS

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: RDF formats for CONSTRUCT and DESCRIBE answers (the store's own table).
GRAPH_FORMATS = RDF_FORMATS
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Request:
    """One SPARQL operation and how to answer it.

    ``default_graphs``/``named_graphs`` are the protocol's dataset (``None``: the
    service's own, whose default graph is the union of the named graphs).
    ``format`` is a key of :data:`RESULT_FORMATS` (for SELECT and ASK) and
    ``graph_format`` of :data:`GRAPH_FORMATS` (for CONSTRUCT and DESCRIBE).
    """

    operation: str  # "query", "update", or "graphs" (list the named graphs)
    text: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    format: str = "json"
    graph_format: str = "nt"
    base_iri: str | None = None
    bindings: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """``kind`` is ``solutions``, ``boolean``, ``graph``, ``update`` or ``graphs``."""

    kind: str
    body: bytes = b""
    format: str = ""


class TooLarge(Exception):
    """The result has more rows (or triples) than the limit allows."""


def execute(store: ox.Store, request: Request, limit: int) -> Answer:
    """Run ``request`` on ``store``.

    :raises SyntaxError: the text does not parse (the parser's message).
    :raises TooLarge: the result has more than ``limit`` rows or triples.
    :raises OSError: the store cannot be read or written.
    :raises guard.Refused: the text asks for a remote service, a fetch, or a
        ``FROM`` graph the store does not hold (unless a protocol dataset
        replaces the query's ``FROM``: then nothing is fetched).
    """
    if request.operation == "graphs":
        names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
        return Answer("graphs", "\n".join(names).encode("utf-8"))
    if request.operation == "update":
        guard.check(request.text)
        store.update(request.text, base_iri=request.base_iri)
        return Answer("update")
    own = request.default_graphs is None and request.named_graphs is None
    guard.check(request.text, graphs=(g.value for g in store.named_graphs()) if own else None)
    result = store.query(request.text, base_iri=request.base_iri, **dataset(request))
    if isinstance(result, ox.QueryBoolean):
        return Answer("boolean", write_boolean(bool(result), request.format), request.format)
    if isinstance(result, ox.QueryTriples):
        triples = bounded(result, limit)
        body = ox.serialize(triples, format=GRAPH_FORMATS[request.graph_format])
        return Answer("graph", body, request.graph_format)
    names = [v.value for v in result.variables]
    rows = bounded(result, limit)
    return Answer("solutions", write_solutions(names, rows, request.format), request.format)


def dataset(request: Request) -> dict:
    """pyoxigraph's dataset arguments for a request.

    A protocol dataset replaces the query's ``FROM``/``FROM NAMED`` entirely:
    given only ``default-graph-uri``, there are no named graphs, and given only
    ``named-graph-uri``, the default graph is empty (SPARQL 1.1 Protocol 2.1.4).
    """
    options: dict = {}
    if request.bindings:
        options["substitutions"] = {ox.Variable(k): v for k, v in request.bindings.items()}
    if request.default_graphs is None and request.named_graphs is None:
        # the query's own FROM / FROM NAMED, else the union of the named graphs
        options["use_default_graph_as_union"] = not guard.dataset_iris(request.text)
        return options
    options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs or ()]
    options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs or ()]
    return options


def bounded(results, limit: int) -> list:
    """At most ``limit`` items of a lazy result; stops the engine past it."""
    items = list(islice(results, limit + 1))
    if len(items) > limit:
        raise TooLarge(f"the result has more than {limit} rows; the limit is {limit}")
    return items


def term_json(term) -> dict:
    """A term in the SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {k: term_json(getattr(term, k)) for k in ("subject", "predicate", "object")},
    }


def write_solutions(names: list[str], rows: list, fmt: str) -> bytes:
    """Solutions in ``fmt``: JSON written here, the others by pyoxigraph from it."""
    bindings = [{n: term_json(row[n]) for n in names if row[n] is not None} for row in rows]
    body = json.dumps(
        {"head": {"vars": names}, "results": {"bindings": bindings}},
        ensure_ascii=False, separators=(",", ":"),
    ).encode("utf-8")
    return body if fmt == "json" else convert(body, fmt)


def write_boolean(value: bool, fmt: str) -> bytes:
    body = json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    return body if fmt == "json" else convert(body, fmt)


def convert(json_body: bytes, fmt: str) -> bytes:
    """Re-write SPARQL JSON results in another results format."""
    parsed = ox.parse_query_results(json_body, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=RESULT_FORMATS[fmt])
