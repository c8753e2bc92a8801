"""``/dumps/``: the whole dataset in every RDF format, at stable URLs.

``/dumps/cxkg.ttl``, ``.nt`` and ``.rdf`` hold the union of the named graphs
(each distinct triple once); ``.nq``, ``.trig`` and ``.jsonld`` keep the named
graphs (see :func:`cxkg.ontology.export.export`). A dump is written once per
state of the data: the files are cached beside an embedded store
(``<store>.dumps/``), else in a temporary folder, under the store's generation
(an embedded store's folder identity, a remote store's graphs and their sizes),
so a rebuilt store gets fresh dumps and the stale ones are removed. The ETag
follows the generation (Last-Modified too, where the store knows it), and the
answers are conditional (304) and support ranges. Embedded and remote stores
are dumped alike, through :func:`cxkg.store.open.open_store`. A dump holds the
releases graph, where ``<base>dataset owl:versionIRI`` names the release it is,
and downloads as ``cxkg-<version>.<fmt>`` (``Content-Disposition``).
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
from cxkg.api.backend import get_store, settings
from cxkg.api.descriptions import releases
from cxkg.ontology.export import EXPORT_FORMATS, export
from cxkg.store.open import open_store
from cxkg.store.interface import StoreError
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
    identity = generation()
    path = cached(store, identity, fmt)
    return send_file(
        path, mimetype=FORMATS[fmt].media_types[0], as_attachment=True, download_name=versioned(fmt),
        etag=f"{identity}-{fmt}", last_modified=modified(store), conditional=True,
    )


def versioned(fmt: str) -> str:
    """The file name a download is saved under: ``cxkg-<version>.<fmt>``, the
    version of the release the dump holds (``cxkg.<fmt>`` before releases were kept)."""
    latest = next((row["version"].value for row in releases() if row["latest"].value == "true"), None)
    return f"{NAME}-{latest}.{fmt}" if latest else f"{NAME}.{fmt}"


def generation() -> str:
    """A short token that changes whenever the data changes, whichever the store."""
    if settings().remote:
        return hashlib.sha256(repr(get_store().generation()).encode()).hexdigest()[:16]
    store = settings().store
    try:
        stat = os.stat(store)
    except OSError as error:
        raise StoreError(f"no store at {store}: run `cxkg build` first") from error
    return f"{stat.st_ino:x}-{stat.st_dev:x}-{stat.st_mtime_ns:x}"


def modified(store: str) -> datetime | None:
    """When an embedded store was last written; ``None`` for a remote one (it does not say)."""
    if settings().remote:
        return None
    return datetime.fromtimestamp(os.stat(store).st_mtime, tz=timezone.utc)


def cache_dir(store: str, identity: str) -> Path:
    """The folder of this build's dumps; older builds' folders are removed."""
    beside = Path(f"{os.path.realpath(store)}.dumps")
    elsewhere = Path(tempfile.gettempdir()) / "cxkg-dumps" / hashlib.sha256(str(beside).encode()).hexdigest()[:16]
    for owner in ((elsewhere,) if settings().remote else (beside, elsewhere)):
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
                export(open_store(settings(), read_only=True), fmt, output)
            os.link(scratch, target)
        except FileExistsError:
            pass
        finally:
            os.unlink(scratch)
    return target
