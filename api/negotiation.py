"""Content negotiation, table-driven: the formats come from :mod:`cxkg.store.formats`.

A ``format`` parameter wins over ``Accept``; otherwise the client's ``Accept``
(with its q-values) picks with ``best_match``; nothing acceptable is a 406.

>>> RESULT_TYPES["text/csv"], GRAPH_TYPES["text/turtle"]
('csv', 'ttl')
"""

from __future__ import annotations

from flask import request

from cxkg.api.errors import ApiError
from cxkg.store.formats import FORMATS, media_types, named

#: Media type -> results format (SELECT, ASK), and -> RDF format (CONSTRUCT,
#: DESCRIBE, documents), from the one table of formats. The first is the default.
RESULT_TYPES = media_types("results")
GRAPH_TYPES = media_types("rdf")
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
    if value.strip().lower() == "html":
        return "html"
    return named(value, "rdf" if types is GRAPH_TYPES else "results") or value


def wants_html() -> bool:
    """Whether the client prefers an HTML page (a browser)."""
    best = request.accept_mimetypes.best_match(["application/json", *GRAPH_TYPES, HTML], default=None)  # */* is no browser
    return best == HTML and request.args.get("format") is None


def media_type(fmt: str) -> str:
    return FORMATS[fmt].media_type


def not_acceptable(offered: set[str], why: str) -> ApiError:
    return ApiError(406, "not-acceptable", f"{why}; offered: {', '.join(sorted(offered))}")
