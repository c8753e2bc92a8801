"""Where a passage's figures come from: its sentence, its paragraph and the caption or credit line after it.

Web and print texts credit a figure in the sentence ("selon une étude de la
FEVAD", "(Acme, 2019)"), by a source named earlier in its paragraph ("Selon
Acme, le marché croît. Il pèse 40 %"), or in a line under the paragraph, often
below an image caption: "FEVAD (2019) – Les chiffres clés", "M. Lefebvre
(2019), Account Director chez Genesys", "Source : Acme, 2020". A work cited in
the running text credits only the sentence it stands in: the next sentence's
citation is that sentence's, and so is the one before. A credit line
is found by walking down from the paragraph past blank lines and at most
:data:`MAX_CAPTIONS` caption lines (short, without final punctuation); any
other line ends the walk.

>>> from cxkg.loaders.normalize import clean
>>> n = clean("Le mobile pèse 22 %.\\n\\nInfographie Acme\\n\\nAcme (2019) – Les chiffres\\n", lambda w: False)
>>> citation, name = credit_after(n, paragraph_at(n, 0)[1])
>>> [a.family for a in citation.authors], citation.year, name
(['Acme'], 2019, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from cxkg.loaders.citations import cell_citations
from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import Citation, Text
from cxkg.loaders.references import entry
from cxkg.loaders.sentences import SHORT_LINE, passage

#: Caption lines (an image's title) that may stand between a paragraph and its credit line.
MAX_CAPTIONS = 2

#: Who a sentence credits: "selon X", "d'après une étude de X", "source : X".
SOURCE = re.compile(
    r"\b(?i:selon|d['’]après|source\s*:)\s+"
    r"(?:(?:une?|les?|la|l['’])\s*)?"
    r"(?:(?:étude|enquête|rapport|baromètre|sondage|chiffres|données|analyse)\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*)?"
    r"(?P<name>[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)*)"
)
_BLANK = re.compile(r"\n[ \t\u00a0\u202f]*\n")
_CREDIT_HEAD = re.compile(r"[ \t]*(?:sources?|cr[ée]dits?)[ \t\u00a0]*:[ \t]*", re.I)
_FINAL = re.compile(r"[.!?…:;»]\s*$")


def paragraph_at(n: Normalized, position: int) -> tuple[int, int]:
    """The cleaned range of the paragraph (text between blank lines) that holds a position."""
    text = n.text
    starts = [m.end() for m in _BLANK.finditer(text, 0, position)]
    start = starts[-1] if starts else 0
    after = _BLANK.search(text, position)
    return start, after.start() if after else len(text)


def _lines_after(text: str, at: int):
    """``(start, end)`` of each non-blank line after position ``at``."""
    pos = text.find("\n", at)
    while pos != -1:
        nxt = text.find("\n", pos + 1)
        end = len(text) if nxt == -1 else nxt
        if text[pos + 1:end].strip():
            yield pos + 1, end
        if nxt == -1:
            return
        pos = nxt


def credit_after(n: Normalized, end: int) -> tuple[Citation | None, Text | None]:
    """The credit line after a paragraph ending at ``end``: the work it cites, or the
    name it credits ("Source : Acme"); ``(None, None)`` when there is none."""
    captions = 0
    for start, stop in _lines_after(n.text, end):
        line = n.text[start:stop]
        head = _CREDIT_HEAD.match(line)
        body = start + head.end() if head else start
        citation = entry(n, body, stop, "in-text", with_title=False)
        if citation is not None and citation.authors:
            return citation, None
        cited = cell_citations(n, body, stop) if head else None
        if cited:
            return cited[0], None
        if head:
            name = re.match(r"[^,;(\n]+", n.text[body:stop])
            return None, passage(n, body, body + name.end()) if name else None
        if captions < MAX_CAPTIONS and len(line.split()) <= SHORT_LINE and not _FINAL.search(line):
            captions += 1
            continue
        return None, None
    return None, None


@dataclass(frozen=True)
class Credit:
    """Who a passage credits (a name, or a work it cites), and where it says so."""

    name: str | None = None
    citation: Citation | None = None
    span: Span | None = None


def credit_in(n: Normalized, start: int, end: int, cites: Sequence[Citation]) -> Credit | None:
    """The source a cleaned range names ("selon X"), else the first work it cites (pass no ``cites``
    for a range whose citations credit their own sentences)."""
    m = SOURCE.search(n.text, start, end)
    if m:
        return Credit(m.group("name").rstrip("."), None, n.span(m.start(), m.end("name")))
    lo, hi = n.span(start, end).start, n.span(start, end).end
    inside = [c for c in cites if lo <= c.span.start and c.span.end <= hi and c.year is not None]
    return Credit(None, inside[0], inside[0].span) if inside else None


def credits_of(n: Normalized, start: int, end: int, cites: Sequence[Citation]) -> list[Credit]:
    """What the sentence, then a source named before it in its paragraph, then the credit line
    below credit, nearest first."""
    p_start, p_end = paragraph_at(n, start)[0], paragraph_at(n, max(start, end - 1))[1]
    found = [credit_in(n, start, end, cites), credit_in(n, p_start, start, ())]
    citation, name = credit_after(n, p_end)
    if citation is not None or name is not None:
        found.append(Credit(name.value if name else None, citation, citation.span if citation else name.span))
    return [c for c in found if c is not None]
