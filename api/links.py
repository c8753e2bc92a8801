"""How an IRI becomes a link a reader follows, and a short name: one rule for every page.

Terms of the ontology link to their entry on ``/ontology``; resources under the
base with a page of their own (concepts, documents, works) to that page, other
resources of the graph to ``/id/...``; web IRIs elsewhere to themselves. Any
other IRI (``javascript:...``, ``data:``) is never a link: a page shows it as text.
"""

from __future__ import annotations

from flask import url_for

from cxkg.api.backend import settings
from cxkg.namespaces import CX, ONTOLOGY_IRI, PREFIXES, prefixed

#: Pages of the browser for resources under the base: first path segment -> route.
BROWSABLE = {"concept": "/concept/", "document": "/document/", "work": "/work/"}


def href(iri: str) -> str | None:
    """Where a reader follows ``iri``; ``None`` when it must not be a link.

    >>> from flask import Flask
    >>> from cxkg.config import Settings
    >>> app = Flask("t"); app.config["CXKG"] = Settings()
    >>> app.add_url_rule("/ontology", "ontology_page.ontology")
    >>> with app.test_request_context():
    ...     href("https://w3id.org/cxkg/id/concept/nps"), href("https://w3id.org/cxkg/id/person/morgan")
    ('/concept/nps', '/id/person/morgan')
    >>> with app.test_request_context():
    ...     href("https://w3id.org/cxkg/id/document/000_x/chapter/3"), href("http://example.org/a")
    ('/id/document/000_x/chapter/3', 'http://example.org/a')
    >>> with app.test_request_context():
    ...     href("https://w3id.org/cxkg/ontology#supports"), href("javascript:alert(1)") is None
    ('/ontology#supports', True)
    """
    if iri.startswith(str(CX)):
        return url_for("ontology_page.ontology") + "#" + iri[len(str(CX)):]
    if iri == ONTOLOGY_IRI:
        return url_for("ontology_page.ontology")
    base = settings().base
    if not iri.startswith(base) or len(iri) == len(base):
        return web_link(iri)
    path = iri[len(base):]
    kind, _, rest = path.partition("/")
    if kind in BROWSABLE and rest and "/" not in rest and "#" not in rest:
        return BROWSABLE[kind] + rest
    return "/id/" + path


def web_link(target: str | None) -> str | None:
    r"""``target`` if a page may make a link of it, else ``None`` (shown as text).

    An IRI from the data may be anything (``javascript:alert(1)``, ``data:``):
    only http(s) IRIs, paths of this site and fragments become links.

    >>> web_link("https://example.org/a"), web_link("/id/x"), web_link("#Practice")
    ('https://example.org/a', '/id/x', '#Practice')
    >>> web_link("javascript:alert(1)"), web_link(" http://e.org/"), web_link(None)
    (None, None, None)
    >>> web_link("//evil.example/"), web_link("/\\evil.example/")  # another host, for a browser
    (None, None)
    """
    if not target:
        return None
    if target.lower().startswith(("http://", "https://", "#")):
        return target
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else None


def short(iri: str) -> str:
    """An IRI as a prefixed name where a prefix fits (the longest namespace wins).

    >>> from flask import Flask
    >>> from cxkg.config import Settings
    >>> app = Flask("t"); app.config["CXKG"] = Settings()
    >>> with app.app_context():
    ...     short("https://w3id.org/cxkg/ontology#supports"), short("https://w3id.org/cxkg/id/concept/nps")
    ('cx:supports', 'cxid:concept/nps')
    >>> with app.app_context():
    ...     short("http://example.org/a")
    'http://example.org/a'
    """
    return prefixed(iri, {**PREFIXES, "cxid": settings().base})
