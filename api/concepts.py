"""/api/concepts: the concepts of the scheme as JSON-LD.

The bodies are the dicts of :mod:`cxkg.queries.lookup` (what the HTML pages show),
with ``iri`` written ``@id`` and the project's context plus a few API terms
(Hydra paging) under ``@context``, so they read as plain JSON and as RDF.
"""

from __future__ import annotations

import difflib

from flask import Blueprint, Response, jsonify, request, url_for

from cxkg.api import negotiation
from cxkg.api.errors import ApiError
from cxkg.api.backend import get_store
from cxkg.namespaces import HYDRA
from cxkg.ontology.export import context
from cxkg.queries import lookup

bp = Blueprint("concepts", __name__)

#: The media types a resource is offered in; the body is the same JSON-LD.
JSON_TYPES = {"application/ld+json": "jsonld", "application/json": "json"}
MEDIA = {"jsonld": "application/ld+json", "json": "application/json"}
MAX_LIMIT = 200
#: Terms of the API's own keys, beside the project's context.
API_TERMS = {
    "hydra": str(HYDRA),
    "items": "hydra:member",
    "total": "hydra:totalItems",
    "next": {"@id": "hydra:next", "@type": "@id"},
    "prev": {"@id": "hydra:previous", "@type": "@id"},
    "label": {"@id": "skos:prefLabel", "@container": "@language"},
    "altLabels": {"@id": "skos:altLabel", "@container": "@language"},
    "types": {"@id": "rdf:type", "@type": "@id"},
}


def resource(value):
    """A view dict as JSON-LD: ``iri`` becomes ``@id``, ``id`` (an identifier) ``identifier``.

    >>> resource({"iri": "https://e/x", "id": "x", "items": [{"iri": "https://e/y"}]})
    {'@id': 'https://e/x', 'identifier': 'x', 'items': [{'@id': 'https://e/y'}]}
    """
    if isinstance(value, list):
        return [resource(v) for v in value]
    if not isinstance(value, dict):
        return value
    renamed = {"iri": "@id", "id": "identifier"}
    return {renamed.get(k, k): resource(v) for k, v in value.items() if not (k == "id" and "identifier" in value)}


def jsonld(body: dict) -> Response:
    """``body`` with the @context, as JSON-LD or JSON as the client asks."""
    fmt = negotiation.choose(JSON_TYPES)
    response = jsonify({"@context": [context(), API_TERMS], **resource(body)})
    response.content_type = MEDIA[fmt]
    response.vary.add("Accept")
    return response


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """An integer query-string argument within bounds.

    :raises ApiError: 400 when it is not an integer in ``[low, high]``.
    """
    raw = request.args.get(name, str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ApiError(400, "bad-parameter", f"{name} must be an integer from {low} to {high}, not {raw!r}", param=name)
    return value


def not_found(kind: str, value: str, known: list[str]) -> ApiError:
    """A 404 that names what was asked and suggests the closest known names."""
    close = difflib.get_close_matches(value, known, n=5, cutoff=0.6)
    return ApiError(404, "not-found", f"no {kind} {value!r}", param=kind, suggestions=close)


@bp.get("/api/concepts")
def listing() -> Response:
    """One page of concepts (optionally of one class), with links to the next and previous."""
    offset, limit = int_arg("offset", 0, 0, 10**9), int_arg("limit", 50, 1, MAX_LIMIT)
    kind = request.args.get("type", "").strip() or None
    total, items = lookup.concept_summaries(get_store(), type=kind, offset=offset, limit=limit)
    page = lambda start: url_for("concepts.listing", type=kind, offset=start, limit=limit, _external=True)  # noqa: E731
    return jsonld({
        "@id": request.url, "total": total, "offset": offset, "limit": limit,
        "next": page(offset + limit) if offset + limit < total else None,
        "prev": page(max(0, offset - limit)) if offset > 0 else None,
        "items": items,
    })


@bp.get("/api/concepts/search")
def search() -> Response:
    """Concepts whose label starts with ``q`` (or has a word that does): autocomplete."""
    q = request.args.get("q", "").strip()
    if not q:
        raise ApiError(400, "missing-parameter", "give the start of a label: /api/concepts/search?q=...", param="q")
    limit = int_arg("limit", 10, 1, MAX_LIMIT)
    return jsonld({"@id": request.url, "q": q, "items": lookup.search_concepts(get_store(), q, limit=limit)})


@bp.get("/api/concepts/<slug>")
def concept(slug: str) -> Response:
    """One concept: labels, definitions, types, SKOS links, relations, mentions, sources."""
    store = get_store()
    detail = lookup.concept_detail(store, slug)
    if detail is None:
        _, known = lookup.concept_summaries(store, limit=10**6)
        raise not_found("concept", slug, [s["slug"] for s in known])
    return jsonld(detail)
