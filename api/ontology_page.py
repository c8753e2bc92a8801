"""``/ontology``: the ontology IRI, as documentation or as the ontology file.

The ontology is a hash namespace (terms are ``<ontology IRI>#Name``), so its
IRI names a document and is served directly, without a 303: content
negotiation picks the HTML documentation (browsers) or the file in Turtle,
JSON-LD, RDF/XML or N-Triples, with ``Vary: Accept`` and a
``Content-Location`` naming the fixed-format URL (``/ontology.ttl``,
``.jsonld``, ``.rdf``, ``.nt``, ``.html``). The Turtle is ``cx.ttl`` byte for
byte. The page documents every class and property, with usage counts taken
from the data.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for

from cxkg.api import negotiation
from cxkg.api.descriptions import DESCRIPTION_TYPES, query
from cxkg.api.ontology_terms import header, ontology_bytes, terms
from cxkg.api.backend import get_store
from cxkg.store.formats import FORMATS

bp = Blueprint("ontology_page", __name__)

#: Media type -> format of the ontology file: those of any one graph.
ONTOLOGY_TYPES = DESCRIPTION_TYPES
SUFFIXES = (*dict.fromkeys(ONTOLOGY_TYPES.values()), "html")
SECTION_TITLES = {
    "classes": ("Classes", "Classes"),
    "object": ("Object properties", "Propriétés d'objet"),
    "datatype": ("Datatype properties", "Propriétés de données"),
    "annotation": ("Annotation properties", "Propriétés d'annotation"),
    "individuals": ("Individuals", "Individus"),
}


@bp.route("/ontology")
def ontology() -> Response:
    fmt = negotiation.choose(ONTOLOGY_TYPES, html=True)
    response = answer(fmt)
    response.headers["Content-Location"] = url_for(".document", suffix=fmt)
    response.vary.add("Accept")
    return response


@bp.route("/ontology.<suffix>")
def document(suffix: str) -> Response:
    if suffix not in SUFFIXES:
        raise negotiation.not_acceptable(set(SUFFIXES), f"no format {suffix!r} for the ontology")
    return answer(suffix)


def answer(fmt: str) -> Response:
    if fmt == "html":
        return Response(page(), content_type="text/html; charset=utf-8")
    response = Response(ontology_bytes(fmt), content_type=negotiation.media_type(fmt))
    response.add_etag()
    return response.make_conditional(request)


def page() -> str:
    """The documentation, each term with how often the data uses it."""
    counts = usage()
    sections = [
        {"key": key, "title": SECTION_TITLES[key],
         "terms": [{**term, "count": counts.get(term["iri"])} for term in items]}
        for key, items in terms().items() if items
    ]
    formats = [(fmt, url_for(".document", suffix=fmt), FORMATS[fmt].media_types[0])
               for fmt in SUFFIXES if fmt != "html"]
    return render_template("ontology.html", ontology=header(), sections=sections, formats=formats)


def usage() -> dict[str, int]:
    """Instances of each class and distinct triples of each property, in the whole dataset."""
    store = get_store()
    counts = {r["class"].value: int(r["entities"].value) for r in store.select(query("class-partitions"))}
    for row in store.select(query("property-partitions")):
        counts[row["property"].value] = int(row["triples"].value)
    return counts
