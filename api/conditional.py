"""Conditional GETs: every read carries an ETag, and a repeat costs nothing.

The answer to a GET is a function of the data, the code, the settings and the
request: its path and query string (the SPARQL text and its parameters), and
the headers and cookie that change it (the negotiated format, the language,
the content coding). So the entity tag is a digest of those, known before the
answer is made: a request whose ``If-None-Match`` holds it (weak comparison,
RFC 9110 13.1.2; a list, or ``*`` for an answer that exists) is answered
``304 Not Modified`` at once, without running a query or rendering a page.

The data's part is the store's generation: an embedded store's folder
identity (a rebuild swaps in a new folder), and when the server takes
updates the newest file time in it; a remote store's graphs and their sizes,
asked at most every few seconds (:data:`cxkg.store.remote.GRAPHS_TTL`: another
writer's change shows within that time). Tags are weak (``W/``): the same answer may be sent
compressed or not, and a compressed answer gets its own tag anyway, since
``Accept-Encoding`` is part of the digest.
"""

from __future__ import annotations

import hashlib
import os

from flask import Flask, Response, g, request

from cxkg.api.backend import get_store, settings
from cxkg.api.templating import COOKIE
from cxkg.ontology.release import software_version
from cxkg.store.interface import StoreError

#: Request headers an answer may vary on; each is part of the tag.
VARYING = ("Accept", "Accept-Language", "Accept-Encoding")
#: Their keys in the WSGI environ, read there without building the headers' view.
VARYING_KEYS = tuple("HTTP_" + name.upper().replace("-", "_") for name in VARYING)
#: Statuses that carry a tag: a whole answer, and a redirect that depends on the same inputs.
TAGGED = (200, 303)


def generation() -> str:
    """A short token that changes whenever the data changes, whichever the store.

    :raises StoreError: when the store cannot be reached or there is none.
    """
    return digest(data_state())


def data_state() -> str:
    """What :func:`generation` digests: the store's generation, and its newest write when it takes updates."""
    s = settings()
    written = newest_write(s.store) if s.write_token and not s.remote else None
    return repr((get_store().generation(), written))


def newest_write(folder: str) -> int:
    """The latest modification time (ns) of a file in an embedded store's folder.

    An update goes to the store's write-ahead log, which leaves the folder's
    own identity alone.
    """
    try:
        with os.scandir(folder) as entries:
            return max((entry.stat().st_mtime_ns for entry in entries), default=0)
    except OSError:
        return 0


def digest(text: str) -> str:
    """A short hex digest of ``text``.

    >>> digest("a"), len(digest("b"))
    ('ca978112ca1bbdcafac2', 20)
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def entity_tag() -> str:
    """The tag of the answer to this GET (see the module's docstring)."""
    if "etag" not in g:
        environ = request.environ
        cookie = request.cookies.get(COOKIE, "") if "HTTP_COOKIE" in environ else ""
        parts = [data_state(), software_version(), settings().public_url or "", request.full_path,
                 *(environ.get(key, "") for key in VARYING_KEYS), cookie]
        g.etag = digest("\0".join(parts))
    return g.etag


def answer_unchanged() -> Response | None:
    """``304 Not Modified`` when the client already holds this answer, before any work.

    The tag is made here for every GET, before the view runs: once a remote
    store's answer is streaming it holds a connection to the store, and the
    tag must not need another then.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    try:
        current = entity_tag()
    except StoreError:
        return None  # the view says what is wrong with the store
    if "HTTP_IF_NONE_MATCH" not in request.environ:
        return None
    if not request.if_none_match or request.if_none_match.star_tag:
        return None  # "*" is decided once the answer is known to exist (see tag)
    return not_modified() if request.if_none_match.contains_weak(current) else None


def not_modified() -> Response:
    unchanged = Response(status=304)
    unchanged.set_etag(entity_tag(), weak=True)
    unchanged.vary.update(VARYING)
    del unchanged.headers["Content-Type"]
    return unchanged


def tag(response: Response) -> Response:
    """Give a GET's answer its tag (unless it has its own, as a dump has); ``*`` matches it."""
    if request.method not in ("GET", "HEAD") or response.status_code not in TAGGED:
        return response
    if response.headers.get("ETag") is None:
        try:
            response.set_etag(entity_tag(), weak=True)
        except StoreError:
            return response  # no data to tag the answer with
        response.vary.update(VARYING)
    if "HTTP_IF_NONE_MATCH" in request.environ and request.if_none_match.star_tag and response.status_code == 200:
        return not_modified()
    return response


def init_app(app: Flask) -> None:
    app.before_request(answer_unchanged)
    app.after_request(tag)
