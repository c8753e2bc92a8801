"""Headers every answer carries, so a browser treats the pages safely.

The pages run one script, ``/static/suggest.js``; the examples of the query
page are a ``<script type="application/json">`` data block, which a browser
never executes. So the policy allows no inline script, no inline style and
no framing, and sends no referrer (a query in a URL stays with the reader).
OWASP's secure-headers list, applied to every response, errors included.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def add_security_headers(response: Response) -> Response:
    """Set each security header the response does not set itself (one pass over its headers)."""
    headers = response.headers
    present = {key.lower() for key in headers.keys()}
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            headers.add(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
