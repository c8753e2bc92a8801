"""``/dumps/``: the whole dataset in every RDF format, at stable URLs.

``/dumps/cxkg.ttl``, ``.nt`` and ``.rdf`` hold the union of the named graphs
(each distinct triple once); ``.nq``, ``.trig`` and ``.jsonld`` keep the named
graphs (see :func:`cxkg.ontology.export.export`). A dump is written once per
state of the data: the files are cached beside an embedded store
(``<store>.dumps/``), else in a temporary folder, under the store's generation
(:func:`cxkg.api.conditional.generation`), so a rebuilt store gets fresh dumps
and the stale ones are removed. Each dump has a gzip twin, ``cxkg.nt.gz`` and
so on (the N-Triples dump shrinks about tenfold), written once beside it and
served as ``application/gzip``, so that a download saves the file as it is
named. The ETag follows the generation (Last-Modified too, where the store
knows it), and the answers are conditional (304) and support ranges. Embedded
and remote stores are dumped alike, through :func:`cxkg.store.open.open_store`.
A dump holds the releases graph, where ``<base>dataset owl:versionIRI`` names
the release it is, and downloads as ``cxkg-<version>.<fmt>`` (``.gz`` added for
the twin; ``Content-Disposition``).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Callable

from flask import Blueprint, Response, jsonify, send_file, url_for

from cxkg.api.errors import ApiError
from cxkg.api.backend import settings
from cxkg.api.conditional import generation
from cxkg.api.descriptions import releases
from cxkg.ontology.export import EXPORT_FORMATS, export
from cxkg.store.open import open_store
from cxkg.store.interface import StoreError
from cxkg.store.formats import FORMATS

bp = Blueprint("dumps", __name__)

NAME = "cxkg"
#: The suffix and media type of a dump's gzip twin.
GZIP, GZIP_TYPE = "gz", "application/gzip"
_lock = threading.Lock()


@bp.route("/dumps/")
def listing() -> Response:
    """The dumps, their formats and media types, and their gzip twins (JSON)."""
    return jsonify({"dumps": [
        {"url": dump_url(fmt), "format": fmt, "media_type": FORMATS[fmt].media_types[0],
         "graphs": "named" if FORMATS[fmt].datasets else "union", "gzip_url": dump_url(fmt, compressed=True)}
        for fmt in EXPORT_FORMATS
    ]})


def dump_url(fmt: str, compressed: bool = False) -> str:
    """The URL of the dump in ``fmt``, or of its gzip twin."""
    suffix = f"{fmt}.{GZIP}" if compressed else fmt
    return url_for("dumps.dump", filename=f"{NAME}.{suffix}", _external=True)


@bp.route("/dumps/<filename>")
def dump(filename: str) -> Response:
    name, compressed = filename.removesuffix(f".{GZIP}"), filename.endswith(f".{GZIP}")
    stem, _, fmt = name.rpartition(".")
    if stem != NAME or fmt not in EXPORT_FORMATS:
        raise ApiError(404, "not-found", f"no dump {filename!r}; see {url_for('.listing')}")
    store = settings().store
    identity = generation()
    path = cached(store, identity, fmt)
    if compressed:
        path = gzipped(path)
    return send_file(
        path, mimetype=GZIP_TYPE if compressed else FORMATS[fmt].media_types[0], as_attachment=True,
        download_name=versioned(fmt) + (".gz" if compressed else ""), etag=f"{identity}-{filename}", last_modified=modified(store), conditional=True,
    )


def versioned(fmt: str) -> str:
    """The file name a download is saved under: ``cxkg-<version>.<fmt>``, the
    version of the release the dump holds (``cxkg.<fmt>`` before releases were kept)."""
    latest = next((row["version"].value for row in releases() if row["latest"].value == "true"), None)
    return f"{NAME}-{latest}.{fmt}" if latest else f"{NAME}.{fmt}"



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
    """The dump file in ``fmt``, written on first request (see :func:`written_once`)."""
    target = cache_dir(store, identity) / f"{NAME}.{fmt}"
    return written_once(target, lambda output: export(open_store(settings(), read_only=True), fmt, output))


def gzipped(path: Path) -> Path:
    """The gzip twin of the dump at ``path``, written on first request (see :func:`written_once`)."""

    def compress(raw) -> None:
        with open(path, "rb") as source:
            # no name or time in the header: the same dump gives the same bytes
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as output:
                shutil.copyfileobj(source, output, 1024 * 1024)

    return written_once(path.with_name(f"{path.name}.{GZIP}"), compress)


def written_once(target: Path, write: Callable[[BinaryIO], None]) -> Path:
    """``target``, written by ``write`` unless it exists.

    Workers that race each write a private file; the first to link it into
    place wins, so every worker serves the same bytes.
    """
    if target.is_file():
        return target
    with _lock:
        if target.is_file():
            return target
        handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
        try:
            with os.fdopen(handle, "wb") as output:
                write(output)
            os.link(scratch, target)
        except FileExistsError:
            pass
        finally:
            os.unlink(scratch)
    return target
