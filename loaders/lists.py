"""Bullet and numbered lists, with the sentence that introduces them.

An item opens with a marker (``- ``, ``•``, ``(1)``, ``1.``, or ``- (1)``) at the
start of a line. A list is *tight* when its items stand on consecutive lines: an
item then continues only on the lines right below it, and a blank line ends the
list. It is *loose* when blank lines separate everything (text extracted from a
PDF): an item then continues on lowercase-initial lines across blank lines, up to
a line that ends a sentence. Entries that all end with a page number make a
table of contents, not a list. The introduction is the sentence just above the first
item when it ends with a colon, or a short heading (``Sources``).

>>> from cxkg.loaders.normalize import clean
>>> n = clean("Le CEM comporte deux axes :\\n  • le client ;\\n  • l’organisation.\\n", lambda w: False)
>>> bl = bullet_lists(n)[0]
>>> bl.intro.value, [t.value for t in bl.items]
('Le CEM comporte deux axes :', ['le client ;', 'l’organisation.'])
"""

from __future__ import annotations

import re

from cxkg.loaders.normalize import Normalized, read
from cxkg.loaders.records import BulletList, Span, Text
from cxkg.loaders.segment import Line, lines

_MARKER = re.compile(r"^[ \t]*(?:(?:[-–•◦▪·*]|\(\d+\)|\d+[.)])[ \t]+)(?:\(\d+\)[ \t]+)?(?=\S)")
_SENTENCE_END = re.compile(r"[.!?]\s*$")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)(?=[A-ZÀ-Þ«])")
_HEADING_WORDS = 6
#: An entry ending with a page number: a list of such entries is a table of contents.
_PAGED = re.compile(r"\s\d+$")


def _marked(row: Line) -> re.Match | None:
    return _MARKER.match(row.text)


def _next_content(rows: list[Line], i: int) -> int | None:
    """Index of the first non-blank row after ``i``."""
    return next((j for j in range(i + 1, len(rows)) if not rows[j].blank), None)


def _item_end(rows: list[Line], i: int, loose: bool) -> int:
    """Index of the last row of the item that opens on row ``i``."""
    last = i
    while not (loose and _SENTENCE_END.search(rows[last].text)):
        j = _next_content(rows, last) if loose else last + 1
        if j is None or j >= len(rows) or rows[j].blank or _marked(rows[j]):
            break
        if not rows[j].text.strip()[0].islower():
            break
        last = j
    return last


def _intro(n: Normalized, rows: list[Line], first: int) -> Text | None:
    """The sentence ending with a colon, or the short heading, just above row ``first``."""
    above = [j for j in range(first) if not rows[j].blank][-4:]
    if not above:
        return None
    last = rows[above[-1]].text.strip()
    if not last.endswith(":"):
        short = len(last.split()) <= _HEADING_WORDS and not _SENTENCE_END.search(last)
        return read(n, rows[above[-1]].start, rows[above[-1]].end) if short else None
    start = above[-1]
    for j in reversed(above[:-1]):
        if re.search(r"[.!?:]\s*$", rows[j].text):
            break
        start = j
    text = n.text[rows[start].start:rows[above[-1]].end]
    cut = [m.end() for m in _SENTENCE_START.finditer(text) if m.end() < len(text.rstrip())]
    return read(n, rows[start].start + (cut[-1] if cut else 0), rows[above[-1]].end)


def bullet_lists(n: Normalized, min_items: int = 2) -> list[BulletList]:
    """Every list of at least ``min_items`` items, in order.

    :param n: a text cleaned with its lines kept (``normalize.clean``).
    """
    rows = lines(n)
    out: list[BulletList] = []
    i = 0
    while i < len(rows):
        if not _marked(rows[i]):
            i += 1
            continue
        first, loose = i, i + 1 < len(rows) and not _marked(rows[i + 1])
        items: list[Text] = []
        j: int | None = i
        while j is not None and j < len(rows) and _marked(rows[j]):
            end = _item_end(rows, j, loose)
            items.append(read(n, rows[j].start + _marked(rows[j]).end(), rows[end].end))
            i = end + 1
            j = _next_content(rows, end) if loose else end + 1
        if len(items) >= min_items and not all(_PAGED.search(t.value) for t in items):
            intro = _intro(n, rows, first)
            start = intro.span.start if intro else items[0].span.start
            out.append(BulletList(intro, tuple(items), Span(start, items[-1].span.end)))
    return out
