"""The teaching browser: concept, document and work pages, and the list of documents.

A concept page also draws the concept's neighbourhood: a small SVG, made on
the server, with the concept in the middle and the concepts it is linked to
on an ellipse around it, each a link.
"""

from __future__ import annotations

import math

from flask import Blueprint, render_template

from cxkg.api.home import not_found
from cxkg.api.missing import Missing
from cxkg.api.term_labels import with_kind_label
from cxkg.api.backend import get_store
from cxkg.queries import lookup

bp = Blueprint("browse", __name__)
bp.register_error_handler(404, not_found)

#: The picture: width, height, the ellipse's radii, the most neighbours drawn.
WIDTH, HEIGHT, RX, RY, MAX_NODES = 800, 460, 190, 170, 20
#: Edge labels are written on the picture up to this many nodes (else as tooltips).
LABELLED = 10
NODE_R, CENTRE_R = 7, 12
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
    return render_template("concept.html", c=detail, picture=neighbourhood(detail))


@bp.route("/documents")
def documents() -> str:
    return render_template("documents.html", documents=lookup.document_summaries(get_store()))


@bp.route("/document/<id>")
def document(id: str) -> str:
    detail = lookup.document_detail(get_store(), id)
    if detail is None:
        raise Missing(f"no document with the identifier {id!r}", f"aucun document n'a l'identifiant {id!r}")
    return render_template("document.html", d=with_kind_label(detail))


@bp.route("/work/<slug>")
def work(slug: str) -> str:
    detail = lookup.work_detail(get_store(), slug)
    if detail is None:
        raise Missing(f"no cited work with the slug {slug!r}", f"aucun travail cité n'a l'identifiant {slug!r}")
    return render_template("work.html", w=detail)


def links(detail: dict) -> list[dict]:
    """Every link of a concept, SKOS first: ``{target, label, direction, editorial}``."""
    found = [
        {"target": target, "label": label, "direction": "out", "editorial": False}
        for key, label in SKOS_LINKS for target in detail.get(key) or []
    ]
    found += [
        {"target": r["target"], "label": r["property_label"], "direction": r["direction"], "editorial": r["basis"] == "editorial"}
        for r in detail.get("relations") or []
    ]
    return found


def neighbours(detail: dict) -> list[dict]:
    """One node per linked concept, with every link to it: ``{target, links}``."""
    nodes: dict[str, dict] = {}
    for link in links(detail):
        node = nodes.setdefault(link["target"]["iri"], {"target": link["target"], "links": []})
        node["links"].append(link)
    return list(nodes.values())


def neighbourhood(detail: dict) -> dict | None:
    """The picture's geometry, or ``None`` for a concept without links.

    >>> s = {"iri": "i:b", "slug": "b", "label": {"en": "b"}}
    >>> p = neighbourhood({"iri": "i:a", "broader": [s], "relations": []})
    >>> p["nodes"][0]["x"], p["nodes"][0]["y"], p["nodes"][0]["anchor"]
    (400.0, 60.0, 'middle')
    >>> neighbourhood({"iri": "i:a"}) is None
    True
    """
    nodes = neighbours(detail)
    if not nodes:
        return None
    shown, cx, cy = nodes[:MAX_NODES], WIDTH / 2, HEIGHT / 2
    for i, node in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / len(shown)
        dx, dy = math.cos(angle), math.sin(angle)
        node.update(place(cx + RX * dx, cy + RY * dy, dx, dy, cx, cy))
        node["editorial"] = any(link["editorial"] for link in node["links"])
        node["inward"] = all(link["direction"] == "in" for link in node["links"])
    return {"width": WIDTH, "height": HEIGHT, "cx": cx, "cy": cy, "r": CENTRE_R, "node_r": NODE_R,
            "nodes": shown, "hidden": len(nodes) - len(shown), "labelled": len(shown) <= LABELLED}


def place(x: float, y: float, dx: float, dy: float, cx: float, cy: float) -> dict:
    """Where a node, its label, its edge and the edge's label go."""
    length = math.hypot(x - cx, y - cy)
    ux, uy = (x - cx) / length, (y - cy) / length
    anchor = "start" if dx > 0.3 else "end" if dx < -0.3 else "middle"
    return {
        "x": round(x, 1), "y": round(y, 1), "anchor": anchor,
        "tx": round(x + 12 * dx, 1), "ty": round(y + (18 if dy > 0.3 else -12 if dy < -0.3 else 4), 1),
        "x1": round(cx + CENTRE_R * ux, 1), "y1": round(cy + CENTRE_R * uy, 1),
        "x2": round(x - (NODE_R + 2) * ux, 1), "y2": round(y - (NODE_R + 2) * uy, 1),
        "lx": round(cx + 0.6 * (x - cx), 1), "ly": round(cy + 0.6 * (y - cy) - 3, 1),
    }
