"""What a remote store's answers mean as the project's exceptions, read in one place.

A 400, or a compiler error (SQL state 37000, sometimes sent as a 500), is a
:class:`SyntaxError` carrying the server's message; a time-out (the client's,
or Virtuoso's own ``S1TAT`` "incomplete results" answer) is
:class:`~cxkg.store.processes.QueryStopped`; anything else that fails is
:class:`~cxkg.store.interface.StoreError`.
"""

from __future__ import annotations

from cxkg.store.interface import StoreError
from cxkg.store.processes import QueryStopped

#: Virtuoso's SQL state for a query interrupted at its time limit.
TIMED_OUT = "S1TAT"
#: How Virtuoso's errors about the query text begin (SQL state 37000), whatever the HTTP status.
COMPILER = "Virtuoso 37000 "


class HTTPFailure(Exception):
    """An HTTP error answer, with its status and body (SPARQLWrapper 2.0 keeps neither)."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"HTTP {status}: {body[:500]}")
        self.status, self.body = status, body


def failed(failure: HTTPFailure, elapsed: float, timeout: float | None, url: str) -> Exception:
    """The project's exception for an HTTP error answer."""
    message = server_message(failure.body)
    if failure.status == 400 or message.startswith(COMPILER):
        return SyntaxError(message)
    if timeout and elapsed >= timeout:
        return QueryStopped(timeout)
    if failure.status in (401, 403):
        return StoreError(f"the remote store at {url} refused the request (HTTP {failure.status}): check the user and password")
    return StoreError(f"the remote store at {url} failed (HTTP {failure.status}): {message}")


def stopped(headers, response, timeout: float | None) -> None:
    """Raise :class:`QueryStopped` when Virtuoso cut the query at its time limit.

    Virtuoso then answers 200 with whatever it had (an "anytime" result) and
    says so in ``X-SQL-State``; the partial answer must not pass for a full one.
    """
    if headers.get("X-SQL-State", "").strip() == TIMED_OUT:
        response.close()
        raise QueryStopped(timeout or 0)


def server_message(body: str) -> str:
    """The useful part of a Virtuoso error page: its first paragraph.

    >>> server_message("Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error at 'SELEC'\\n\\nSPARQL query:\\n...")
    "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error at 'SELEC'"
    """
    return body.strip().split("\n\n", 1)[0].strip() or "no message"


def reason(error: Exception) -> str:
    return str(getattr(error, "reason", error))
