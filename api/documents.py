"""/api/documents and /api/works: the corpus documents and the works they cite, as JSON-LD.

Same shapes as the HTML pages (:mod:`cxkg.queries.lookup`), written as JSON-LD by
:func:`cxkg.api.concepts.jsonld`.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from cxkg.api.concepts import jsonld, not_found
from cxkg.api.backend import get_store
from cxkg.queries import lookup

bp = Blueprint("documents", __name__)


@bp.get("/api/documents")
def listing() -> Response:
    """Every corpus document: identifier, title, type, date, authors."""
    items = lookup.document_summaries(get_store())
    return jsonld({"@id": request.url, "total": len(items), "items": items})


@bp.get("/api/documents/<id>")
def document(id: str) -> Response:
    """One document: metadata, structure (parts, chapters, sections), works cited, concepts mentioned."""
    store = get_store()
    detail = lookup.document_detail(store, id)
    if detail is None:
        raise not_found("document", id, [d["id"] for d in lookup.document_summaries(store)])
    return jsonld(detail)


@bp.get("/api/works")
def works() -> Response:
    """Every work the documents cite: citation, title, year, authors."""
    items = sorted(lookup.all_works(get_store()).values(), key=lambda w: w["slug"])
    return jsonld({"@id": request.url, "total": len(items), "items": items})


@bp.get("/api/works/<slug>")
def work(slug: str) -> Response:
    """One cited work: who wrote it, which documents cite it, what it studies."""
    store = get_store()
    detail = lookup.work_detail(store, slug)
    if detail is None:
        raise not_found("work", slug, [w["slug"] for w in lookup.all_works(store).values()])
    return jsonld(detail)
