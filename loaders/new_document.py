"""Read one new document for ``cxkg add``: a UTF-8 text file and its CSL-JSON entry.

The one reader of a file given on the command line; the corpus reader
(:mod:`cxkg.loaders.corpus`) reads folders. It takes plain text only and the
metadata from ``--meta`` (one CSL-JSON item, or a list holding one).

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "note.txt").write_text("Un texte.", encoding="utf-8")
>>> _ = (folder / "note.json").write_text(json.dumps({"title": "Note", "type": "report"}))
>>> d = read_new_document(folder / "note.txt", meta=folder / "note.json")
>>> d.identifier, d.meta["title"], d.meta["language"]
('note', 'Note', 'fr')
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable

from cxkg.loaders.corpus import CorpusError, Document, read_text

#: What an identifier may hold: it names a file, a graph and IRIs.
IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
LANGUAGES = ("fr", "en")


def read_new_document(path: Path, *, meta: Path | None = None, bib: Path | None = None, identifier: str | None = None,
                      lang: str | None = None, ask: Callable[[str], str] | None = None) -> Document:
    """The document at ``path`` with its metadata, ready for the pipeline.

    :param meta: a CSL-JSON file (one item, or a list of one).
    :param bib: a BibTeX file (not read by this reader: an error says so).
    :param identifier: the document's id (default: the file's stem).
    :param lang: ``fr`` or ``en`` (default: the metadata's ``language``, else ``fr``).
    :param ask: unused here (a reader that asks for missing metadata takes it).
    :raises CorpusError: naming the file, for anything it cannot read.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: no such file")
    if bib is not None:
        raise CorpusError(f"{bib}: BibTeX metadata is not read yet; give a CSL-JSON item with --meta")
    if path.suffix.lower() not in (".txt", ".text"):
        raise CorpusError(f"{path}: only plain text (.txt) is read; convert the document to UTF-8 text first")
    text = read_text(path)
    if not text.strip():
        raise CorpusError(f"{path}, line 1: the file is empty")
    entry = read_item(meta) if meta is not None else {}
    name = identifier or entry.get("id") or path.stem
    if not IDENTIFIER.fullmatch(name):
        raise CorpusError(f"{path}: {name!r} cannot be an identifier (letters, digits, '_', '.', '-'; at most 100)")
    language = lang or entry.get("language") or "fr"
    if language not in LANGUAGES:
        raise CorpusError(f"{meta or path}: language {language!r} is not one of {', '.join(LANGUAGES)}")
    entry = {**entry, "id": name, "language": language}
    entry.setdefault("title", path.stem)
    return Document(name, path, text, entry)


def read_item(path: Path) -> dict:
    """One CSL-JSON item from ``path``.

    :raises CorpusError: naming the file and line when it is not one item.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: no such metadata file")
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise CorpusError(f"{path}, line {error.lineno}: not valid JSON ({error.msg})") from error
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        raise CorpusError(f"{path}, line 1: expected one CSL-JSON item (an object, or a list of one)")
    for key in ("title", "type", "language", "id"):
        if key in data and not isinstance(data[key], str):
            raise CorpusError(f"{path}: \"{key}\" must be a string")
    return data
