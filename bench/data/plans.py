"""The queries each store runs: the catalogue with its parameters bound.

On the corpus graph the catalogue's own defaults are bound (``cxkg.queries.run.bind``);
on a synthetic graph, whose concepts have other names, each parameter takes the
value the generator chose from its data (see :func:`cxkg.bench.data.synth.params`).
"""

from __future__ import annotations

import pyoxigraph as ox

from cxkg.bench.data.synth import param_value
from cxkg.queries.catalogue import load_catalogue
from cxkg.queries.run import bind


def term_json(term: ox.NamedNode | ox.Literal) -> dict:
    kind = "iri" if isinstance(term, ox.NamedNode) else "literal"
    return {"type": kind, "value": term.value}


def corpus_queries(store) -> list[dict]:
    """The catalogue with its default parameters, resolved on the corpus graph."""
    return [
        {"id": q.id, "sparql": q.sparql, "bindings": {k: term_json(v) for k, v in bind(q, {}, store).items()}}
        for q in load_catalogue().values()
    ]


def synthetic_queries(manifest: dict) -> list[dict]:
    """The catalogue with the generated graph's parameter values."""
    queries = []
    for q in load_catalogue().values():
        bindings = {}
        for p in q.params:
            value = param_value(manifest, q.id, p.name)
            if value is not None:
                bindings[p.name] = {"type": "iri" if "://" in value else "literal", "value": value}
        queries.append({"id": q.id, "sparql": q.sparql, "bindings": bindings})
    return queries


def api_params(query: dict) -> dict[str, str]:
    """The query string that asks ``/api/queries/<id>`` for the same bindings."""
    return {name: term["value"] for name, term in query["bindings"].items()}
