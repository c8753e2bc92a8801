"""The teaching reference's ways through the graph: concepts compared side by side,
the capabilities' alignment with the practices, the hierarchy as a tree and an
alphabetical index per kind of concept, and the download links of a resource.

``/compare?c=<slug>&c=<slug>[&c=...]`` (two to four concepts) and
``/compare/alignment`` are pages; ``/api/compare`` and ``/api/compare/alignment``
give the same data as JSON-LD for programs.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for

from cxkg.api import negotiation
from cxkg.api.backend import get_store, settings
from cxkg.api.errors import ApiError
from cxkg.api.home import CX_NAMESPACE, kinds, not_found
from cxkg.queries import compare as comparing
from cxkg.queries import lookup, navigation

bp = Blueprint("teaching", __name__)
bp.register_error_handler(404, not_found)

#: The formats a resource is offered in for download, in this order.
DOWNLOADS = ("ttl", "jsonld", "rdf", "nt")


def downloads(iri: str) -> list[tuple[str, str, str]]:
    """``(format, url, media type)`` of a resource's descriptions under ``/data/``; none for an IRI outside the base."""
    base = settings().base
    if not iri.startswith(base):
        return []
    path = iri[len(base):]
    return [(fmt, url_for("dereference.data", path=f"{path}.{fmt}"), negotiation.media_type(fmt).split(";")[0])
            for fmt in DOWNLOADS]


def asked_slugs() -> list[str]:
    """The concepts asked with ``c`` (repeated, or comma-separated)."""
    return [part.strip() for value in request.args.getlist("c") for part in value.split(",") if part.strip()]


@bp.route("/compare")
def compare() -> str:
    """Two to four concepts side by side; fewer: a form to choose them."""
    store, slugs = get_store(), asked_slugs()
    everything = list(lookup.all_summaries(store).values())
    if len(slugs) < comparing.MIN:
        known = {s["slug"] for s in everything}
        return render_template("compare.html", data=None, slugs=[s for s in slugs if s in known], everything=everything,
                               presets=presets())
    try:
        data = comparing.compare(store, slugs)
    except comparing.CompareError as error:
        abort(404 if error.unknown else 400, str(error))
    json_url = url_for("teaching.compare_json", c=[c["slug"] for c in data["concepts"]])
    return render_template("compare.html", data=data, slugs=[c["slug"] for c in data["concepts"]], everything=everything,
                           presets=presets(), json_url=json_url)


@bp.get("/api/compare")
def compare_json() -> Response:
    """The comparison as JSON-LD: the same data as the page."""
    from cxkg.api.concepts import jsonld

    try:
        data = comparing.compare(get_store(), asked_slugs())
    except comparing.CompareError as error:
        if error.unknown:
            raise ApiError(404, "not-found", str(error), param="c", unknown=error.unknown)
        raise ApiError(400, "bad-parameter", str(error), param="c")
    return jsonld({"@id": request.url, **data})


@bp.route("/compare/alignment")
def alignment() -> str:
    """Homburg et al.'s four capabilities and C1-C7 against the four practices."""
    return render_template("alignment.html", a=comparing.alignment(get_store()),
                           json_url=url_for("teaching.alignment_json"))


@bp.get("/api/compare/alignment")
def alignment_json() -> Response:
    from cxkg.api.concepts import jsonld

    return jsonld({"@id": request.url, **comparing.alignment(get_store())})


def presets() -> list[dict]:
    """The ready-made comparisons (also on the home page)."""
    return [
        {"label": {"en": "UX, CX and BX", "fr": "UX, CX et BX"}, "url": url_for("teaching.compare", c=list(comparing.KINDS_OF_EXPERIENCE))},
        {"label": {"en": "Homburg et al.'s four capabilities and C1–C7", "fr": "Les quatre capacités de Homburg et al. et C1–C7"},
         "url": url_for("teaching.alignment")},
    ]


def kind_arg() -> dict | None:
    """The kind of concept ``?type=`` names, or ``None`` for the whole scheme; 404 for an unknown one."""
    name = request.args.get("type")
    if not name:
        return None
    known = kinds()
    if name not in known:
        abort(404, f"no kind of concept named {name!r}")
    return known[name]


@bp.route("/concepts/tree")
def hierarchy() -> str:
    """The hierarchy (skos:broader/narrower) of the scheme or of one kind, as a tree."""
    store, kind = get_store(), kind_arg()
    items = navigation.members(store, CX_NAMESPACE + kind["name"] if kind else None)
    trees = navigation.forest(items, navigation.edges(store))
    return render_template("tree.html", kind=kind, trees=trees, total=len(items), kinds=sorted(kinds().values(), key=lambda k: k["name"]))


@bp.route("/concepts/index")
def alphabetical() -> str:
    """The concepts of the scheme or of one kind, A to Z, in the reader's language."""
    from cxkg.api.templating import current_lang

    store, kind = get_store(), kind_arg()
    items = navigation.members(store, CX_NAMESPACE + kind["name"] if kind else None)
    return render_template("index.html", kind=kind, groups=navigation.index(items, current_lang()), total=len(items),
                           kinds=sorted(kinds().values(), key=lambda k: k["name"]))
