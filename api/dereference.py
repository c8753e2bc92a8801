"""``/id/...``: dereferenceable IRIs, after *Cool URIs for the Semantic Web* (303 URIs).

Every IRI under the configured base (``settings().base``) answers locally at
``/id/<path>``. The IRI names a thing, not a document, so it answers
``303 See Other`` to a document chosen by content negotiation (``Accept``, or
``?format=``), with ``Vary: Accept``:

- a browser (``text/html``) goes to the teaching page where the service has one
  (``/concept/<slug>``, ``/document/<id>``, ``/work/<slug>``), else to the
  generic page ``/data/<path>.html``;
- an RDF client goes to ``/data/<path>.ttl``, ``.jsonld``, ``.rdf`` or ``.nt``.

``/data/<path>.<suffix>`` always answers in its suffix's format. A description
holds every triple whose subject is the resource (or one of its hash IRIs, such
as an annotation's ``#target``), the labels of what it points to, and the
labelled resources that point to it. A named graph is described as a VoID
subset; ``/id/dataset`` leads to the VoID document. An IRI the graph does not
hold is a 404; a format not offered, a 406.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, NotFound

from cxkg.api import negotiation
from cxkg.api.errors import ApiError
from cxkg.api.descriptions import DATASET_PATH, DESCRIPTION_TYPES, RDF_TYPE, describe, exists, labels, serialize, to_iri
from cxkg.api.links import href, short
from cxkg.api.templating import current_lang
from cxkg.namespaces import XSD

bp = Blueprint("dereference", __name__)

XSD_STRING = str(XSD.string)
SUFFIXES = (*dict.fromkeys(DESCRIPTION_TYPES.values()), "html")
#: Kinds of resource that have a teaching page of their own, at ``/<kind>/<name>``.
PAGE_KINDS = ("concept", "document", "work")


@bp.route("/id/<path:path>")
def resource(path: str) -> Response:
    iri = to_iri(path)
    if path == DATASET_PATH:  # the dataset, its releases included, is described by VoID
        return vary(redirect(url_for("void.void", _external=True), 303))
    known(iri)
    fmt = negotiation.choose(DESCRIPTION_TYPES, html=True)
    if fmt == "html":
        return vary(redirect(page_url(path), 303))
    return vary(redirect(url_for(".data", path=f"{path}.{fmt}", _external=True), 303))


@bp.route("/data/<path:path>")
def data(path: str) -> Response:
    stem, _, suffix = path.rpartition(".")
    if not stem or suffix not in SUFFIXES:
        if stem and exists(to_iri(stem)):
            raise negotiation.not_acceptable(set(SUFFIXES), f"no format {suffix!r} here")
        raise not_found(to_iri(path))
    iri = to_iri(stem)
    known(iri)
    triples = describe(iri)
    if suffix == "html":
        page = render_template("resource.html", **view(iri, stem, triples))
        return Response(page, content_type="text/html; charset=utf-8")
    response = Response(serialize(triples, suffix), content_type=negotiation.media_type(suffix))
    response.headers["Link"] = f'<{iri.value}>; rel="describes"'
    return response


def known(iri: ox.NamedNode) -> None:
    if not exists(iri):
        raise not_found(iri)


def not_found(iri: ox.NamedNode) -> ApiError:
    return ApiError(404, "not-found", f"the graph holds nothing about <{iri.value}>")


def page_url(path: str) -> str:
    """The teaching page of a concept, document or work if the service has one."""
    kind, _, name = path.partition("/")
    candidate = f"/{kind}/{name}"
    if kind in PAGE_KINDS and name and "/" not in name and has_route(candidate):
        return request.url_root.rstrip("/") + candidate
    return url_for(".data", path=f"{path}.html", _external=True)


def has_route(path: str) -> bool:
    """Whether another blueprint of the service answers ``GET path``."""
    adapter = current_app.url_map.bind(request.host, script_name=request.script_root or "/")
    try:
        endpoint, _ = adapter.match(path, method="GET")
    except NotFound:
        return False
    except HTTPException:  # a redirect (trailing slash) or another method: the route exists
        return True
    return not endpoint.startswith("dereference.")


def vary(response: Response) -> Response:
    response.vary.add("Accept")
    return response


def view(iri: ox.NamedNode, path: str, triples: list[ox.Triple]) -> dict:
    """What resource.html shows: the resource, its parts (hash IRIs), what points to it."""
    names = labels(triples, current_lang())
    parts = dict.fromkeys(t.subject for t in triples if is_part(t.subject, iri))
    formats = [(fmt, url_for(".data", path=f"{path}.{fmt}"), negotiation.media_type(fmt).split(";")[0])
               for fmt in SUFFIXES if fmt != "html"]
    return {
        "iri": iri.value,
        "title": names.get(iri) or short(iri.value),
        "types": [term(t.object, names) for t in triples if t.subject == iri and t.predicate == RDF_TYPE],
        "properties": properties(iri, triples, names),
        "parts": [{"id": part.value.rpartition("#")[2], "properties": properties(part, triples, names, types=True)}
                  for part in parts],
        "incoming": [{"subject": term(t.subject, names), "predicate": term(t.predicate, names)}
                     for t in triples if t.object == iri and t.subject != iri],
        "formats": formats,
    }


def is_part(node, iri: ox.NamedNode) -> bool:
    """A blank node or a hash IRI of the resource (an annotation's ``#target``)."""
    return isinstance(node, ox.BlankNode) or node.value.startswith(iri.value + "#")


def properties(subject, triples: list[ox.Triple], names: dict, types: bool = False) -> list[dict]:
    """The subject's values grouped by property (``rdf:type`` only if ``types``)."""
    grouped: dict[str, list] = {}
    for t in triples:
        if t.subject == subject and (types or t.predicate != RDF_TYPE):
            grouped.setdefault(t.predicate.value, []).append(term(t.object, names))
    ordered = sorted(grouped.items(), key=lambda item: short(item[0]))
    return [{"property": term(ox.NamedNode(p), names), "objects": objects} for p, objects in ordered]


def term(node, names: dict) -> dict:
    """One RDF term as the template shows it: text, link, language."""
    if isinstance(node, ox.Literal):
        datatype = None if node.language or node.datatype.value == XSD_STRING else short(node.datatype.value)
        return {"text": node.value, "lang": node.language, "datatype": datatype}
    if isinstance(node, ox.BlankNode):
        return {"text": f"_:{node.value}"}
    return {"text": names.get(node) or short(node.value), "href": href(node.value), "iri": node.value}
