"""How an IRI of the graph becomes a link a reader follows, and a short name.

Resources under the base with a page of their own (concepts, documents, works)
link to that page, other resources of the graph to ``/id/...``, and IRIs
outside the graph to themselves.
"""

from __future__ import annotations

from cxkg.api.backend import settings
from cxkg.namespaces import PREFIXES

#: Pages of the browser for resources under the base: first path segment -> route.
BROWSABLE = {"concept": "/concept/", "document": "/document/", "work": "/work/"}


def href(iri: str) -> str:
    """Where a reader follows an IRI.

    >>> from flask import Flask
    >>> from cxkg.config import Settings
    >>> app = Flask("t"); app.config["CXKG"] = Settings()
    >>> with app.app_context():
    ...     href("https://w3id.org/cxkg/id/concept/nps"), href("https://w3id.org/cxkg/id/person/morgan")
    ('/concept/nps', '/id/person/morgan')
    >>> with app.app_context():
    ...     href("https://w3id.org/cxkg/id/document/000_x/chapter/3"), href("http://example.org/a")
    ('/id/document/000_x/chapter/3', 'http://example.org/a')
    """
    base = settings().base
    if not iri.startswith(base):
        return iri
    path = iri[len(base):]
    kind, _, rest = path.partition("/")
    if kind in BROWSABLE and rest and "/" not in rest:
        return BROWSABLE[kind] + rest
    return "/id/" + path


def short(iri: str) -> str:
    """An IRI as a prefixed name where a prefix fits.

    >>> from flask import Flask
    >>> from cxkg.config import Settings
    >>> app = Flask("t"); app.config["CXKG"] = Settings()
    >>> with app.app_context():
    ...     short("https://w3id.org/cxkg/ontology#supports"), short("http://example.org/a")
    ('cx:supports', 'http://example.org/a')
    """
    names = {**PREFIXES, "cxid": settings().base}
    best = max((ns for ns in names.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in names.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"
