"""The 404 page: any address a browser asks for that leads nowhere, in the reader's language.

A browser (``Accept`` prefers ``text/html``) gets ``templates/not_found.html``
for every unknown path, page or linked-data IRI alike; a client that asks for
JSON, and every path of the API (``/api/``, ``/sparql``, dumps, VoID,
``/health``...), keeps the one error shape of :mod:`cxkg.api.errors`.
A page says why in both languages with :class:`Missing`.
"""

from __future__ import annotations

from flask import Response, make_response, render_template, request
from werkzeug.exceptions import NotFound

#: Paths whose errors stay JSON even for a browser: the API, the endpoint, the files.
API_PATHS = ("/api/", "/sparql", "/dumps", "/.well-known/", "/openapi", "/health")


class Missing(NotFound):
    """A 404 whose reason a page gives in English and in French."""

    def __init__(self, en: str, fr: str) -> None:
        super().__init__(en)
        self.french = fr


def for_reader() -> bool:
    """Whether this request should get the HTML page rather than the JSON error."""
    from cxkg.api.negotiation import wants_html

    return not request.path.startswith(API_PATHS) and wants_html()


def page(message: str | None = None, french: str | None = None) -> Response:
    """The 404 page, with the reason when the page can give it in the reader's language.

    ``message`` alone (English) is shown on English pages only; a French page
    then says what every 404 says.
    """
    if message == NotFound.description:  # werkzeug's words for a path no route takes
        message = None
    response = make_response(render_template("not_found.html", message=message, message_fr=french), 404)
    response.vary.add("Accept")
    return response
