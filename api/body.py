"""A request body within ``Settings.body_limit``, whatever its transfer encoding.

A body with ``Content-Length`` over the limit is refused before it is read. A
chunked body has no length to check: it is read here, before any view runs,
up to one byte past the limit, so that a view never sees a body cut short
(an update that applies half of what was sent) and a broken chunk is a 400
rather than a server error. What is read is handed on as an ordinary body
with its ``Content-Length``.
"""

from __future__ import annotations

import io

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from cxkg.api.errors import ApiError

#: Bytes read from the stream at a time.
CHUNK = 64 * 1024


def malformed_body_errors() -> tuple[type[BaseException], ...]:
    """What the server raises while reading a badly framed body (a bad chunk size line)."""
    try:
        from gunicorn.http.errors import ParseException
    except ImportError:  # another WSGI server: its own errors are its own
        return (ValueError,)
    return (ParseException, ValueError)


def too_large(limit: int) -> RequestEntityTooLarge:
    return RequestEntityTooLarge(f"the request body is over the limit of {limit} bytes")


def limit_body() -> None:
    """Refuse a body over the limit; read a chunked one in full, within it.

    :raises RequestEntityTooLarge: 413 for a body over the limit.
    :raises ApiError: 400 for a chunked body that is badly framed.
    """
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    environ = request.environ
    length = request.content_length
    if length is not None:
        if length > limit:
            raise too_large(limit)
        return
    if "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return
    body = read_at_most(environ["wsgi.input"], limit + 1)
    if len(body) > limit:
        raise too_large(limit)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    del environ["HTTP_TRANSFER_ENCODING"]


def read_at_most(stream, size: int) -> bytes:
    """Up to ``size`` bytes of ``stream`` (fewer at its end).

    :raises ApiError: 400 when the server finds the body badly framed.
    """
    parts, left = [], size
    try:
        while left > 0:
            part = stream.read(min(CHUNK, left))
            if not part:
                break
            parts.append(part)
            left -= len(part)
    except malformed_body_errors() as error:
        raise ApiError(400, "bad-request", f"the chunked request body is malformed: {error}") from None
    return b"".join(parts)


def init_app(app: Flask) -> None:
    app.before_request(limit_body)
