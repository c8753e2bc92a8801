"""The teaching browser: language, home page, lists of concepts, search.

Pages are rendered on the server and read without JavaScript. The reader's
language comes from ``?lang=fr|en``, then the cookie that remembers it, then
English.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from api import negotiation
from api.errors import from_http
from api.query_page import href, short
from api.store import get_store
from queries import views
from queries.catalogue import load_catalogue

bp = Blueprint("pages", __name__)

LANGS = ("en", "fr")
COOKIE = "cxkg_lang"
CX = "https://w3id.org/cxkg/ontology#"
PAGE_QUERIES = Path(__file__).resolve().parent.parent / "queries" / "pages"
PAGE_SIZE = 50

def current_lang() -> str:
    """The reader's language: ``?lang=``, else the cookie, else English."""
    for asked in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if asked in LANGS:
            return asked
    return LANGS[0]


def pick(texts: dict | None, lang: str) -> str:
    """The text in ``lang``, else in the other language, else ``""``."""
    texts = texts or {}
    return texts.get(lang) or next((texts[k] for k in LANGS if texts.get(k)), "")


def lang_url(lang: str) -> str:
    """This page in another language (other query arguments kept)."""
    args = {k: v for k, v in request.args.items() if not k.startswith("_")}
    args["lang"] = lang
    return url_for(request.endpoint or "pages.home", **(request.view_args or {}), **args)


@bp.app_context_processor
def language() -> dict:
    """What every template knows of the language: ``lang``, ``t(en, fr)``, ``pick(dict)``."""
    lang = current_lang()
    return {
        "lang": lang,
        "other_lang": "fr" if lang == "en" else "en",
        "t": lambda en, fr: fr if lang == "fr" else en,
        "pick": lambda texts: pick(texts, lang),
        "lang_url": lang_url,
        "href": href,
        "short": short,
    }


@bp.app_template_filter("in_lang")
def in_lang(texts: dict | None) -> str:
    """The text of a ``{fr, en}`` dict in the reader's language (a filter)."""
    return pick(texts, current_lang())


@bp.after_app_request
def remember_language(response: Response) -> Response:
    """Keep a language chosen with ``?lang=`` for the next pages."""
    asked = request.args.get("lang")
    if asked in LANGS and response.mimetype == "text/html":
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
    return response


def not_found(error: HTTPException):
    """An HTML 404 page for readers; the JSON error shape for API clients."""
    if not negotiation.wants_html():
        return from_http(error)
    return render_template("not_found.html", message=error.description), 404


bp.register_error_handler(404, not_found)


@lru_cache(maxsize=None)
def page_query(name: str) -> str:
    """A query of ``queries/pages/``."""
    return (PAGE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def kinds() -> dict[str, dict]:
    """The ontology's classes of concepts, by local name, with labels and counts."""
    found = {}
    for row in get_store().select(page_query("kinds")):
        name = row["class"].value[len(CX):]
        found[name] = {
            "name": name,
            "label": {k: row[f"label_{k}"].value for k in LANGS if f"label_{k}" in row},
            "definition": {k: row[f"definition_{k}"].value for k in LANGS if f"definition_{k}" in row},
            "parent": row["parent"].value[len(CX):] if "parent" in row else None,
            "count": int(row["count"].value),
        }
    return found


@bp.route("/")
def home() -> str:
    return render_template(
        "home.html", kinds=kinds(), documents=views.document_summaries(get_store()),
        questions=list(load_catalogue().values()),
    )


@bp.route("/concepts")
def concepts() -> str:
    """Concepts of one kind (``?type=Capability``), or the index of kinds."""
    known = kinds()
    name = request.args.get("type")
    if not name:
        return render_template("kinds.html", kinds=sorted(known.values(), key=lambda k: k["name"]))
    if name not in known:
        abort(404, f"no kind of concept named {name!r}")
    page = max(1, request.args.get("page", 1, type=int))
    total, items = views.concept_summaries(get_store(), type=CX + name, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    subkinds = [k for k in known.values() if k["parent"] == name]
    return render_template(
        "concepts.html", kind=known[name], subkinds=subkinds, items=items, total=total,
        page=page, pages=max(1, -(-total // PAGE_SIZE)),
    )


@bp.route("/search")
def search() -> str:
    q = request.args.get("q", "").strip()
    results = views.search_concepts(get_store(), q, limit=50) if q else []
    return render_template("search.html", q=q, results=results)
