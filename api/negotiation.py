"""Content negotiation, table-driven: one map for results, one for graphs.

A ``format`` parameter wins over ``Accept``; otherwise the client's ``Accept``
(with its q-values) picks with ``best_match``; nothing acceptable is a 406.

>>> RESULT_TYPES["text/csv"], GRAPH_TYPES["text/turtle"]
('csv', 'ttl')
"""

from __future__ import annotations

from flask import request

from cxkg.api.errors import ApiError

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
ALIASES = {
    "turtle": "ttl", "n3": "ttl", "json-ld": "jsonld", "rdfxml": "rdf", "rdf+xml": "rdf",
    "ntriples": "nt", "n-triples": "nt", "nquads": "nq", "n-quads": "nq", "html": "html",
}
#: What a results-format name means for a graph: SPARQLWrapper sends ``format=xml``
#: to ask a CONSTRUCT for RDF/XML (and ``json`` for JSON-LD).
GRAPH_ALIASES = {"xml": "rdf", "json": "jsonld"}
HTML = "text/html"


def choose(types: dict[str, str], html: bool = False) -> str:
    """The format to answer in, from ``?format=`` or ``Accept``.

    :param types: :data:`RESULT_TYPES` or :data:`GRAPH_TYPES`.
    :param html: whether an HTML page is one of the answers (returns ``"html"``).
    :raises ApiError: 406 when no offered format is acceptable.
    """
    offered = set(types.values()) | ({"html"} if html else set())
    asked = [value for value in format_params() if value]
    if asked:
        names = [named_format(value, types) for value in asked]
        chosen = next((name for name in names if name in offered), None)
        if chosen is None:
            raise not_acceptable(offered, f"format {asked[0]!r} is not offered here")
        return chosen
    candidates = list(types) + ([HTML] if html else [])
    if not request.accept_mimetypes:
        return next(iter(types.values()))
    best = request.accept_mimetypes.best_match(candidates, default=None)
    if best is None:
        raise not_acceptable(offered, f"nothing here matches Accept: {request.headers.get('Accept')}")
    if best == HTML:
        return "html"
    return types[best]


def format_params() -> list[str]:
    """Every ``format`` value, from the URL and (for a form POST) the body.

    Clients may repeat it: SPARQLWrapper sends ``format=tsv&format=text/tab-separated-values``.
    """
    values = request.args.getlist("format")
    if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        values += request.form.getlist("format")
    return values


def named_format(value: str, types: dict[str, str]) -> str:
    """The format a ``format`` value names: a short name, an alias or a media type.

    >>> [named_format(v, GRAPH_TYPES) for v in ("xml", "rdf+xml", "application/rdf+xml")]
    ['rdf', 'rdf', 'rdf']
    >>> named_format("xml", RESULT_TYPES)
    'xml'
    """
    name = value.strip().lower()
    if types is GRAPH_TYPES:
        name = GRAPH_ALIASES.get(name, name)
    name = ALIASES.get(name, name)
    return types.get(name, name)


def wants_html() -> bool:
    """Whether the client prefers an HTML page (a browser)."""
    best = request.accept_mimetypes.best_match(["application/json", *GRAPH_TYPES, HTML], default=None)  # */* is no browser
    return best == HTML and request.args.get("format") is None


def media_type(fmt: str) -> str:
    return RESULT_MEDIA.get(fmt) or GRAPH_MEDIA[fmt]


def not_acceptable(offered: set[str], why: str) -> ApiError:
    return ApiError(406, "not-acceptable", f"{why}; offered: {', '.join(sorted(offered))}")
