"""The queries each store runs: the catalogue with its parameters bound.

On the corpus graph the catalogue's own defaults are bound (``cxkg.queries.run.bind``);
on a synthetic graph, whose concepts have other names, each parameter takes the
value the generator chose from its data (see :func:`cxkg.bench.data.synth.params`).

Each query is planned once, with its bindings written into its text as constants
(``written_in``, :func:`cxkg.store.prebind.write_in`), as the embedded store runs
a catalogue query: pyoxigraph and the HTTP endpoints on it are asked that text.
A remote store binds them otherwise (:mod:`cxkg.bench.load.engines`).
"""

from __future__ import annotations

import pyoxigraph as ox

from cxkg.bench.data.synth import param_value
from cxkg.queries.catalogue import CatalogueQuery, load_catalogue
from cxkg.queries.run import bind
from cxkg.store.prebind import write_in


def term_json(term: ox.NamedNode | ox.Literal) -> dict:
    kind = "iri" if isinstance(term, ox.NamedNode) else "literal"
    return {"type": kind, "value": term.value}


def term_of(value: dict) -> ox.NamedNode | ox.Literal:
    """The term :func:`term_json` wrote."""
    return ox.NamedNode(value["value"]) if value["type"] == "iri" else ox.Literal(value["value"])


def planned(query: CatalogueQuery, bindings: dict[str, ox.NamedNode | ox.Literal]) -> dict:
    """A query as the workers and the HTTP bench take it: its text, its bindings and the two written together."""
    return {"id": query.id, "sparql": query.sparql, "bindings": {k: term_json(v) for k, v in bindings.items()},
            "written_in": write_in(query.sparql, bindings)}


def corpus_queries(store) -> list[dict]:
    """The catalogue with its default parameters, resolved on the corpus graph."""
    return [planned(q, bind(q, {}, store)) for q in load_catalogue().values()]


def synthetic_queries(manifest: dict) -> list[dict]:
    """The catalogue with the generated graph's parameter values."""
    queries = []
    for q in load_catalogue().values():
        bindings = {}
        for p in q.params:
            value = param_value(manifest, q.id, p.name)
            if value is not None:
                bindings[p.name] = ox.NamedNode(value) if "://" in value else ox.Literal(value)
        queries.append(planned(q, bindings))
    return queries


def api_params(query: dict) -> dict[str, str]:
    """The query string that asks ``/api/queries/<id>`` for the same bindings."""
    return {name: term["value"] for name, term in query["bindings"].items()}
