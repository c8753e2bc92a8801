"""Run SPARQL against the store: catalogue queries with bound parameters, or any text.

Results are typed (:mod:`cxkg.store.interface`) whichever store answers, and
written in the formats of :mod:`cxkg.store.formats` (results formats for
solutions and booleans, RDF formats for triples), or as a plain-text table.
"""

from __future__ import annotations

import pyoxigraph as ox

from cxkg.namespaces import prefixed
from cxkg.store.engine import write_boolean, write_solutions
from cxkg.store.formats import FORMATS, rdf_formats, result_formats, serialize as write_rdf
from cxkg.store.interface import Boolean, GraphStore, Result, Solutions, Triples
from cxkg.queries.catalogue import CatalogueQuery
from cxkg.queries.resolve import Names, UnknownValue, load_names



def bind(
    query: CatalogueQuery, values: dict[str, str], store: GraphStore, names_of=load_names
) -> dict[str, ox.NamedNode | ox.Literal]:
    """Resolve each parameter (given or default) to the term it names.

    ``names_of(store, kind)`` gives the :class:`Names` of a kind of resource;
    a long-running service passes a cached one.

    :raises UnknownValue: for a value that names nothing (with suggestions).
    :raises KeyError: for a parameter the query does not declare.
    """
    declared = {p.name: p for p in query.params}
    for name in values:
        if name not in declared:
            raise KeyError(f"{query.id} has no parameter {name!r}; it takes: {', '.join(declared) or 'none'}")
    names: dict[str, Names] = {}
    bindings = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is None:
            continue
        if param.kind == "string":
            bindings[param.name] = ox.Literal(value)
            continue
        if param.kind not in names:
            names[param.kind] = names_of(store, param.kind)
        bindings[param.name] = names[param.kind].resolve(value, param.name)
    return bindings


def run_catalogue_query(query: CatalogueQuery, values: dict[str, str], store: GraphStore) -> Result:
    """Run a catalogue query with its parameters bound: the embedded store writes them in as
    constants (see :mod:`cxkg.store.prebind`), a remote store as a ``VALUES`` block."""
    return store.query(query.sparql, bind(query, values, store))


def short(term) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        name = prefixed(term.value)
        return name if name != term.value else f"<{term.value}>"
    return term.value


def table(result: Result) -> str:
    """A result as an aligned text table: solutions as rows, triples as subject, predicate,
    object, a boolean as yes or no."""
    if isinstance(result, Boolean):
        return "yes" if result.value else "no"
    if isinstance(result, Triples):  # a graph has no order: sorted, so the same graph prints the same
        result = Solutions(("subject", "predicate", "object"), tuple(
            {"subject": t.subject, "predicate": t.predicate, "object": t.object} for t in sorted(result.triples, key=str)))
    names = list(result.variables)
    rows = [[short(row.get(n)) for n in names] for row in result.rows]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    cut = lambda text, w: text if len(text) <= w else text[: w - 1] + "…"  # noqa: E731
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(cut(v, w).ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def serialize(result: Result, fmt: str) -> bytes:
    """Solutions or a boolean in a results format, triples in an RDF format.

    :raises ValueError: when the format does not fit the kind of result.
    """
    kind = "rdf" if isinstance(result, Triples) else "results"
    if fmt not in FORMATS or FORMATS[fmt].kind != kind:
        fitting = rdf_formats() if kind == "rdf" else result_formats()
        what = "a graph result" if kind == "rdf" else "solutions"
        raise ValueError(f"{what} cannot be written as {fmt!r}; use one of {', '.join(f.name for f in fitting)}")
    if isinstance(result, Triples):
        return write_rdf(result.triples, fmt)
    if isinstance(result, Boolean):
        return write_boolean(result.value, fmt)
    rows = [{n: row.get(n) for n in result.variables} for row in result.rows]
    return write_solutions(list(result.variables), rows, fmt)


__all__ = ["UnknownValue", "bind", "run_catalogue_query", "serialize", "table"]
