"""A new document for the corpus: :func:`read_new_document`, one file -> a checked :class:`Document`.

The file is read by its extension (:mod:`~cxkg.loaders.intake.sources`: text,
Markdown, HTML, PDF); its metadata is a CSL-JSON item (``meta``), a BibTeX
entry (``bib``), or what the file says of itself (front matter, HTML head, PDF
information), the given file winning field by field; missing title, author or
year are asked for (``ask``) or named in the error. The language is ``lang``,
else the metadata's, else told from the text, else the HTML's ``lang``, else
asked for. The
identifier is ``identifier``, else the metadata's ``id``, else the file's stem,
made safe by :func:`~cxkg.loaders.intake.csl.safe_identifier`.

The returned document's ``text`` is what every passage's offsets count into:
store it byte for byte (UTF-8, ``newline=""``) as ``<id>.txt`` beside a
``corpus.json`` holding its ``meta``, and :func:`~cxkg.loaders.corpus.read_corpus`
gives the same text again. ``meta["custom"]`` keeps the source file's name,
format and SHA-256, and for a PDF ``pages``: each page's label and the offset
where its text starts (:func:`~cxkg.loaders.intake.pdf_text.page_at`), and the
running heads and feet left out of its text (``running-lines``).

Every bad input is a :class:`CorpusError` naming the file, raised before
anything is written (this module writes nothing).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from cxkg.config import Settings
from cxkg.loaders.corpus import CorpusError, Document
from cxkg.loaders.intake.asking import complete
from cxkg.loaders.intake.bibtex import read_bibtex
from cxkg.loaders.intake.csl import read_csl_file, safe_identifier
from cxkg.loaders.intake.language import detect_language, language_code
from cxkg.loaders.intake.pdf_text import page_at
from cxkg.loaders.intake.sources import FORMATS, Source, body_of, format_of, read_source

__all__ = ["read_new_document", "page_at", "FORMATS", "TEXT_CHARACTERS"]

#: The longest text the loaders take: spaCy's ``Language.max_length``, as the mention pass parses a text at once.
TEXT_CHARACTERS = 1_000_000


def read_new_document(path: Path, *, meta: Path | None = None, bib: Path | None = None,
                      identifier: str | None = None, lang: str | None = None,
                      ask: Callable[[str], str] | None = None, settings: Settings | None = None,
                      accept: Callable[[str], None] | None = None) -> Document:
    """The document in ``path`` with its CSL-JSON item (see the module docstring).

    :param meta: a CSL-JSON item (one object, or a list of one).
    :param bib: a BibTeX file with one entry.
    :param identifier: the document's identifier (made safe).
    :param lang: ``fr`` or ``en``, over the metadata and the detection.
    :param ask: asks the user for a missing field (``click.prompt``); None: missing fields are an error.
    :param settings: where the size limit comes from (``CXKG_DOCUMENT_BYTES``); the environment's by default.
    :param accept: called with the identifier before the language is told from the text (which loads
        spaCy's language data, seconds), so that whoever refuses the identifier does so at once.
    :raises CorpusError: any bad input, the message naming the file.
    """
    path = Path(path)
    settings = settings or Settings.from_env()
    data = read_bytes(path, settings.document_bytes)
    given = given_item(meta, bib)
    source = read_source(path, data)
    check_text(source, path)
    item = complete({**source.meta, **given}, path, ask, source.format)  # before the language's slower detection
    item["id"] = choose_identifier(identifier, item, path)
    if accept is not None:
        accept(item["id"])
    item["language"] = choose_language(lang, given.get("language"), meta or bib, source, path) or ask_language(ask, path)
    custom = dict(item.get("custom", {}))
    custom["source"] = {"file": path.name, "format": source.format, "sha256": hashlib.sha256(data).hexdigest()}
    if source.pages is not None:
        custom["pages"] = source.pages
    if source.running:
        custom["running-lines"] = source.running
    item["custom"] = custom
    return Document(item["id"], path, source.text, item)


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, once its extension, kind and size are known to be fine."""
    if not path.is_file():
        raise CorpusError(f"{path}: no such file" if not path.exists() else f"{path}: not a regular file")
    format_of(path)
    size = path.stat().st_size
    if size == 0:
        raise CorpusError(f"{path}: the file is empty")
    if size > limit:
        raise CorpusError(f"{path}: {size:,} bytes, over the limit of {limit:,} for a document "
                          "(CXKG_DOCUMENT_BYTES): split it, or raise the limit")
    try:
        return path.read_bytes()
    except OSError as error:
        raise CorpusError(f"{path}: cannot read the file ({error.strerror})") from None


def check_text(source: Source, path: Path) -> None:
    """The text is neither empty nor longer than the loaders take."""
    if not body_of(source).strip():
        where = " after its front matter" if source.format == "markdown" else ""
        raise CorpusError(f"{path}: the file holds no text{where}")
    if len(source.text) > TEXT_CHARACTERS:
        raise CorpusError(f"{path}: its text has {len(source.text):,} characters, over the {TEXT_CHARACTERS:,} "
                          "the language model reads at once: split it into parts")


def given_item(meta: Path | None, bib: Path | None) -> dict:
    """The CSL-JSON item of ``--meta`` or ``--bib`` ({} if neither)."""
    if meta is not None and bib is not None:
        raise CorpusError(f"{meta}, {bib}: give the metadata once, as CSL-JSON (--meta) or BibTeX (--bib)")
    for given, read in ((meta, read_csl_file), (bib, read_bibtex)):
        if given is not None:
            given = Path(given)
            if not given.is_file():
                raise CorpusError(f"{given}: no such metadata file")
            return read(given)
    return {}


def choose_language(lang: str | None, given: str | None, given_in: Path | None, source: Source, path: Path) -> str | None:
    """``lang``, else the language the metadata file (``given_in``) or the front matter states,
    else the text's, else the markup's (None if nothing tells)."""
    if lang:
        return language_code(lang, path)
    if given:
        return language_code(given, Path(given_in or path))
    if source.meta.get("language"):
        return language_code(source.meta["language"], path)
    return detect_language(source.text) or (language_code(source.language_hint, path) if source.language_hint else None)


def ask_language(ask: Callable[[str], str] | None, path: Path) -> str:
    """The language the user says, when nothing else tells.

    :raises CorpusError: no ``ask``, or an answer other than French or English.
    """
    if ask is None:
        raise CorpusError(f"{path}: cannot tell whether the text is French or English: give --lang fr or --lang en")
    return language_code(ask(f"Language of {path.name} (fr or en)"), path)


def choose_identifier(identifier: str | None, item: dict, path: Path) -> str:
    """``identifier``, else the metadata's ``id``, else the file's stem, made safe.

    An identifier given with ``--id`` is taken as it is or refused: it names
    the document's IRIs, so it is not changed behind the user's back.
    """
    raw = identifier or item.get("id") or path.stem
    safe = safe_identifier(str(raw))
    if not safe:
        raise CorpusError(f"{path}: the identifier {raw!r} has no letter or digit to keep: give --id")
    if identifier and safe != identifier:
        raise CorpusError(f"{path}: the identifier {identifier!r} is not one an IRI can carry as it is: "
                          f"use lower-case letters, digits, '_' and '-' (for example {safe!r})")
    return safe
