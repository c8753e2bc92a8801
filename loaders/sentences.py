"""Sentences of a cleaned text, told apart without a parser.

Figures take their year from the sentence they stand in and definitions take
their subject from it, so both need sentence bounds. Extracted text breaks
lines in mid-sentence (PDF columns, table cells) and runs headings into the
paragraph below them, so a line break ends a sentence only when the text says
so: the line ends with final punctuation, the next line opens a list item or
is a Markdown heading ("## Résultats"), or a short line without final punctuation (a heading, a caption) is followed by a
capital. Inside a line, final punctuation followed by a capital ends a
sentence unless it closes an abbreviation or an initial ("M.", "E.").

>>> from cxkg.loaders.normalize import Normalized
>>> text = "Le CEM\\n\\nIl est large. M. Dupont le dit.\\nEt voilà"
>>> n = Normalized(text, tuple(range(len(text) + 1)))
>>> [text[s:e] for s, e in sentences(n)]
['Le CEM', 'Il est large.', 'M. Dupont le dit.', 'Et voilà']
"""

from __future__ import annotations

import re

from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import Text

#: A heading or caption: at most this many words and no final punctuation.
SHORT_LINE = 10

#: Words after which a sentence goes on, even across a line.
_CONTINUING = frozenset(
    "à au aux avec ce ces dans de des du en et l la le les leur leurs mais ni ou par pour sa ses son sur un une".split()
)

#: Abbreviations whose period ends no sentence (lower-cased, without the period).
_ABBREVIATIONS = frozenset("m mm mme mlle dr pr p pp cf etc e.g i.e al vs n° no env ex fig".split())

_FINAL = re.compile(r"[.!?…][»\"”)\]]*\s*$")
_ITEM = re.compile(r"\s*(?:[•●▪◦*–-]\s|\d{1,2}[.)]\s|\(\d{1,2}\)\s)")
_MARKDOWN_HEADING = re.compile(r"\s*#{1,6}\s")
_OPENS = re.compile(r"\s*[«\"“(]?\s*[A-ZÀ-ÖØ-Þ0-9]")
_NUMBERING = re.compile(r"(?:^|\n)[ \t]*[A-Z]?\d{1,2}(?:\.\d{1,2})*\.$")
_INSIDE = re.compile(r"(?<=[.!?…])[»\"”)\]]*(?=\s+[«\"“(]?\s*[A-ZÀ-ÖØ-Þ])")


def _ends_sentence(line: str, following: str) -> bool:
    """Whether the break after ``line`` (before ``following``) ends a sentence."""
    stripped = line.strip()
    if _ITEM.match(following) or _MARKDOWN_HEADING.match(following):
        return True
    if not _OPENS.match(following):
        return False
    if _FINAL.search(stripped):
        return not _abbreviation(stripped)
    words = stripped.split()
    last = re.sub(r"^.*['’]", "", words[-1]).lower()
    return len(words) <= SHORT_LINE and last not in _CONTINUING and not stripped.endswith((",", ";", ":", "–", "-"))


def _abbreviation(before: str) -> bool:
    """Whether the text before a period ends with an abbreviation or an initial."""
    m = re.search(r"(?:^|[\s(])([^\s(]+)\.$", before.rstrip("»\"”)] "))
    if not m:
        return False
    word = m.group(1)
    return word.lower() in _ABBREVIATIONS or bool(re.fullmatch(r"[A-Z](?:-[A-Z])?", word))


def _line_breaks(text: str) -> list[int]:
    """Cleaned offsets of the line breaks that end a sentence (blank lines are transparent)."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, line))
        pos += len(line) + 1
    return [at + len(line) for (at, line), (_, following) in zip(lines, lines[1:]) if _ends_sentence(line, following)]


def _inline_breaks(text: str) -> list[int]:
    """Cleaned offsets just after final punctuation followed by a capital."""
    return [
        m.end()
        for m in _INSIDE.finditer(text)
        if not _abbreviation(text[: m.end()]) and not _NUMBERING.search(text[: m.end()])
    ]


def sentences(normalized: Normalized) -> list[tuple[int, int]]:
    """The sentences of a cleaned text as ``(start, end)`` ranges, white space stripped.

    :param normalized: a cleaned text; with its lines kept (``clean``) headings
        and list items come out as sentences of their own; folded, only
        punctuation separates sentences.
    """
    text = normalized.text
    cuts = sorted({0, len(text), *_line_breaks(text), *_inline_breaks(text)})
    out: list[tuple[int, int]] = []
    for start, end in zip(cuts, cuts[1:]):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def sentence_at(ranges: list[tuple[int, int]], position: int) -> tuple[int, int] | None:
    """The sentence range that holds a cleaned position, if any.

    >>> sentence_at([(0, 5), (6, 9)], 7)
    (6, 9)
    """
    for start, end in ranges:
        if start <= position < end:
            return start, end
    return None


def passage(normalized: Normalized, start: int, end: int) -> Text:
    """A cleaned range as a :class:`Text` whose value has its white space folded.

    >>> passage(Normalized(" a\\n b ", tuple(range(7))), 0, 6)
    Text(value='a b', span=Span(start=1, end=5))
    """
    t = normalized.value(start, end)
    return Text(" ".join(t.value.split()), t.span)
