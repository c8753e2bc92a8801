"""Run SPARQL against the store: catalogue queries with bound parameters, or any text.

Results are written by pyoxigraph's own serialisers (SPARQL JSON, XML, CSV,
TSV for solutions; RDF formats for graphs), plus a plain-text table for people.
"""

from __future__ import annotations

import pyoxigraph as ox

from cxkg.store.engine import RESULT_FORMATS
from cxkg.namespaces import PREFIXES
from cxkg.store.embedded import RDF_FORMATS, GraphStore
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


def run_catalogue_query(query: CatalogueQuery, values: dict[str, str], store: GraphStore):
    """Run a catalogue query with its parameters bound."""
    return store.query(query.sparql, bind(query, values, store))


def short(term) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    return term.value


def table(solutions) -> str:
    """SELECT solutions as an aligned text table; ASK as yes/no."""
    if isinstance(solutions, ox.QueryBoolean):
        return "yes" if bool(solutions) else "no"
    names = [v.value for v in solutions.variables]
    rows = [[short(row[n]) for n in names] for row in solutions]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    cut = lambda text, w: text if len(text) <= w else text[: w - 1] + "…"  # noqa: E731
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(cut(v, w).ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def serialize(result, fmt: str) -> bytes:
    """Solutions in a results format, or a graph in an RDF format.

    :raises ValueError: when the format does not fit the kind of result.
    """
    if isinstance(result, ox.QueryTriples):
        if fmt not in RDF_FORMATS:
            raise ValueError(f"a graph result cannot be written as {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
        return result.serialize(format=RDF_FORMATS[fmt])
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"solutions cannot be written as {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    return result.serialize(format=RESULT_FORMATS[fmt])


__all__ = ["UnknownValue", "bind", "run_catalogue_query", "serialize", "table", "RESULT_FORMATS"]
