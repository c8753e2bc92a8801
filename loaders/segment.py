"""A document's layout: its lines, its table captions and regions, its front matter.

Extractors of tables need to know where a table stands before they read its
cells. Captions are found by their shape (``Tableau N : title``, ``Annexe N :
title`` at the start of a line); a table's region is the run of short lines that
the caption heads (an annex, whose title comes first) or closes (a table whose
caption sits below it, as in most papers). All offsets here are *cleaned*
offsets into a :class:`~cxkg.loaders.normalize.Normalized` made by ``clean`` (lines
kept); its ``span`` and ``value`` give the stored passages.

>>> from cxkg.loaders.normalize import clean
>>> n = clean("Texte.\\nTableau 1 : Les\\ncapacités\\nNom Définition\\n", lambda w: False)
>>> [(c.label, c.title.value) for c in captions(n)]
[('Tableau 1', 'Les capacités')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import yaml

from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import FrontMatter, Span, Text

#: Words that open a caption.
CAPTION_KINDS = ("Tableau", "Table", "Annexe", "Figure", "Graphique", "Encadré")

#: Caption kinds whose title comes before their content (an annex is a section).
HEADED_KINDS = ("Annexe",)

_SENTENCE_END = re.compile(r"[.!?:;…»)\]]\s*$")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class Line:
    """One line of a cleaned text: ``text`` is ``n.text[start:end]``, without its break."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Caption:
    """A table or annex caption: its label, number and title (possibly over several lines)."""

    kind: str  # "Tableau", "Annexe"
    number: str  # "1", "II"
    title: Text
    start: int  # cleaned range of the whole caption
    end: int

    @property
    def label(self) -> str:
        return f"{self.kind} {self.number}"


@dataclass(frozen=True)
class Region:
    """The cleaned range ``[start, end)`` that a captioned table occupies (caption excluded)."""

    caption: Caption
    start: int
    end: int


def lines(n: Normalized, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of the cleaned range ``[start, end)``, blank ones included.

    >>> [l.text for l in lines(Normalized("a\\n\\nb", (0, 1, 2, 3, 4)))]
    ['a', '', 'b']
    """
    end = len(n.text) if end is None else end
    out: list[Line] = []
    pos = start
    while pos <= end:
        stop = n.text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        out.append(Line(pos, stop, n.text[pos:stop]))
        pos = stop + 1
    return out


def line_width(rows: Sequence[Line]) -> int:
    """The width of a full prose line: the 90th percentile of non-blank line lengths.

    >>> line_width([Line(0, 3, "abc"), Line(4, 5, "a")])
    3
    """
    lengths = sorted(len(r.text.strip()) for r in rows if not r.blank)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _caption_at(n: Normalized, rows: list[Line], i: int, kinds: Sequence[str]) -> Caption | None:
    """The caption that starts on line ``i``, its title continued on lowercase lines."""
    pattern = rf"^\s*({'|'.join(map(re.escape, kinds))})\s+(\d+|[IVXL]+)\s*:\s*(\S.*)$"
    m = re.match(pattern, rows[i].text)
    if m is None:
        return None
    last = i
    for j in range(i + 1, len(rows)):
        if rows[j].blank:
            continue
        if _SENTENCE_END.search(rows[last].text) or not rows[j].text.strip()[0].islower():
            break
        last = j
    title = n.value(rows[i].start + m.start(3), rows[last].end)
    title = Text(" ".join(title.value.split()), title.span)
    return Caption(m.group(1), m.group(2), title, rows[i].start + m.start(1), rows[last].end)


def captions(n: Normalized, kinds: Sequence[str] = CAPTION_KINDS) -> list[Caption]:
    """Every caption ``Kind N : title`` that starts a line, in document order.

    :param n: a cleaned text with its lines kept.
    :param kinds: the words that open a caption.
    """
    rows = lines(n)
    found = [_caption_at(n, rows, i, kinds) for i in range(len(rows))]
    return [c for c in found if c is not None]


def _table_start(rows: list[Line], floor: int, width: int) -> int:
    """Index of the first table line above the caption, which is ``rows[-1]``.

    Walks up over short lines to the first long (prose) line; the short line just
    below it still belongs to the prose when the long line ends mid-sentence.
    """
    caption = len(rows) - 1
    short = [i for i in range(floor, caption) if not rows[i].blank]
    first = caption
    for i in reversed(short):
        if len(rows[i].text.strip()) >= 0.7 * width:
            below = [j for j in short if i < j]
            if below and not _SENTENCE_END.search(rows[i].text):
                below = below[1:]  # the prose paragraph's last line
            return below[0] if below else caption
        first = i
    return first


def table_regions(n: Normalized, kinds: Sequence[str] = CAPTION_KINDS,
                  headed: Sequence[str] = HEADED_KINDS) -> list[Region]:
    """Where each captioned table stands.

    A caption of a ``headed`` kind opens its region, which runs to the next caption
    or the end. Any other caption closes its region, which starts at the first of
    the short lines above it, after the preceding prose and the preceding region;
    with no such line above, the caption heads a region that ends at the next prose line.

    >>> from cxkg.loaders.normalize import clean
    >>> t = "Une ligne de prose assez longue pour servir de largeur.\\nNom\\nDéfinition\\nTableau 1 : X\\n"
    >>> n = clean(t, lambda w: False)
    >>> r = table_regions(n)[0]
    >>> n.text[r.start:r.end]
    'Nom\\nDéfinition\\n'
    """
    rows = lines(n)
    width = line_width(rows)
    found = captions(n, kinds)
    regions: list[Region] = []
    floor = 0  # line index below which a region may not reach
    for k, cap in enumerate(found):
        at = _row_of(rows, cap.start)
        below = _row_of(rows, cap.end) + 1
        stop = found[k + 1].start if k + 1 < len(found) else len(n.text)
        stop = rows[_row_of(rows, stop)].start if stop < len(n.text) else stop
        first = at if cap.kind in headed else _table_start(rows[: at + 1], floor, width)
        if first < at:
            regions.append(Region(cap, rows[first].start, rows[at].start))
        elif cap.kind in headed:
            regions.append(Region(cap, min(cap.end + 1, len(n.text)), stop))
        else:  # nothing above: the caption heads a table that ends at the next prose line
            prose = next((r for r in rows[below:] if len(r.text.strip()) >= 0.7 * width), None)
            regions.append(Region(cap, min(cap.end + 1, len(n.text)), min(stop, prose.start if prose else stop)))
        floor = below
    return regions


def _row_of(rows: list[Line], at: int) -> int:
    """Index of the line holding cleaned offset ``at``."""
    return next(i for i, r in enumerate(rows) if r.start <= at <= r.end)


def front_matter(stored: str) -> FrontMatter | None:
    """The YAML front matter (``---`` … ``---`` at the very start), parsed; None if absent.

    :raises yaml.YAMLError: if the block is not valid YAML.

    >>> fm = front_matter("---\\ntitle: Essai\\ntags:\\n  - ccm\\n---\\nTexte")
    >>> fm.fields, fm.span
    ({'title': 'Essai', 'tags': ['ccm']}, Span(start=0, end=35))
    """
    m = _FRONT.match(stored)
    if m is None:
        return None
    fields = yaml.safe_load(m.group(1) or "") or {}
    if not isinstance(fields, dict):
        return None
    return FrontMatter(fields, Span(0, m.end()))
