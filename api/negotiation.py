"""Content negotiation, table-driven: the formats come from :mod:`cxkg.store.formats`.

A ``format`` parameter wins over ``Accept``; otherwise the client's ``Accept``
(with its q-values) picks with ``best_match``; nothing acceptable is a 406.

>>> RESULT_TYPES["text/csv"], GRAPH_TYPES["text/turtle"]
('csv', 'ttl')
"""

from __future__ import annotations

from functools import lru_cache

from flask import request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from cxkg.api.errors import ApiError
from cxkg.store.formats import FORMATS, media_types, named

#: Media type -> results format (SELECT, ASK), and -> RDF format (CONSTRUCT,
#: DESCRIBE, documents), from the one table of formats. The first is the default.
RESULT_TYPES = media_types("results")
GRAPH_TYPES = media_types("rdf")
HTML = "text/html"


def choose(types: dict[str, str], html: bool = False) -> str:
    """The format to answer in, from ``?format=`` or ``Accept``.

    The decision depends only on the offer and on what the client sent, so it
    is made once per distinct request (parsing ``Accept`` costs more than a
    light query).

    :param types: :data:`RESULT_TYPES` or :data:`GRAPH_TYPES`.
    :param html: whether an HTML page is one of the answers (returns ``"html"``).
    :raises ApiError: 406 when no offered format is acceptable.
    """
    asked = tuple(value for value in format_params() if value)
    return decide(tuple(types.items()), html, asked, request.headers.get("Accept", ""))


@lru_cache(maxsize=256)
def decide(offer: tuple[tuple[str, str], ...], html: bool, asked: tuple[str, ...], accept: str) -> str:
    """:func:`choose` for one offer (media type, format pairs), ``format`` values and ``Accept`` header.

    >>> decide(tuple(RESULT_TYPES.items()), True, (), "text/csv;q=0.5, text/html")
    'html'
    """
    types = dict(offer)
    offered = set(types.values()) | ({"html"} if html else set())
    if asked:
        kind = "rdf" if types == GRAPH_TYPES else "results"
        names = [named_format(value, kind) for value in asked]
        chosen = next((name for name in names if name in offered), None)
        if chosen is None:
            raise not_acceptable(offered, f"format {asked[0]!r} is not offered here")
        return chosen
    candidates = list(types) + ([HTML] if html else [])
    accepted = parse_accept_header(accept, MIMEAccept)
    if not accepted:
        return next(iter(types.values()))
    best = accepted.best_match(candidates, default=None)
    if best is None:
        raise not_acceptable(offered, f"nothing here matches Accept: {accept}")
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


def named_format(value: str, kind: str) -> str:
    """The format a ``format`` value names: a short name, an alias or a media type.

    :param kind: ``rdf`` or ``results``.

    >>> [named_format(v, "rdf") for v in ("xml", "rdf+xml", "application/rdf+xml")]
    ['rdf', 'rdf', 'rdf']
    >>> named_format("xml", "results")
    'xml'
    """
    if value.strip().lower() == "html":
        return "html"
    return named(value, kind) or value


def wants_html() -> bool:
    """Whether the client prefers an HTML page (a browser)."""
    best = request.accept_mimetypes.best_match(["application/json", *GRAPH_TYPES, HTML], default=None)  # */* is no browser
    return best == HTML and request.args.get("format") is None


def media_type(fmt: str) -> str:
    return FORMATS[fmt].media_type


def not_acceptable(offered: set[str], why: str) -> ApiError:
    return ApiError(406, "not-acceptable", f"{why}; offered: {', '.join(sorted(offered))}")
