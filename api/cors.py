"""CORS for reads: any web page may query the graph, none may write it.

Every answer to a read (GET, HEAD, a POSTed query) carries
``Access-Control-Allow-Origin: *``; preflight requests are answered for the
headers SPARQL clients send. Writes need a token, which a browser page from
another origin cannot send (``Authorization`` is not an allowed header).
"""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

ALLOWED_HEADERS = "Accept, Content-Type, If-None-Match"


def add_headers(response: Response) -> Response:
    if request.method in ("GET", "HEAD", "OPTIONS") or is_read_post():
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "Content-Type, Vary, ETag"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def is_read_post() -> bool:
    """A POST that carries a query rather than an update.

    Runs after the answer is made, so it must not fail: a form that cannot be
    read (too large, broken) carried no update, and its error is readable.
    """
    if request.method != "POST":
        return False
    mimetype = request.mimetype
    if mimetype == "application/sparql-query":
        return True
    if mimetype != "application/x-www-form-urlencoded":
        return False
    try:
        return "update" not in request.form
    except HTTPException:
        return True


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
