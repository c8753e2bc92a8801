"""The documents added with ``cxkg add``, kept beside the store so that a rebuild keeps them.

``<store>.documents/`` has the corpus's layout: ``<id>.txt`` (the text as
stored) and ``corpus.json`` (their CSL-JSON entries), so ``cxkg build`` reads it
with the corpus reader, after the corpus. Each entry's ``custom`` object (the
CSL-JSON place for extensions) keeps what the reading of the file gave (a PDF's
pages and running lines, the source's name, format and SHA-256), so that a
rebuild makes the same graph, and adds when it was added, the path it was read
from (``source.path``), and the SHA-256 of its text and entry, which tells a
changed file from the same one.

A change is staged (:class:`FolderChange`): written beside the files, put in
place by :meth:`FolderChange.commit` and undone by :meth:`FolderChange.undo`,
so the folder and the store change together or not at all.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from cxkg.config import Settings
from cxkg.loaders.corpus import CATALOGUE, CorpusError, Document, read_catalogue, read_corpus


def folder_of(settings: Settings) -> Path:
    """Where the documents added to ``settings.store`` are kept: ``settings.documents``,
    else ``<store>.documents`` beside a folder store."""
    if settings.documents is not None:
        return settings.documents
    store = Path(settings.store)
    return store.with_name(store.name + ".documents")


def entries(folder: Path) -> dict[str, dict]:
    """The added documents' entries, by id (none when the folder is missing)."""
    if not (folder / CATALOGUE).is_file():
        return {}
    return {entry["id"]: entry for entry in read_catalogue(folder / CATALOGUE)}


def added_documents(settings: Settings) -> list:
    """The added documents, as the corpus reader reads them (for ``cxkg build``)."""
    folder = folder_of(settings)
    return read_corpus(folder) if (folder / CATALOGUE).is_file() else []


def corpus_ids(settings: Settings) -> set[str]:
    """The ids of the corpus's own documents (none when there is no corpus)."""
    catalogue = Path(settings.corpus) / CATALOGUE
    if not catalogue.is_file():
        return set()
    return {entry["id"] for entry in read_catalogue(catalogue)}


#: What ``custom`` holds that the graph is made from (the rest says where and when the file came from).
READ_FROM_FILE = ("pages", "running-lines")


def fingerprint(document: Document) -> str:
    """SHA-256 of a document's text and entry (of its ``custom``, only what the graph is made from)."""
    custom = document.meta.get("custom", {})
    entry = {k: v for k, v in document.meta.items() if k != "custom"}
    entry["custom"] = {key: custom[key] for key in READ_FROM_FILE if key in custom}
    data = document.text.encode("utf-8") + b"\0" + json.dumps(entry, sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def source_of(entry: dict) -> str:
    """The path the entry's document was read from (a string in entries kept before ``source.path``)."""
    source = entry.get("custom", {}).get("source", "")
    return str(source.get("path", "") if isinstance(source, dict) else source)


class FolderChange:
    """Files to write (text, or ``None`` to delete) in the folder, applied at once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.writes: dict[Path, str | None] = {}
        self.saved: dict[Path, bytes | None] = {}

    def save(self, document: Document, known: dict[str, dict]) -> None:
        """Stage ``document`` (added or replacing its earlier version)."""
        read = dict(document.meta.get("custom", {}))
        source = {**(read.get("source") or {}), "path": str(Path(document.path).resolve())}
        custom = {**read, "added": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  "source": source, "sha256": fingerprint(document)}
        entry = {**document.meta, "custom": custom}
        catalogue = {**known, document.identifier: entry}
        self.writes[self.folder / f"{document.identifier}.txt"] = document.text
        self.writes[self.folder / CATALOGUE] = json.dumps(list(catalogue.values()), ensure_ascii=False, indent=1) + "\n"

    def delete(self, identifier: str, known: dict[str, dict]) -> None:
        """Stage the removal of one added document."""
        catalogue = [entry for key, entry in known.items() if key != identifier]
        self.writes[self.folder / f"{identifier}.txt"] = None
        self.writes[self.folder / CATALOGUE] = json.dumps(catalogue, ensure_ascii=False, indent=1) + "\n"

    def commit(self) -> None:
        """Write every staged file (each replaced whole), keeping what was there for :meth:`undo`.

        :raises CorpusError: if the folder cannot be written (what was written is undone).
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for path, text in self.writes.items():
                self.saved[path] = path.read_bytes() if path.exists() else None
                if text is None:
                    path.unlink(missing_ok=True)
                else:
                    staged = path.with_name(path.name + ".part")
                    with open(staged, "w", encoding="utf-8", newline="") as out:
                        out.write(text)
                        out.flush()
                        os.fsync(out.fileno())
                    os.replace(staged, path)
        except OSError as error:
            self.undo()
            raise CorpusError(f"{self.folder}: cannot keep the document there ({error})") from error

    def undo(self) -> None:
        """Put back what :meth:`commit` replaced."""
        for path, data in self.saved.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        self.saved.clear()
