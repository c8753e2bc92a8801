"""Read the corpus: ``corpus.json`` (CSL-JSON) and the documents' text as stored.

Bad input stops the build with a :class:`CorpusError` that names the file and,
where it helps, the line: a missing folder, a ``corpus.json`` that does not
parse, an entry without its file, a file without an entry, an empty file, a
file that is not UTF-8 text.

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "corpus.json").write_text(json.dumps([{"id": "a", "title": "A"}]))
>>> _ = (folder / "a.txt").write_text("Du texte.", encoding="utf-8")
>>> [(d.identifier, d.text) for d in read_corpus(folder)]
[('a', 'Du texte.')]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

CATALOGUE = "corpus.json"


class CorpusError(Exception):
    """The corpus cannot be read; the message says where and why."""


@dataclass(frozen=True)
class Document:
    """One corpus document: its CSL-JSON entry and its text as stored."""

    identifier: str
    path: Path
    text: str
    meta: dict = field(hash=False)


def read_corpus(folder: Path) -> list[Document]:
    """Every document the catalogue lists, in catalogue order.

    :raises CorpusError: for any of the problems listed in the module docstring.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such corpus folder (set --corpus or CXKG_CORPUS)")
    entries = read_catalogue(folder / CATALOGUE)
    files = {path.stem: path for path in folder.glob("*.txt")}
    for stem in sorted(set(files) - {entry["id"] for entry in entries}):
        raise CorpusError(f"{files[stem]}: no entry with id {stem!r} in {folder / CATALOGUE}")
    return [read_document(folder, entry) for entry in entries]


def read_catalogue(path: Path) -> list[dict]:
    """Parse ``corpus.json``: a list of CSL-JSON entries, each with an ``id``."""
    if not path.is_file():
        raise CorpusError(f"{path}: the corpus catalogue is missing")
    source = read_text(path)
    try:
        entries = json.loads(source)
    except json.JSONDecodeError as error:
        raise CorpusError(f"{path}, line {error.lineno}: not valid JSON ({error.msg})") from error
    if not isinstance(entries, list):
        raise CorpusError(f"{path}, line 1: expected a JSON list of CSL-JSON entries")
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise CorpusError(f"{path}: entry {number} has no string \"id\"")
    return entries


def read_document(folder: Path, entry: dict) -> Document:
    """Read the text of one catalogue entry (``<id>.txt`` beside the catalogue)."""
    path = folder / f"{entry['id']}.txt"
    if not path.is_file():
        line = entry_line(folder / CATALOGUE, entry["id"])
        raise CorpusError(
            f"{folder / CATALOGUE}, line {line}: entry {entry['id']!r} has no file {path.name}"
        )
    text = read_text(path)
    if not text.strip():
        raise CorpusError(f"{path}, line 1: the file is empty")
    return Document(entry["id"], path, text, entry)


def read_text(path: Path) -> str:
    """The file's text exactly as stored (no newline translation).

    :raises CorpusError: naming the line of the first byte that is not UTF-8.
    """
    data = path.read_bytes()
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise CorpusError(f"{path}, line {line}: binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CorpusError(f"{path}, line {line}: not UTF-8 text ({error.reason} at byte {error.start})") from error


def entry_line(path: Path, identifier: str) -> int:
    """The line of ``corpus.json`` where an entry's id stands (1 if not found)."""
    needle = json.dumps(identifier)
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if needle in line:
            return number
    return 1
