"""gzip for every answer a client accepts compressed (Flask-Compress).

Pages, JSON, query results and RDF in every format of
:data:`~cxkg.store.formats.FORMATS` are compressed when the request's
``Accept-Encoding`` allows gzip, streamed answers included (a remote store's
results as they pass); answers under :data:`MIN_SIZE` bytes are left alone,
and every answer says ``Vary: Accept-Encoding``. Dumps are not compressed on
the fly: they are files served with ranges, and each has a ``.gz`` twin
written once (see :mod:`cxkg.api.dumps`). Errors (4xx, 5xx) are left as they
are, so their JSON shape reaches every client unchanged.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

from cxkg.store.formats import FORMATS

#: Answers smaller than this are sent as they are (gzip would save little or grow them).
MIN_SIZE = 1024
#: Media types worth compressing: text, JSON, and every format the project writes.
MEDIA_TYPES = sorted({
    "text/html", "text/css", "text/plain", "text/javascript", "application/javascript", "application/json",
    "application/xml", "image/svg+xml", "application/yaml", "application/problem+json",
    *(media for fmt in FORMATS.values() for media in fmt.media_types),
})
#: Blueprints whose answers are files with their own compressed twins.
UNCOMPRESSED = frozenset({"dumps", "static"})

compress = Compress()


def compressed(response: Response) -> Response:
    """``response`` compressed when the client accepts it (see the module's docstring)."""
    if request.blueprint in UNCOMPRESSED or request.endpoint == "static":
        return response
    tag, weak = response.get_etag()
    if tag and not weak:
        # A file's own strong tag (the ontology), on its answer and on its 304: made weak, it holds
        # for the gzipped bytes too and still matches the view's own check, which compares weakly
        # (Flask-Compress would suffix a strong one, which the view would not recognise).
        response.set_etag(tag, weak=True)
    return compress.after_request(response) if response.status_code == 200 else response


def init_app(app: Flask) -> None:
    app.config.update(
        COMPRESS_REGISTER=False,  # registered below, so that dumps and files are left out
        COMPRESS_MIMETYPES=MEDIA_TYPES,
        COMPRESS_ALGORITHM=["gzip"],
        COMPRESS_ALGORITHM_STREAMING=["gzip"],
        COMPRESS_STREAMS=True,
        COMPRESS_MIN_SIZE=MIN_SIZE,
        COMPRESS_LEVEL=6,
        COMPRESS_EVALUATE_CONDITIONAL_REQUEST=False,  # 304s are decided by cxkg.api.conditional
    )
    compress.init_app(app)
    app.after_request(compressed)
