"""Run one SPARQL request on a pyoxigraph store, within limits of rows and bytes.

This is the code a sandbox process runs (see :mod:`cxkg.store.processes`): it
imports nothing but pyoxigraph, so a process started for it is small and quick
to replace when a query overruns its time. Answers are bytes already written
in the requested format, so the web layer passes them on untouched; they are
counted while written (:class:`Output`), so an answer past the byte limit is
refused before it is whole.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"), ox.NamedNode("http://e/g")))
>>> fill_default_graph(store)
>>> answer = execute(store, Request("query", "SELECT ?o WHERE { ?s ?p ?o }", format="json"), limit=10)
>>> answer.kind, answer.body
('solutions', b'{"head":{"vars":["o"]},"results":{"bindings":[{"o":{"type":"literal","value":"x"}}]}}')
>>> try:
...     execute(store, Request("query", "SELECT ?o WHERE { ?s ?p ?o }", format="xml"), limit=10, result_bytes=100)
... except TooLarge as refusal:
...     print(refusal)
the answer is larger than the limit of 100 bytes (CXKG_RESULT_BYTES)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import islice
from typing import Iterator

import pyoxigraph as ox

from cxkg.store import guard
from cxkg.store.default_graph import fill_default_graph, settle_after_update  # noqa: F401 (the doctest uses fill)
from cxkg.store.formats import FORMATS
from cxkg.store.prebind import write_in
from cxkg.store.row_count import RowCounter, TooManyRows

#: The one IRI the results writer needs; spelt out so that a query process
#: imports nothing but pyoxigraph (the vocabulary table loads rdflib).
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Request:
    """One SPARQL operation and how to answer it.

    ``default_graphs``/``named_graphs`` are the protocol's dataset (``None``: the
    service's own, whose default graph is the set union of the named graphs).
    ``format`` names a results format of :data:`~cxkg.store.formats.FORMATS` (for
    SELECT and ASK), ``graph_format`` an RDF one (for CONSTRUCT and DESCRIBE).
    """

    operation: str  # "query", "update", "graphs" (list the named graphs) or "probe" (see cxkg.store.child)
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


#: Update keywords after which the default graph is made again from the named graphs.
DELETING = ("DELETE", "DROP", "CLEAR", "MOVE", "COPY")


class TooLarge(Exception):
    """The result has more rows (or triples, or bytes) than the limits allow."""


def execute(store: ox.Store, request: Request, limit: int, result_bytes: int | None = None,
            union: bool = False) -> Answer:
    """Run ``request`` on ``store``.

    :param limit: the most rows (or triples) an answer may hold.
    :param result_bytes: the most bytes an answer may hold (``None``: no limit).
    :param union: the store has no default graph of its own (made before it
        held the union of the named graphs): read the union instead, as a
        multiset (see :mod:`cxkg.store.default_graph`).
    :raises SyntaxError: the text does not parse (the parser's message).
    :raises TooLarge: the result has more than ``limit`` rows or triples, or
        its answer more than ``result_bytes`` bytes.
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
        deleting = guard.has_keyword(request.text, DELETING)
        store.update(request.text, base_iri=request.base_iri)
        settle_after_update(store, deleting)
        return Answer("update")
    own = request.default_graphs is None and request.named_graphs is None
    guard.check(request.text, graphs=graph_names(store) if own else None)
    result = store.query(write_in(request.text, request.bindings), base_iri=request.base_iri, **dataset(request, union))
    if isinstance(result, ox.QueryBoolean):
        return Answer("boolean", write_boolean(bool(result), request.format), request.format)
    if isinstance(result, ox.QueryTriples):
        triples = bounded(result, limit)
        output = Output(result_bytes)
        ox.serialize(triples, output, format=FORMATS[request.graph_format].engine)
        return Answer("graph", output.getvalue(), request.graph_format)
    return Answer("solutions", stream_solutions(result, request.format, limit, result_bytes), request.format)


def graph_names(store: ox.Store) -> Iterator[str]:
    """The store's named graphs, read only if the ``FROM`` check needs them."""
    for graph in store.named_graphs():
        yield graph.value


def stream_solutions(result: ox.QuerySolutions, fmt: str, limit: int, result_bytes: int | None) -> bytes:
    """Solutions written by pyoxigraph in ``fmt``, rows and bytes counted as they pass.

    :raises TooLarge: past ``limit`` rows or ``result_bytes`` bytes.
    """
    counter = RowCounter(fmt, limit)
    output = Output(result_bytes, counter)
    try:
        result.serialize(output, format=FORMATS[fmt].engine)
        body = output.getvalue()
        counter.finish(body)
    except TooManyRows:
        raise TooLarge(too_many_rows(limit)) from None
    return body


def too_many_rows(limit: int) -> str:
    return f"the result has more than {limit} rows; the limit is {limit}"


def dataset(request: Request, union: bool = False) -> dict:
    """pyoxigraph's dataset arguments for a request.

    Without a protocol dataset, the query's own ``FROM``/``FROM NAMED`` apply,
    else the store's default graph: the set union of the named graphs (see
    :mod:`cxkg.store.default_graph`). A protocol dataset replaces the query's
    ``FROM``/``FROM NAMED`` entirely: given only ``default-graph-uri``, there
    are no named graphs, and given only ``named-graph-uri``, the default graph
    is empty (SPARQL 1.1 Protocol 2.1.4).
    """
    options: dict = {}
    if request.default_graphs is None and request.named_graphs is None:
        if union and not guard.dataset_iris(request.text):
            options["use_default_graph_as_union"] = True
        return options
    options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs or ()]
    options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs or ()]
    return options


