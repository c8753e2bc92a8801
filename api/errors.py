"""One error shape for every 4xx and 5xx: ``{"error": {"code", "message"}}``.

``code`` is a short stable word a client can test (``syntax-error``,
``query-error``, ``timeout``...); ``message`` says what went wrong and,
where it can, what to do instead. Extra keys (``param``, ``suggestions``,
``limit``) add what a client needs to recover.

A browser that asks for an address that leads nowhere gets the HTML 404 page
instead (:mod:`cxkg.api.missing`).

Under gunicorn, a request too malformed to reach the application (a control
character in a header, a request line over the limit) gets the same shape.
"""

from __future__ import annotations

import json
import logging
import sys

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from cxkg.store.engine import TooLarge
from cxkg.store.guard import Refused
from cxkg.store.processes import QueryFailed, QueryStopped
from cxkg.store.interface import StoreError
from cxkg.queries.resolve import UnknownValue

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error the service reports to the client as it is."""

    def __init__(self, status: int, code: str, message: str, **extra: object) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def error_response(status: int, code: str, message: str, headers=None, **extra: object) -> Response:
    response = jsonify({"error": {"code": code, "message": message, **extra}})
    response.status_code = status
    for name, value in headers or []:
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def from_api_error(error: ApiError) -> Response:
    if error.status == 404 and (missing := reader_page(error.message)) is not None:
        return missing
    return error_response(error.status, error.code, error.message, **error.extra)


def from_http(error: HTTPException) -> Response:
    if error.code == 404 and (missing := reader_page(error.description, getattr(error, "french", None))) is not None:
        return missing
    code = (error.name or "error").lower().replace(" ", "-")
    return error_response(error.code or 500, code, error.description or error.name, error.get_headers())


def reader_page(message: str | None, french: str | None = None) -> Response | None:
    """The HTML 404 page when a browser asked for a page, else ``None`` (:mod:`cxkg.api.missing`)."""
    from cxkg.api import missing

    return missing.page(message, french) if missing.for_reader() else None


def from_domain(error: Exception) -> Response:
    """The store's and the catalogue's exceptions, as HTTP answers."""
    if isinstance(error, QueryStopped):
        return error_response(503, "timeout", str(error), limit_seconds=error.timeout)
    if isinstance(error, TooLarge):
        return error_response(503, "too-large", str(error))
    if isinstance(error, Refused):
        return error_response(400, "refused", str(error))
    if isinstance(error, QueryFailed):
        return error_response(400, "query-error", str(error))
    if isinstance(error, UnknownValue):
        return error_response(404, "unknown-value", str(error), param=error.param, suggestions=error.suggestions)
    if isinstance(error, StoreError):  # the whole story (paths) to the log, not to the client
        log.error("store unavailable: %s", error)
        return error_response(503, "store-unavailable", error.public)
    return error_response(400, "syntax-error", str(error))


def from_unexpected(error: Exception) -> Response:
    log.exception("unexpected error", exc_info=error)
    return error_response(500, "internal-error", "the server failed to answer; the error is logged")


def write_server_error(sock, status: int, reason: str, message: str) -> None:
    """gunicorn's ``util.write_error``, in the error shape rather than an HTML page."""
    from gunicorn.util import write_nonblock

    code = reason.lower().replace(" ", "-")
    if status == 414:
        message += "; send a long query with POST"
    body = json.dumps({"error": {"code": code, "message": message or reason}}).encode()
    head = f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
    write_nonblock(sock, f"{head}Content-Length: {len(body)}\r\n\r\n".encode("latin-1") + body)


def shape_server_errors() -> None:
    """Make gunicorn's own error answers JSON, when the app runs under gunicorn."""
    util = sys.modules.get("gunicorn.util")
    if util is not None:
        util.write_error = write_server_error


def init_app(app: Flask) -> None:
    shape_server_errors()
    app.register_error_handler(ApiError, from_api_error)
    app.register_error_handler(HTTPException, from_http)
    for kind in (QueryStopped, TooLarge, Refused, QueryFailed, UnknownValue, StoreError, SyntaxError):
        app.register_error_handler(kind, from_domain)
    app.register_error_handler(Exception, from_unexpected)
