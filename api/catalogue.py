"""/api/queries: the catalogue of competency questions, and each one run.

A run answers like ``/sparql`` (SPARQL JSON, XML, CSV or TSV, negotiated or
``?format=``), so any SPARQL client reads it. Parameters come as query-string
arguments; each is resolved (IRI, slug, notation or label, ignoring case and
accents) and bound to its variable, never pasted into the query text.
"""

from __future__ import annotations

import difflib

from flask import Blueprint, Response, jsonify, request, url_for

from cxkg.api import negotiation
from cxkg.api.errors import ApiError
from cxkg.api.backend import get_names, get_store
from cxkg.store.engine import Request
from cxkg.store.prebind import write_in
from cxkg.queries.catalogue import CatalogueQuery, load_catalogue
from cxkg.queries.run import bind

bp = Blueprint("catalogue", __name__)

#: Query-string arguments that steer the answer rather than fill a parameter.
RESERVED = frozenset({"format"})


@bp.get("/api/queries")
def listing() -> Response:
    """Every query: id, title and question (fr, en), parameters, SPARQL text."""
    return jsonify({"queries": [describe(q) for q in load_catalogue().values()]})


def describe(query: CatalogueQuery) -> dict:
    """A query as the catalogue lists it, with an example value for each parameter."""
    entry = query.to_dict()
    for param in entry["parameters"]:
        param["example"] = param["default"]
    entry["url"] = url_for("catalogue.run", qid=query.id, _external=True)
    return entry


@bp.get("/api/queries/<qid>")
def run(qid: str) -> Response:
    """Run one query with the parameters given (the defaults for the others)."""
    query = find(qid)
    fmt = negotiation.choose(negotiation.RESULT_TYPES)
    store = get_store()
    text = write_in(query.sparql, bind(query, values(query), store, get_names))
    answer = store.execute(Request("query", text, format=fmt))
    response = Response(answer.body, content_type=negotiation.media_type(answer.format or fmt))
    response.vary.add("Accept")
    return response


def find(qid: str) -> CatalogueQuery:
    """The catalogue query ``qid``.

    :raises ApiError: 404 with the closest ids when there is none.
    """
    catalogue = load_catalogue()
    if qid in catalogue:
        return catalogue[qid]
    close = difflib.get_close_matches(qid.lower(), list(catalogue), n=3, cutoff=0.6)
    raise ApiError(404, "unknown-query", f"no query {qid!r} in the catalogue; the list is at /api/queries",
                   suggestions=close)


def values(query: CatalogueQuery) -> dict[str, str]:
    """The parameter values of the request, checked against what the query declares.

    :raises ApiError: 400 for an undeclared or repeated parameter.
    """
    declared = [p.name for p in query.params]
    given = {}
    for name in request.args:
        if name in RESERVED:
            continue
        if name not in declared:
            takes = ", ".join(declared) or "no parameter"
            raise ApiError(400, "unknown-parameter", f"{query.id} has no parameter {name!r}; it takes: {takes}",
                           param=name, parameters=declared)
        if len(request.args.getlist(name)) > 1:
            raise ApiError(400, "repeated-parameter", f"parameter {name!r} is given more than once", param=name)
        given[name] = request.args[name]
    return given
