"""Whether a repeat request costs nothing: an ETag answered by 304, and gzip offered.

Asks ``/sparql`` once with ``Accept-Encoding: gzip``, then again with the
``ETag`` it got in ``If-None-Match``: a service that caches well answers the
first compressed and the second ``304 Not Modified`` with no body.
"""

from __future__ import annotations

import http.client
from urllib.parse import urlencode, urlsplit

ACCEPT = "application/sparql-results+json"


def check(base: str, query: str, timeout: float = 60.0) -> dict:
    """``{"etag", "not_modified", "gzip", "status"}`` for ``query`` on ``base``'s ``/sparql``."""
    parts = urlsplit(base)
    target = "/sparql?" + urlencode({"query": query})
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        return ask_twice(conn, target)
    except (OSError, http.client.HTTPException) as error:
        return {"status": None, "error": str(error)[:200], "etag": False, "gzip": False, "repeat_status": None, "not_modified": False}
    finally:
        conn.close()


def ask_twice(conn: http.client.HTTPConnection, target: str) -> dict:
    """The first answer's headers, then the repeat's status."""
    conn.request("GET", target, headers={"Accept": ACCEPT, "Accept-Encoding": "gzip"})
    first = conn.getresponse()
    first.read()
    etag = first.getheader("ETag")
    gzip = (first.getheader("Content-Encoding") or "").lower() == "gzip"
    repeat = None
    if etag:
        conn.request("GET", target, headers={"Accept": ACCEPT, "Accept-Encoding": "gzip", "If-None-Match": etag})
        second = conn.getresponse()
        body = second.read()
        repeat = second.status if not (second.status == 304 and body) else "304 with a body"
    return {"status": first.status, "etag": etag is not None, "gzip": gzip, "repeat_status": repeat, "not_modified": repeat == 304}
