"""/api/documents and /api/works: the corpus documents and the works they cite, as JSON-LD.

Same shapes as the HTML pages (:mod:`queries.views`), written as JSON-LD by
:func:`api.concepts.jsonld`.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from api.concepts import jsonld, not_found
from api.store import get_store
from queries import views

bp = Blueprint("documents", __name__)


@bp.get("/api/documents")
def listing() -> Response:
    """Every corpus document: identifier, title, type, date, authors."""
    items = views.document_summaries(get_store())
    return jsonld({"@id": request.url, "total": len(items), "items": items})


@bp.get("/api/documents/<id>")
def document(id: str) -> Response:
    """One document: metadata, structure (parts, chapters, sections), works cited, concepts mentioned."""
    store = get_store()
    detail = views.document_detail(store, id)
    if detail is None:
        raise not_found("document", id, [d["id"] for d in views.document_summaries(store)])
    return jsonld(detail)


@bp.get("/api/works")
def works() -> Response:
    """Every work the documents cite: citation, title, year, authors."""
    items = sorted(views.all_works(get_store()).values(), key=lambda w: w["slug"])
    return jsonld({"@id": request.url, "total": len(items), "items": items})


@bp.get("/api/works/<slug>")
def work(slug: str) -> Response:
    """One cited work: who wrote it, which documents cite it, what it studies."""
    store = get_store()
    detail = views.work_detail(store, slug)
    if detail is None:
        raise not_found("work", slug, [w["slug"] for w in views.all_works(store).values()])
    return jsonld(detail)
