"""A new document's file -> its text and what the file says of itself, by the file's extension.

- **text** (``.txt``, ``.text``): the text as decoded.
- **Markdown** (``.md``, ``.markdown``): the text as written, YAML front matter
  included (the loaders' front-matter reader backs its facts with that span, as
  for the corpus's blog post); the front matter also gives CSL-JSON fields.
- **HTML** (``.html``, ``.htm``, ``.xhtml``): the text with its structure
  (:mod:`~cxkg.loaders.intake.html_text`), and the fields of its ``<head>``.
- **PDF** (``.pdf``): the text layer page after page, with where each page
  starts (:mod:`~cxkg.loaders.intake.pdf_text`), and its document information.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cxkg.loaders.corpus import CorpusError
from cxkg.loaders.intake.csl import date_of, front_matter_item, names_of
from cxkg.loaders.intake.decode import decode_text
from cxkg.loaders.intake.html_text import read_html
from cxkg.loaders.intake.pdf_text import read_pdf
from cxkg.loaders.segment import front_matter

#: File extensions -> the format they name.
FORMATS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf",
}


@dataclass
class Source:
    """What a file gives: its text, its format, the CSL-JSON fields it states, where its
    pages start (PDF), the language its markup claims (a hint, weaker than the text), and
    the running heads and feet left out of a PDF's text."""

    text: str
    format: str
    meta: dict = field(default_factory=dict)
    pages: list[dict] | None = None
    language_hint: str | None = None
    running: list[str] = field(default_factory=list)


def format_of(path: Path) -> str:
    """The format the file's extension names.

    :raises CorpusError: an extension no reader takes.
    """
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        known = ", ".join(sorted(FORMATS))
        what = f"extension {path.suffix!r}" if path.suffix else "no extension"
        raise CorpusError(f"{path}: {what} is not a format the loaders read ({known}); "
                          "save it as text, Markdown, HTML or PDF")
    return found


def read_source(path: Path, data: bytes) -> Source:
    """The text and self-description of ``path``, whose bytes are ``data``."""
    kind = format_of(path)
    if kind == "pdf":
        pdf = read_pdf(path, data)
        return Source(pdf.text, kind, embedded_item(pdf.meta, path), pdf.pages, running=pdf.running)
    if kind == "html":
        page = read_html(decode_text(data, path, html=True))
        hint = page.meta.pop("language", None)
        return Source(page.text, kind, embedded_item(page.meta, path), language_hint=hint)
    text = decode_text(data, path)
    return Source(text, kind, markdown_item(text, path) if kind == "markdown" else {})


def markdown_item(text: str, path: Path) -> dict:
    """The CSL-JSON fields of a Markdown text's front matter ({} without one).

    :raises CorpusError: a front matter that is not valid YAML, or has fields of the wrong kind.
    """
    try:
        found = front_matter(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 2}" if mark is not None else ""  # +1: 0-based, +1: the opening ---
        raise CorpusError(f"{path}{where}: the front matter is not valid YAML ({getattr(error, 'problem', error)})") from None
    return front_matter_item(found.fields, path) if found else {}


def embedded_item(fields: dict, path: Path) -> dict:
    """CSL-JSON fields from what a page's head or a PDF's information states; a value that
    cannot be read is left out (the file's producer wrote it, not the user)."""
    item = {key: value for key, value in fields.items() if key not in ("author", "issued")}
    try:
        if fields.get("author"):
            item["author"] = names_of(fields["author"], path)
        if fields.get("issued"):
            item["issued"] = date_of(fields["issued"], path)
    except CorpusError:
        pass
    return item


def body_of(source: Source) -> str:
    """The text after a Markdown front matter (the whole text otherwise): what must not be empty."""
    if source.format == "markdown":
        try:
            found = front_matter(source.text)
        except yaml.YAMLError:
            found = None
        if found is not None:
            return source.text[found.span.end:]
    return source.text
