"""A PDF -> its text page after page, where each page starts, and its title and authors.

The text layer is read with pypdf (BSD licence). Pages are joined by a blank
line; ``pages`` lists each page that holds text with its label (the number
printed on it when the PDF says so, e.g. ``xii`` or ``377``, else its position
from 1) and the offset where its text starts. A passage at offset ``o`` is on
the last page whose start is at most ``o``: :func:`page_at`. Typographic
ligatures (``ﬁ``) are spelled out so words match their labels; control
characters some fonts leave in the text layer are dropped, and so are running
heads and feet (:mod:`~cxkg.loaders.intake.running_lines`), listed in ``running``.

>>> pages = [{"label": "1", "start": 0}, {"label": "2", "start": 120}]
>>> page_at(pages, 0), page_at(pages, 119), page_at(pages, 120)
('1', '1', '2')
"""

from __future__ import annotations

import bisect
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from cxkg.loaders.corpus import CorpusError
from cxkg.loaders.intake.decode import CONTROL, finish
from cxkg.loaders.intake.running_lines import drop_running_lines

#: The ligature code points (U+FB00-FB06), spelled out by NFKC.
_LIGATURES = re.compile("[\ufb00-\ufb06]")

#: A title that is only the name of the file the PDF was made from ("Microsoft Word - a.docx").
_FILE_TITLE = re.compile(r"\.(?:docx?|odt|rtf|tex|dvi|indd|pdf|pptx?)\s*$", re.I)


@dataclass
class PdfText:
    """The text of a PDF, its page starts, and what its document information says."""

    text: str
    pages: list[dict]
    meta: dict = field(default_factory=dict)
    running: list[str] = field(default_factory=list)


def read_pdf(path: Path, data: bytes) -> PdfText:
    """The text layer of the PDF whose bytes, read from ``path``, are ``data``.

    :raises CorpusError: not a readable PDF, encrypted with a password, no text layer.
    """
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorpusError(f"{path}: the PDF is encrypted with a password: save a copy without one")
        labels = list(reader.page_labels)
        texts = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as error:
        raise CorpusError(f"{path}: not a readable PDF ({error})") from None
    texts, running = drop_running_lines([page_text(raw, path) for raw in texts])
    text, pages = join_pages(texts, labels)
    if not text.strip():
        raise CorpusError(
            f"{path}: the PDF has no text layer (none of its {len(texts)} page(s) holds text: a scan?): "
            "run OCR on it first (e.g. ocrmypdf) and add the result"
        )
    return PdfText(text, pages, info_meta(info), running)


def page_text(raw: str, path: Path) -> str:
    """One page's text layer with its ligatures spelled out and its control characters dropped."""
    spelled = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), CONTROL.sub("", raw))
    return finish(spelled, path).strip("\n")


def join_pages(texts: list[str], labels: list[str]) -> tuple[str, list[dict]]:
    """The pages' texts joined by a blank line, and where each non-empty page starts."""
    parts: list[str] = []
    pages: list[dict] = []
    offset = 0
    for number, cleaned in enumerate(texts):
        if not cleaned.strip():
            continue
        if parts:
            parts.append("\n\n")
            offset += 2
        label = labels[number] if number < len(labels) and labels[number] else str(number + 1)
        pages.append({"label": label, "start": offset})
        parts.append(cleaned)
        offset += len(cleaned)
    return "".join(parts), pages


def info_meta(info) -> dict:
    """Title and authors from the PDF's document information, when they look like it."""
    meta: dict = {}
    title = str(info.get("/Title") or "").strip()
    if title and not _FILE_TITLE.search(title):
        meta["title"] = title
    author = str(info.get("/Author") or "").strip()
    if author:
        meta["author"] = [name.strip() for name in re.split(r";|\band\b|&", author) if name.strip()]
    return meta


def page_at(pages: list[dict], offset: int) -> str | None:
    """The label of the page that holds ``offset`` (None before the first page's text)."""
    starts = [page["start"] for page in pages]
    index = bisect.bisect_right(starts, offset) - 1
    return pages[index]["label"] if index >= 0 else None
