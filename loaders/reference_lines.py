"""How the lines under a list's heading make its entries: one a line, hard-wrapped over several, or apart.

PDFs and many plain texts wrap an entry over lines. An entry opens as the list's
entries open (a marker such as ``[1]`` or ``1.``, else its authors and year, or
a blank line when entries stand apart); a line that opens none goes on with the
entry before, and so does a line after a comma or a conjunction, one that opens
in lower case, with a digit or a parenthesis, or one under a hanging indent. A
page break may cut an entry: a blank line followed by the rest of one does not
end the list. A list whose lines show no wrapping keeps one entry a line.

>>> from cxkg.loaders.normalize import clean
>>> n = clean("Klaus, P. (2013). Towards a better\\nmeasure. IJMR, 55(2).\\nLemon, K. N. (2016). Title.", str.isalpha)
>>> [n.text[s:e].split("\\n")[0][:9] for s, e in list_items(n, line_ranges(n))]
['Klaus, P.', 'Lemon, K.']
"""

from __future__ import annotations

import itertools
import re

from cxkg.loaders.authors import AUTHORS, ET_AL, FAMILY, INVERTED_AUTHORS, ORGANISATION, UP, YEAR
from cxkg.loaders.normalize import Normalized

#: A list item's marker: a bullet, a dash, ``1.``, ``1)``, ``(1)``, ``[1]``.
MARKER = re.compile(r"^[ \t]*(?:[•◦▪·*–-]|\d+[.)]|\(\d+\)|\[\d+\])[ \t]+")


#: How an entry's first line opens: its authors (or organisation), then its year in parentheses; an initial
#: before the year ends a wrapped author list (``Klaus,\nP. (2020)``).
#: In the Vancouver style, the first author's name then initials without full stops (``Lemon KN,``).
_OPENING = re.compile(rf"(?![{UP}]\.?\s*\()(?:(?:{AUTHORS}|{ORGANISATION}|{INVERTED_AUTHORS})(?:{ET_AL})?\.?\s*\(\s*{YEAR}"
                      rf"|{FAMILY}[ \t]+[{UP}]{{1,3}}(?:-[{UP}])?[,.](?:\s|$))")
#: A line that ends where an entry cannot: after a comma, a conjunction or a hyphen.
_JOINER_END = re.compile(r"(?:[,&;–-]|\band|\bet)\s*$")
#: A line that cannot open an entry: lower case, a digit, a parenthesis or punctuation first.
_CONTINUED = re.compile(r"^[ \t]*[^\w«“\"\[]|^[ \t]*[a-zà-ÿ0-9]")
#: A line that ends an entry: a full stop, a closing mark, a page range, an address.
_TERMINAL = re.compile(rf"(?<![\s.,][{UP}])(?:[.?!»”\"]|\d|\S+/\S*)\s*$")
#: A line that is a page number and nothing else: never part of an entry.
PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


def one_line(text: str) -> str:
    """A hard-wrapped entry as one line, without a page number a page break left in it."""
    return " ".join(" ".join(line.split()) for line in text.split("\n") if line.strip() and not PAGE_NUMBER.match(line))


def line_ranges(n: Normalized) -> list[tuple[int, int]]:
    """Cleaned ranges of the non-blank lines."""
    out, pos = [], 0
    for line in n.text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _is_marked(line: str) -> bool:
    """Whether a line opens with a list marker; a year in parentheses (``(2017) Title``) is none."""
    m = MARKER.match(line)
    return m is not None and re.search(r"\d{4}", m.group()) is None


def _indent(line: str) -> int:
    """How far a line is indented."""
    return len(line) - len(line.lstrip(" \t"))