def bounded(results, limit: int) -> list:
    """At most ``limit`` items of a lazy result; stops the engine past it."""
    items = list(islice(results, limit + 1))
    if len(items) > limit:
        raise TooLarge(too_many_rows(limit))
    return items


class Output:
    """Bytes written in memory, refused once past a limit (a file for pyoxigraph).

    >>> out = Output(8)
    >>> out.write(b"12345")
    5
    >>> try:
    ...     out.write(b"6789")
    ... except TooLarge as refusal:
    ...     print(refusal)
    the answer is larger than the limit of 8 bytes (CXKG_RESULT_BYTES)
    """

    def __init__(self, limit: int | None, rows: RowCounter | None = None) -> None:
        self.limit, self.size, self.parts, self.rows = limit, 0, [], rows

    def reserve(self, size: int) -> None:
        """Refuse now what would pass the limit once written (before writing it)."""
        if self.limit is not None and self.size + size > self.limit:
            raise TooLarge(f"the answer is larger than the limit of {size_text(self.limit)} (CXKG_RESULT_BYTES)")

    def write(self, data: bytes) -> int:
        self.reserve(len(data))
        data = bytes(data)
        if self.rows is not None:
            self.rows.feed(data)
        self.parts.append(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def size_text(size: int) -> str:
    """``size`` bytes for people, in the units of the settings (powers of 1024).

    >>> size_text(512 * 1024**2), size_text(64 * 1024), size_text(1000)
    ('512 MB', '64 KB', '1000 bytes')
    """
    for unit, name in ((1024**3, "GB"), (1024**2, "MB"), (1024, "KB")):
        if size >= unit and size % unit == 0:
            return f"{size // unit} {name}"
    return f"{size} bytes"


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


def write_solutions(names: list[str], rows: list, fmt: str, result_bytes: int | None = None) -> bytes:
    """Solutions given as rows (a remote store's) in ``fmt``: JSON written here row by row, the others by pyoxigraph from it.

    A row's values are measured before the row is written, so one huge value
    is refused without being copied into the answer.
    """
    output = Output(result_bytes)
    output.write(dumps({"head": {"vars": names}, "results": {"bindings": []}})[:-3])
    for index, row in enumerate(rows):
        binding = {n: term_json(row[n]) for n in names if row[n] is not None}
        output.reserve(sum(text_size(term) for term in binding.values()))
        output.write(b"," * (index > 0) + dumps(binding))
    output.write(b"]}}")
    body = output.getvalue()
    return body if fmt == "json" else convert(body, fmt, result_bytes)


def text_size(term: dict) -> int:
    """The characters of a term's values: at least the bytes it takes written."""
    value = term["value"]
    return len(value) if isinstance(value, str) else sum(text_size(part) for part in value.values())


def dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_boolean(value: bool, fmt: str) -> bytes:
    body = json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    return body if fmt == "json" else convert(body, fmt)


def convert(json_body: bytes, fmt: str, result_bytes: int | None = None) -> bytes:
    """Re-write SPARQL JSON results in another results format, within the byte limit."""
    parsed = ox.parse_query_results(json_body, format=ox.QueryResultsFormat.JSON)
    output = Output(result_bytes)
    parsed.serialize(output, format=FORMATS[fmt].engine)
    return output.getvalue()
