"""``/dumps/``: the whole dataset in every RDF format, at stable URLs.

``/dumps/cxkg.ttl``, ``.nt`` and ``.rdf`` hold the union of the named graphs
(each distinct triple once); ``.nq``, ``.trig`` and ``.jsonld`` keep the named
graphs (see :func:`cxkg.ontology.export.export`). A dump is written once per build:
the files are cached beside the store (``<store>.dumps/``, or a temporary
folder if that one cannot be written) under the store folder's identity
(inode, device, modification time), so a rebuilt store, swapped into place,
gets fresh dumps and the stale ones are removed. ETag and Last-Modified follow that identity, and the
answers are conditional (304) and support ranges.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

from flask import Blueprint, Response, jsonify, send_file, url_for

from cxkg.api.errors import ApiError
from cxkg.api.backend import settings
from cxkg.ontology.export import EXPORT_FORMATS, export
from cxkg.store.embedded import OxigraphStore, StoreError
from cxkg.store.formats import FORMATS

bp = Blueprint("dumps", __name__)

NAME = "cxkg"
_lock = threading.Lock()


@bp.route("/dumps/")
def listing() -> Response:
    """The dumps, their formats and media types (JSON)."""
    return jsonify({"dumps": [
        {"url": url_for(".dump", filename=f"{NAME}.{fmt}", _external=True), "format": fmt,
         "media_type": FORMATS[fmt].media_types[0], "graphs": "named" if FORMATS[fmt].datasets else "union"}
        for fmt in EXPORT_FORMATS
    ]})


@bp.route("/dumps/<filename>")
def dump(filename: str) -> Response:
    stem, _, fmt = filename.rpartition(".")
    if stem != NAME or fmt not in EXPORT_FORMATS:
        raise ApiError(404, "not-found", f"no dump {filename!r}; see {url_for('.listing')}")
    store = settings().store
    identity = store_identity(store)
    path = cached(store, identity, fmt)
    return send_file(
        path, mimetype=FORMATS[fmt].media_types[0], as_attachment=True, download_name=filename,
        etag=f"{identity}-{fmt}", last_modified=modified(store), conditional=True,
    )


def store_identity(store: str) -> str:
    """Changes whenever the store folder is replaced or written to."""
    try:
        stat = os.stat(store)
    except OSError as error:
        raise StoreError(f"no store at {store}: run `cxkg build` first") from error
    return f"{stat.st_ino:x}-{stat.st_dev:x}-{stat.st_mtime_ns:x}"


def modified(store: str) -> datetime:
    return datetime.fromtimestamp(os.stat(store).st_mtime, tz=timezone.utc)


def cache_dir(store: str, identity: str) -> Path:
    """The folder of this build's dumps; older builds' folders are removed."""
    beside = Path(f"{os.path.realpath(store)}.dumps")
    elsewhere = Path(tempfile.gettempdir()) / "cxkg-dumps" / hashlib.sha256(str(beside).encode()).hexdigest()[:16]
    for owner in (beside, elsewhere):
        folder = owner / identity
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        for old in owner.iterdir():
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)
        return folder
    raise StoreError(f"no folder to write the dumps of {store} in")


def cached(store: str, identity: str, fmt: str) -> Path:
    """The dump file in ``fmt``, written on first request.

    Workers that race each write a private file; the first to link it into
    place wins, so every worker serves the same bytes.
    """
    target = cache_dir(store, identity) / f"{NAME}.{fmt}"
    if target.is_file():
        return target
    with _lock:
        if target.is_file():
            return target
        handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=f".{fmt}-")
        try:
            with os.fdopen(handle, "wb") as output:
                export(OxigraphStore.open(store, read_only=True), fmt, output)
            os.link(scratch, target)
        except FileExistsError:
            pass
        finally:
            os.unlink(scratch)
    return target