class _Lines:
    """The lines under a list's heading, and how an entry opens and goes on among them."""

    def __init__(self, n: Normalized, rows: list[tuple[int, int]]) -> None:
        self.rows = [r for r in rows if not PAGE_NUMBER.match(n.text[r[0]:r[1]])]
        self.lines = [n.text[s:e] for s, e in self.rows]
        self.gaps = [False] + [n.text[self.rows[i - 1][1]:self.rows[i][0]].count("\n") > 1 for i in range(1, len(self.rows))]
        self.marked = bool(self.lines) and _is_marked(self.lines[0])

    def opens(self, i: int) -> bool:
        """Line ``i`` opens an entry as the list's entries open: by a marker, else by authors and a year."""
        if self.marked:
            return _is_marked(self.lines[i])
        return _OPENING.match(" ".join(" ".join(self.lines[i:i + 4]).split())) is not None

    def wrapped(self, i: int) -> bool:
        """Line ``i`` shows it goes on with the line before: after a comma or a conjunction, opening in lower
        case, with a digit or a parenthesis, or indented more than the list's first line (a hanging indent)."""
        if self.marked and self.opens(i):
            return False
        return bool(_JOINER_END.search(self.lines[i - 1]) or _indent(self.lines[i]) > _indent(self.lines[0])
                    or (_CONTINUED.match(self.lines[i]) and not self.opens(i)))

    def starts(self, i: int) -> bool:
        """Line ``i`` of a block opens an entry and the line before ends one: no wrapped line."""
        return self.opens(i) and self.ends(i - 1) and not self.wrapped(i)

    def resumes(self, i: int) -> bool:
        """Line ``i``, after a blank line, opens no entry but one of the next lines of its block does: the
        blank line is a page break inside an entry, the list goes on after it."""
        if self.opens(i):
            return False
        block = range(i + 1, min(i + 4, len(self.rows)))
        return any(self.starts(j) for j in itertools.takewhile(lambda j: not self.gaps[j], block))

    def ends(self, i: int) -> bool:
        """Line ``i`` ends as an entry ends: a full stop, a closing mark, a number, an address."""
        return _TERMINAL.search(self.lines[i]) is not None


def list_items(n: Normalized, rows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The entries of a list, each the range of its lines: hard-wrapped lines joined (see :func:`_step`).

    A line holding a page number alone is left out.
    """
    lines = _Lines(n, rows)
    if not lines.rows:
        return []
    shape = (_stand_apart(lines), any(lines.wrapped(i) for i in range(1, len(lines.rows)) if not lines.gaps[i]))
    items = [list(lines.rows[0])]
    for i in range(1, len(lines.rows)):
        step = _step(lines, i, *shape)
        if step is None:
            break
        if step:
            items.append(list(lines.rows[i]))
        else:
            items[-1][1] = lines.rows[i][1]
    return [(s, e) for s, e in items]


def _step(lines: _Lines, i: int, apart: bool, wrapped: bool) -> bool | None:
    """Whether line ``i`` opens an entry (True), goes on with the one before (False) or ends the list (None).

    An entry opens as the list's entries open: by a marker (bullet, number); by a blank line when they stand
    apart; else, in a list whose lines show they are wrapped, by its authors and year after a line that ends an
    entry, and on every line otherwise. After a blank line, a line that shows it goes on (a page break cut the
    entry) does; one that opens no entry ends the list.
    """
    if lines.gaps[i]:
        goes_on = lines.wrapped(i) or wrapped and (not (lines.ends(i - 1) or lines.opens(i)) or lines.resumes(i))
        if not goes_on and not ((lines.marked or apart) and lines.opens(i)):
            return None
        return not goes_on
    if lines.marked or apart:
        return lines.marked and lines.opens(i)
    return not wrapped or lines.starts(i)


def _stand_apart(lines: _Lines) -> bool:
    """Whether the list's entries stand apart, a blank line between them: its first block is one entry,
    and the next block opens one."""
    nxt = next((i for i in range(1, len(lines.rows)) if lines.gaps[i]), None)
    if nxt is None or not lines.opens(nxt):
        return False
    return not any(lines.starts(i) for i in range(1, nxt))
