"""Read a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

The protocol allows three ways to send a query (GET, POST form, POST body) and
two for an update (POST form, POST body), each with its own media type and
dataset parameters; everything else is a client error, said precisely.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from flask import request

from cxkg.api.errors import ApiError

FORM = "application/x-www-form-urlencoded"
DIRECT = {"application/sparql-query": "query", "application/sparql-update": "update"}


@dataclass(frozen=True)
class Operation:
    kind: str  # "query" or "update"
    text: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None


def read_operation() -> Operation | None:
    """The operation a request carries; ``None`` for a GET without one.

    :raises ApiError: 400 for a missing, repeated or badly encoded operation
        (a POST with ``query`` or ``update`` in its URL carries it twice, or in
        the wrong place: the protocol puts it in the body), 415 for a body in a
        media type the protocol does not define.
    """
    if replaced(request):
        utf8(request.query_string, "query string")
    if request.method in ("GET", "HEAD"):
        if "update" in request.args:
            raise ApiError(400, "bad-request", "an update must be sent with POST, never GET")
        if "query" not in request.args:
            return None
        return operation("query", single(request.args, "query"), request.args)
    in_url = [k for k in ("query", "update") if k in request.args]
    if in_url:
        raise ApiError(
            400, "bad-request",
            f"'{in_url[0]}' is in the URL of a POST: send the operation once, in the body of a POST "
            "or in the URL of a GET",
        )
    mimetype = request.mimetype
    if mimetype == FORM:
        utf8(request.get_data(cache=True), "form")
        kinds = [k for k in ("query", "update") if k in request.form]
        if len(kinds) != 1:
            raise ApiError(400, "bad-request", "a form must carry exactly one of 'query' or 'update'")
        return operation(kinds[0], single(request.form, kinds[0]), request.args, request.form)
    if mimetype in DIRECT:
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise ApiError(415, "unsupported-media-type", f"the body must be UTF-8, not {charset}")
        return operation(DIRECT[mimetype], body_text(), request.args)
    given = f"'{mimetype}'" if mimetype else "no Content-Type"
    raise ApiError(
        415, "unsupported-media-type",
        f"a POST to /sparql needs Content-Type {FORM}, application/sparql-query or "
        f"application/sparql-update; it had {given}",
    )


def single(values, name: str) -> str:
    found = values.getlist(name)
    if len(found) != 1:
        raise ApiError(400, "bad-request", f"exactly one '{name}' parameter is allowed; there are {len(found)}")
    return found[0]


def utf8(raw: bytes, where: str) -> None:
    """Refuse percent-encoded bytes that are not UTF-8: werkzeug would silently
    replace them, and run a query other than the one sent."""
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(400, "bad-encoding", f"the {where} is not valid UTF-8 once percent-decoded: {error}") from None


def replaced(req) -> bool:
    """Whether decoding the URL's parameters may have kept or replaced bytes that are not UTF-8.

    werkzeug keeps such bytes percent-encoded (``%FF``) and fails on raw ones,
    so only a decoded text holding ``%`` (or U+FFFD) needs :func:`utf8` to read
    the query string again; the rest were valid.
    """
    try:
        values = req.args
    except UnicodeDecodeError:
        return True
    return any(suspect(key) or any(suspect(value) for value in values.getlist(key)) for key in values)


def suspect(text: str) -> bool:
    return "%" in text or "\ufffd" in text


def body_text() -> str:
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(400, "bad-encoding", f"the body is not valid UTF-8: {error}") from None


def operation(kind: str, text: str, *sources) -> Operation:
    """The operation with its protocol dataset (``None`` when none is given)."""
    prefix = "" if kind == "query" else "using-"
    default = graphs(sources, f"{prefix}graph-uri" if kind == "update" else "default-graph-uri")
    named = graphs(sources, f"{prefix}named-graph-uri")
    if "\x00" in text:
        raise ApiError(400, "bad-request", "the operation contains a NUL character")
    if default is None and named is None:
        return Operation(kind, text, None, None)
    return Operation(kind, text, default or (), named or ())


def graphs(sources, name: str) -> tuple[str, ...] | None:
    found = [value for source in sources for value in source.getlist(name)]
    return tuple(found) if found else None
