"""The teaching browser's entry pages: the home page, lists of concepts, search.

Pages are rendered on the server and read without JavaScript; the reader's
language and the links every template makes come from :mod:`cxkg.api.templating`.
"""

from __future__ import annotations


from flask import Blueprint, render_template, request
from werkzeug.exceptions import HTTPException

from cxkg.api.errors import from_http
from cxkg.api.missing import Missing
from cxkg.api.term_labels import with_kind_label
from cxkg.api.backend import get_store
from cxkg.api.templating import LANGS, current_lang, pick
from cxkg.namespaces import CX
from cxkg.ontology.labels import fold
from cxkg.queries import lookup
from cxkg.queries.catalogue import load_catalogue
from cxkg.queries.files import query_text

bp = Blueprint("home", __name__)

CX_NAMESPACE = str(CX)
PAGE_SIZE = 50

def not_found(error: HTTPException):
    """An HTML 404 page for readers; the JSON error shape for API clients (:mod:`cxkg.api.missing`)."""
    return from_http(error)


bp.register_error_handler(404, not_found)


def kinds() -> dict[str, dict]:
    """The ontology's classes of concepts, by local name, with labels and counts."""
    found = {}
    for row in get_store().select(query_text("pages/kinds")):
        name = row["class"].value[len(CX_NAMESPACE):]
        found[name] = {
            "name": name,
            "label": {k: row[f"label_{k}"].value for k in LANGS if f"label_{k}" in row},
            "definition": {k: row[f"definition_{k}"].value for k in LANGS if f"definition_{k}" in row},
            "parent": row["parent"].value[len(CX_NAMESPACE):] if "parent" in row else None,
            "count": int(row["count"].value),
        }
    for kind in found.values():
        parent = found.get(kind["parent"] or "")
        kind["parent_label"] = parent["label"] if parent else {}
    return found


@bp.route("/")
def home() -> str:
    return render_template(
        "home.html", kinds=kinds(), documents=[with_kind_label(d, get_store()) for d in lookup.document_summaries(get_store())],
        questions=list(load_catalogue().values()),
    )


@bp.route("/concepts")
def concepts() -> str:
    """Concepts of one kind (``?type=Capability``), or the index of kinds."""
    known = kinds()
    name = request.args.get("type")
    if not name:
        by_label = sorted(known.values(), key=lambda k: fold(pick(k["label"], current_lang()) or k["name"]))
        return render_template("kinds.html", kinds=by_label)
    if name not in known:
        raise Missing(f"no kind of concept named {name!r}", f"aucune sorte de concept ne s'appelle {name!r}")
    page = max(1, request.args.get("page", 1, type=int))
    total, items = lookup.concept_summaries(get_store(), type=CX_NAMESPACE + name, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    subkinds = [k for k in known.values() if k["parent"] == name]
    return render_template(
        "concepts.html", kind=known[name], subkinds=subkinds, items=items, total=total,
        page=page, pages=max(1, -(-total // PAGE_SIZE)),
    )


@bp.route("/search")
def search() -> str:
    q = request.args.get("q", "").strip()
    results = lookup.search_concepts(get_store(), q, limit=50) if q else []
    return render_template("search.html", q=q, results=results)
