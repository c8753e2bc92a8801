"""Content negotiation, table-driven: one map for results, one for graphs.

A ``format`` parameter wins over ``Accept``; otherwise the client's ``Accept``
(with its q-values) picks with ``best_match``; nothing acceptable is a 406.

>>> RESULT_TYPES["text/csv"], GRAPH_TYPES["text/turtle"]
('csv', 'ttl')
"""

from __future__ import annotations

from flask import request

from api.errors import ApiError

#: Media type -> results format (SELECT, ASK). The first is the default.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: Media type -> RDF format (CONSTRUCT, DESCRIBE, documents). The first is the default.
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdf",
    "application/n-triples": "nt",
    "application/n-quads": "nq",
    "application/trig": "trig",
    "text/plain": "nt",
}
#: The media type each format is answered with.
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_MEDIA = {
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
}
#: Names a ``format`` parameter may use, besides the keys above.
ALIASES = {"turtle": "ttl", "json-ld": "jsonld", "rdfxml": "rdf", "ntriples": "nt", "nquads": "nq", "html": "html"}
HTML = "text/html"


def choose(types: dict[str, str], html: bool = False) -> str:
    """The format to answer in, from ``?format=`` or ``Accept``.

    :param types: :data:`RESULT_TYPES` or :data:`GRAPH_TYPES`.
    :param html: whether an HTML page is one of the answers (returns ``"html"``).
    :raises ApiError: 406 when no offered format is acceptable.
    """
    offered = set(types.values()) | ({"html"} if html else set())
    asked = request.args.get("format")
    if asked is None and request.method == "POST":
        asked = request.form.get("format")
    if asked:
        name = ALIASES.get(asked.lower(), asked.lower())
        name = types.get(name, name)
        if name in offered:
            return name
        raise not_acceptable(offered, f"format {asked!r} is not offered here")
    candidates = list(types) + ([HTML] if html else [])
    if not request.accept_mimetypes:
        return next(iter(types.values()))
    best = request.accept_mimetypes.best_match(candidates, default=None)
    if best is None:
        raise not_acceptable(offered, f"nothing here matches Accept: {request.headers.get('Accept')}")
    if best == HTML:
        return "html"
    return types[best]


def wants_html() -> bool:
    """Whether the client prefers an HTML page (a browser)."""
    best = request.accept_mimetypes.best_match([HTML, "application/json", *GRAPH_TYPES], default=None)
    return best == HTML and request.args.get("format") is None


def media_type(fmt: str) -> str:
    return RESULT_MEDIA.get(fmt) or GRAPH_MEDIA[fmt]


def not_acceptable(offered: set[str], why: str) -> ApiError:
    return ApiError(406, "not-acceptable", f"{why}; offered: {', '.join(sorted(offered))}")
