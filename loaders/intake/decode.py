"""Bytes of a new document -> its text, or a :class:`CorpusError` that says why not.

Encodings read: UTF-8, UTF-8 with a byte-order mark, UTF-16 and UTF-32 with a
byte-order mark, and for HTML the charset its ``<meta>`` declares. Nothing is
guessed: any byte string "decodes" as Latin-1, so a guess would turn a
Windows-1252 or Mac Roman file into wrong letters without a word; the error says
how to convert it instead. Line ends become ``\\n`` and the text is put in
Unicode NFC, so the offsets of passages count into one stable form.

>>> decode_text(b"\\xef\\xbb\\xbfCaf\\xc3\\xa9\\r\\n", Path("a.txt"))
'Café\\n'
>>> decode_text("Été".encode("utf-16"), Path("a.txt"))
'Été'
>>> try:
...     decode_text(b"caf\\xe9 noir", Path("a.txt"))
... except CorpusError as error:
...     print(error)
a.txt, line 1: not UTF-8 text (invalid continuation byte at byte 3) and no byte-order mark: convert it to UTF-8 first (e.g. iconv -f WINDOWS-1252 -t UTF-8)
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from cxkg.loaders.corpus import CorpusError

#: Byte-order marks and their codecs, longest first (UTF-32 LE starts like UTF-16 LE).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Control characters that no text holds (tab, line feed, form feed and carriage return are text).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

#: An HTML charset declaration, in the first bytes as the HTML standard prescribes.
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def decode_text(data: bytes, path: Path, html: bool = False) -> str:
    """The text of ``data`` read from ``path``, line ends ``\\n``, NFC.

    :param html: also honour a ``<meta charset>`` in the first 1024 bytes.
    :raises CorpusError: binary content, an undeclared encoding other than UTF-8, an unknown charset.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            return finish(strict(data[len(bom):], codec, path), path)
    if b"\x00" in data[:8192]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise CorpusError(f"{path}, line {line}: binary file, not text (or UTF-16 without a byte-order mark: save it as UTF-8)")
    codec = declared_charset(data, path) if html else "utf-8"
    return finish(strict(data, codec, path), path)


def declared_charset(data: bytes, path: Path) -> str:
    """The codec an HTML page declares (UTF-8 if it declares none)."""
    found = _CHARSET.search(data[:1024])
    if found is None:
        return "utf-8"
    name = found.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise CorpusError(f"{path}: the page declares the charset {name!r}, which Python does not know") from None


def strict(data: bytes, codec: str, path: Path) -> str:
    """``data`` decoded by ``codec``, every byte accounted for."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        if codec != "utf-8":
            raise CorpusError(f"{path}, line {line}: not {codec} text as declared ({error.reason} at byte {error.start})") from None
        raise CorpusError(
            f"{path}, line {line}: not UTF-8 text ({error.reason} at byte {error.start}) and no byte-order mark: "
            "convert it to UTF-8 first (e.g. iconv -f WINDOWS-1252 -t UTF-8)"
        ) from None


def finish(text: str, path: Path) -> str:
    """Line ends ``\\n``, NFC; a control character means the file is not text."""
    found = CONTROL.search(text)
    if found is not None:
        line = text[: found.start()].count("\n") + 1
        raise CorpusError(f"{path}, line {line}: binary file, not text (control character {found.group()!r})")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
