"""Read a remote store's answers into pyoxigraph terms, within the result-size limit.

Solutions come as SPARQL JSON and are decoded here rather than by pyoxigraph's
parser, which rejects Virtuoso's blank nodes (``nodeID://b123``); booleans that
Virtuoso wrote as 1 and 0 are put back as ``xsd:boolean`` for the variables
the caller names. Graphs come as N-Triples and are read lazily, so reading
stops one triple past the limit.

>>> value({"x": {"type": "bnode", "value": "nodeID://b10004"}}, "x")
<BlankNode value=b10004>
>>> value({"x": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}}, "x", boolean=True)
<Literal value=true datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#boolean>>
>>> value({"x": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "0"}}, "x")
<Literal value=false datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#boolean>>
"""

from __future__ import annotations

import json
import socket
from hashlib import sha1
from itertools import islice

import pyoxigraph as ox

from cxkg.store.engine import TooLarge
from cxkg.store.processes import QueryStopped
from cxkg.namespaces import XSD
from cxkg.store.interface import StoreError, Term

XSD_INTEGER, XSD_BOOLEAN = str(XSD.integer), str(XSD.boolean)
BOOLEANS = {"1": ox.Literal(True), "0": ox.Literal(False)}
#: Virtuoso's header saying it cut a result at its ``maxrows`` or ``ResultSetMaxRows``.
CUT = "X-SPARQL-MaxRows"


def read_solutions(response, limit: int | None, booleans=frozenset(), timeout: float | None = None,
                   distinct: bool = False):
    """``("boolean", bool)`` or ``("solutions", (names, rows))`` from a SPARQL JSON answer.

    Each row maps every variable to its term or ``None``; with ``distinct``,
    a row equal to an earlier one is dropped (Virtuoso may repeat rows of a
    ``SELECT DISTINCT`` whose variables are not all bound).

    :raises TooLarge: for more than ``limit`` rows (or a result the server cut).
    :raises StoreError: for a result the server cut while no limit was asked,
        or a body that does not parse.
    """
    with response:
        data = guarded(lambda: json.load(response), timeout)
    if "boolean" in data:
        return "boolean", bool(data["boolean"])
    names = list(data["head"]["vars"])
    found = data["results"]["bindings"]
    cut = response.headers.get(CUT)
    if limit is not None and (len(found) > limit or cut):
        raise TooLarge(f"the result has more than {limit if len(found) > limit else cut} rows; the limit is {limit}")
    if cut:
        raise StoreError(f"the remote store cut a result at {cut} rows (Virtuoso's ResultSetMaxRows): raise it")
    rows = [{n: value(row, n, n in booleans) for n in names} for row in found]
    return "solutions", (names, unique(rows, names) if distinct else rows)


def unique(rows: list[dict], names: list[str]) -> list[dict]:
    """``rows`` without repeats, in their order."""
    seen, kept = set(), []
    for row in rows:
        key = tuple(row[n] for n in names)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def read_triples(response, limit: int | None, timeout: float | None = None) -> list[ox.Triple]:
    """The triples of an N-Triples answer, reading at most ``limit`` + 1.

    :raises TooLarge: for more than ``limit`` triples.
    """
    with response:
        quads = ox.parse(response, format=ox.RdfFormat.N_TRIPLES)
        found = guarded(lambda: list(quads if limit is None else islice(quads, limit + 1)), timeout)
    if limit is not None and len(found) > limit:
        raise TooLarge(f"the result has more than {limit} rows; the limit is {limit}")
    return [quad.triple for quad in found]


def guarded(read, timeout: float | None):
    """Run ``read``, turning a time-out or a broken body into the project's errors."""
    try:
        return read()
    except (socket.timeout, TimeoutError):
        raise QueryStopped(timeout or 0) from None
    except (ValueError, KeyError, SyntaxError, OSError) as error:
        raise StoreError(f"the remote store sent an answer that does not parse: {error}") from None


def value(row: dict, name: str, boolean: bool = False) -> Term | None:
    """The pyoxigraph term of one SPARQL JSON binding (``None`` when unbound)."""
    binding = row.get(name)
    if binding is None:
        return None
    kind, text = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(text)
    if kind == "bnode":
        return blank(text)
    if "xml:lang" in binding:
        return ox.Literal(text, language=binding["xml:lang"])
    datatype = binding.get("datatype")
    if text in BOOLEANS and (datatype == XSD_BOOLEAN or (boolean and datatype == XSD_INTEGER)):
        return BOOLEANS[text]  # Virtuoso writes true as 1: the canonical form, as pyoxigraph writes it
    return ox.Literal(text, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(text)


def blank(label: str) -> ox.BlankNode:
    """A blank node from Virtuoso's label (``nodeID://b123``), the same for the same label."""
    label = label.removeprefix("nodeID://")
    try:
        return ox.BlankNode(label)
    except ValueError:
        return ox.BlankNode("b" + sha1(label.encode("utf-8")).hexdigest())
