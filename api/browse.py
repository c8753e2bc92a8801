"""The teaching browser: concept, document and work pages, and the list of documents.

A concept page also draws the concept's neighbourhood: an SVG made on the
server, the concept in the middle, the concepts whose relations point to it on
the left and those it points to on the right, one row each with its full
label and the relation written on its edge; each neighbour is a link.
"""

from __future__ import annotations

import math

from flask import Blueprint, render_template

from cxkg.api.home import not_found
from cxkg.api.missing import Missing
from cxkg.api.term_labels import with_kind_label
from cxkg.api.backend import get_store
from cxkg.api.teaching import downloads
from cxkg.api.templating import current_lang
from cxkg.queries import evidence, lookup

bp = Blueprint("browse", __name__)
bp.register_error_handler(404, not_found)

#: The picture: concepts that point to this one on the left, those it points to on the right,
#: one row each (a concept linked both ways is on both sides, one arrow each way).
WIDTH, LEFT_X, CENTRE_X, RIGHT_X = 900, 260, 450, 640
NODE_R, CENTRE_R, LINE, WRAP, TOP = 7, 12, 15, 30, 24
#: SKOS links as the picture and the page name them.
SKOS_LINKS = (
    ("broader", {"en": "broader", "fr": "plus large"}),
    ("narrower", {"en": "narrower", "fr": "plus précis"}),
    ("related", {"en": "related", "fr": "associé"}),
)


@bp.route("/concept/<slug>")
def concept(slug: str) -> str:
    detail = lookup.concept_detail(get_store(), slug)
    if detail is None:
        raise Missing(f"no concept with the slug {slug!r}", f"aucun concept n'a l'identifiant {slug!r}")
    evidence.enrich(get_store(), detail)
    picture = neighbourhood(detail, current_lang())
    return render_template("concept.html", c=detail, picture=picture, formats=downloads(detail["iri"]))


@bp.route("/documents")
def documents() -> str:
    return render_template("documents.html", documents=lookup.document_summaries(get_store()))


@bp.route("/document/<id>")
def document(id: str) -> str:
    detail = lookup.document_detail(get_store(), id)
    if detail is None:
        raise Missing(f"no document with the identifier {id!r}", f"aucun document n'a l'identifiant {id!r}")
    store = get_store()
    text = evidence.texts(store).get(id)
    passages = evidence.passages(store, detail["iri"], text, lookup.all_summaries(store))
    return render_template("document.html", d=with_kind_label(detail, store), passages=passages, formats=downloads(detail["iri"]))


@bp.route("/work/<slug>")
def work(slug: str) -> str:
    detail = lookup.work_detail(get_store(), slug)
    if detail is None:
        raise Missing(f"no cited work with the slug {slug!r}", f"aucun travail cité n'a l'identifiant {slug!r}")
    return render_template("work.html", w=detail, formats=downloads(detail["iri"]))


def links(detail: dict) -> list[dict]:
    """Every link of a concept, SKOS first: ``{target, label, direction, editorial, asserted}``."""
    found = [
        {"target": target, "label": label, "direction": "out", "editorial": False, "asserted": True}
        for key, label in SKOS_LINKS for target in detail.get(key) or []
    ]
    found += [
        {"target": r["target"], "label": r["property_label"], "direction": r["direction"],
         "editorial": r["basis"] == "editorial", "asserted": r.get("asserted", True)}
        for r in detail.get("relations") or []
    ]
    return found


def neighbours(detail: dict) -> list[dict]:
    """One edge per linked concept and direction, with every link of it: ``{target, direction, links}``."""
    edges: dict[tuple, dict] = {}
    for link in links(detail):
        key = (link["target"]["iri"], link["direction"])
        edges.setdefault(key, {"target": link["target"], "direction": link["direction"], "links": []})["links"].append(link)
    return list(edges.values())


def wrap(text: str, width: int = WRAP) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces (a longer word stays whole).

    >>> wrap("omnichannel customer experience management capability", 30)
    ['omnichannel customer', 'experience management', 'capability']
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def neighbourhood(detail: dict, lang: str = "en") -> dict | None:
    """The picture's geometry, or ``None`` for a concept without links.

    >>> s = {"iri": "i:b", "slug": "b", "label": {"en": "b"}}
    >>> p = neighbourhood({"iri": "i:a", "label": {"en": "a"}, "broader": [s], "relations": [
    ...     {"target": s, "property_label": {"en": "supports"}, "direction": "in", "basis": "source", "asserted": False}]})
    >>> [(e["direction"], e["x"], e["names"], e["unasserted"]) for e in p["edges"]]
    [('in', 260, ['supports'], True), ('out', 640, ['broader'], False)]
    >>> neighbourhood({"iri": "i:a"}) is None
    True
    """
    from cxkg.api.templating import pick

    edges = neighbours(detail)
    if not edges:
        return None
    sides = {"in": [e for e in edges if e["direction"] == "in"], "out": [e for e in edges if e["direction"] == "out"]}
    heights = {}
    for side, items in sides.items():
        y = TOP
        for e in items:
            target = e["target"]
            e["names"] = list(dict.fromkeys(pick(link["label"], lang) for link in e["links"]))
            e["lines"] = wrap(((target.get("notation") or "") + " " + (pick(target["label"], lang) or target["slug"])).strip())
            e["editorial"] = any(link["editorial"] for link in e["links"])
            e["unasserted"] = not any(link["asserted"] for link in e["links"])
            e["x"] = LEFT_X if side == "in" else RIGHT_X
            e["y"] = y + LINE * len(e["names"])
            e["tx"] = e["x"] - 12 if side == "in" else e["x"] + 12
            e["anchor"] = "end" if side == "in" else "start"
            e["lx"] = e["x"] + 14 if side == "in" else e["x"] - 14
            e["label_anchor"] = "start" if side == "in" else "end"
            y = e["y"] + LINE * (len(e["lines"]) - 1) + 2 * LINE
        heights[side] = y
    centre_lines = wrap(((detail.get("notation") or "") + " " + (pick(detail.get("label"), lang) or "")).strip(), 24)
    height = max(max(heights.values()) + TOP, 2 * TOP + 2 * CENTRE_R + LINE * (len(centre_lines) + 1))
    cy = round(height / 2)
    for e in edges:
        # The edge stops at the circles; it runs from subject to object, so the one arrowhead (at its end) is right.
        start, stop = ((CENTRE_X, cy, CENTRE_R), (e["x"], e["y"], NODE_R + 2))
        if e["direction"] == "in":
            start, stop = (e["x"], e["y"], NODE_R), (CENTRE_X, cy, CENTRE_R + 2)
        length = math.hypot(stop[0] - start[0], stop[1] - start[1]) or 1
        ux, uy = (stop[0] - start[0]) / length, (stop[1] - start[1]) / length
        e.update(x1=round(start[0] + start[2] * ux, 1), y1=round(start[1] + start[2] * uy, 1),
                 x2=round(stop[0] - stop[2] * ux, 1), y2=round(stop[1] - stop[2] * uy, 1))
    return {"width": WIDTH, "height": height, "cx": CENTRE_X, "cy": cy, "r": CENTRE_R, "node_r": NODE_R, "line": LINE,
            "centre_lines": centre_lines, "edges": sides["in"] + sides["out"],
            "incoming": len(sides["in"]), "outgoing": len(sides["out"])}
