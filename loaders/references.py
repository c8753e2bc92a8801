"""Reference entries: a list of sources, and source lines standing alone under a figure or quote.

An entry reads ``Authors (year), title, publisher`` or ``Authors (year) – title``;
the title may be in « », the publisher may be a site (``genesys.com``). An entry
of a source list may lack author and year (``Title, site.com``). A source line
right after a quotation is its attribution: its text is a role, not a title, so
only its author and year are kept.

>>> from cxkg.loaders.normalize import clean
>>> n = clean("Sources\\n\\n  • Body et Tallec (2015), L’expérience client, Eyrolles", lambda w: False)
>>> c = reference_list(n)[0]
>>> [a.family for a in c.authors], c.year, c.title, c.publisher
(['Body', 'Tallec'], 2015, 'L’expérience client', 'Eyrolles')
"""

from __future__ import annotations

import itertools
import re
from typing import Sequence

from cxkg.loaders.authors import (
    AUTHORS, ET_AL, FAMILY, INVERTED_AUTHORS, ORGANISATION, UP, YEAR, citation_words, is_function_word, leading_particle, parse_authors,
    parse_inverted_authors,
)
from cxkg.loaders.names import is_not_author
from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import Citation, Span

#: Headings that open a list of references, in every language.
REFERENCE_HEADINGS = tuple(h for words in citation_words()["reference_headings"].values() for h in words)

#: What follows an entry's authors: ``(year)``, then the rest after a separator.
_YEAR_REST = rf"(?P<etal>{ET_AL})?\.?\s*\(\s*(?P<year>{YEAR})[a-z]?\s*\)(?:(?:\s*[.,–—:-]\s*|\s+)(?P<rest>.*?))?\s*$"
_ENTRY = re.compile(rf"(?P<authors>{AUTHORS}|{ORGANISATION}){_YEAR_REST}", re.S)
#: The Journal of Marketing's style: ``Becker, Larissa and Elina Jaakkola (2020), "Title," Journal, 48 (4), 630–48.``
_INVERTED_ENTRY = re.compile(rf"(?P<authors>{INVERTED_AUTHORS}){_YEAR_REST}", re.S)
#: The Vancouver style: ``Lemon KN, Verhoef PC. Title. Journal. 2016;80(6):69-96``, the year after the title.
_VANCOUVER = re.compile(rf"(?P<authors>{AUTHORS})(?P<etal>{ET_AL})?\.\s+(?P<rest>.*?(?P<year>{YEAR}).*?)\s*$", re.S)
_MARKER = re.compile(r"^[ \t]*(?:[•◦▪·*–-]|\d+[.)]|\(\d+\)|\[\d+\])[ \t]+")
_SITE = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?$")
_PUBLISHER = re.compile(r"^[A-ZÀ-Þ][^\s,:;]*(?: [A-ZÀ-Þ&][^\s,:;]*){0,2}$")
_TRIM = " \t\n,;.–—-"
#: The marks a title may be quoted in, opening and closing.
_QUOTES = {"«": "»", "“": "”", '"': '"'}
#: What follows a venue: volume, issue, pages, date.
_VOLUME = re.compile(r"[\s,]+\d.*$", re.S)
#: A word before a dash that opens a title: "Infographie – Titre" names the kind of work, not its title.
_GENRE = re.compile(r"^(\w+)\s*[–—:]\s+")


def split_title(rest: str) -> tuple[str | None, str | None]:
    """Title and publisher of the text that follows an entry's year.

    A title in « » or quotation marks ends at the closing mark, and the venue after it at its volume
    or date; otherwise the last comma-separated part is the publisher when it is a site or a short capitalised name. A word
    that names the kind of work ("Infographie – ") is no part of the title.

    >>> split_title("« Comment construire ? », genesys.com")
    ('Comment construire ?', 'genesys.com')
    >>> split_title('"Experiential Marketing," Journal of Marketing Management, 15 (1–3), 53–67.')
    ('Experiential Marketing', 'Journal of Marketing Management')
    >>> split_title("Infographie – Le management de l’expérience client")
    ('Le management de l’expérience client', None)
    """
    rest = _GENRE.sub(lambda m: "" if is_not_author(m.group(1)) else m.group(0), " ".join(rest.split())).strip(_TRIM)
    if not rest:
        return None, None
    if (close := _QUOTES.get(rest[0])) and close in rest[1:]:
        title, _, after = rest[1:].partition(close)
        return title.strip(_TRIM) or None, _VOLUME.sub("", after).strip(_TRIM) or None
    head, sep, last = rest.rpartition(", ")
    if sep and (_SITE.match(last) or (_PUBLISHER.match(last) and ":" not in last)):
        return head.strip(_TRIM) or None, last
    return rest, None


def _standalone(m: re.Match, kind: str) -> bool:
    """A source line's text after the year opens like a title, not like the rest of a sentence."""
    return kind == "reference" or bool(re.match(r"[«\"“A-ZÀ-Þ0-9]", m.group("rest") or ""))


def _opens_with_name(authors: str) -> bool:
    """An author list opens with a name, or with a particle and a name, not with a function word."""
    return leading_particle(authors) is not None or not is_function_word(authors.split()[0])


#: Where a sentence of an entry ends: after ``.``, ``?`` or ``!``, before a capital (not after an initial).
_SENTENCE_END = re.compile(r"(?<=[^\s.A-Z][.?!])\s+(?=[A-ZÀ-Þ])|(?<=\)[.])\s+(?=[A-ZÀ-Þ])")


def _title_publisher(m: re.Match) -> tuple[str | None, str | None]:
    """Title and publisher after an entry's authors and year.

    After ``(year).`` (APA), ``(year) `` (Springer) or in the Vancouver style, the last sentence is the venue (journal or
    publisher, without volume and pages) and the sentences before it the title; otherwise
    :func:`split_title` reads the rest.

    >>> _title_publisher(_ENTRY.match("Brakus, J. (2009). Brand experience: What is it? Does it affect loyalty? "
    ...                               "Journal of Marketing, 73(3), 52–68."))
    ('Brand experience: What is it? Does it affect loyalty?', 'Journal of Marketing')
    """
    rest = m.group("rest") or ""
    if m.re is _VANCOUVER:
        rest = rest[: m.start("year") - m.start("rest")].strip(" .;")
    elif m.string[m.end("year"):m.start("rest") if m.group("rest") is not None else m.end()].strip("abcdefgh )") not in ("", "."):
        return split_title(rest)
    parts = _SENTENCE_END.split(" ".join(rest.split()))
    if len(parts) < 2:
        return split_title(rest)
    venue = re.sub(r"\s+\d.*$", "", parts[-1].split(",")[0]).strip(_TRIM)
    return " ".join(parts[:-1]).strip(" .") or None, venue or None


def _body(n: Normalized, start: int, end: int) -> int:
    """Where an entry's text starts in the cleaned range ``[start, end)``: after its list marker."""
    marker = _MARKER.match(n.text[start:end])
    return start + (marker.end() if marker else 0)


def entry(n: Normalized, start: int, end: int, kind: str = "reference",
          with_title: bool = True, inverted: bool = False) -> Citation | None:
    """Parse the cleaned range ``[start, end)`` as one reference entry.

    :param kind: the kind given to the citation; a ``"reference"`` may lack author and year.
    :param with_title: False for an attribution, whose text is no title.
    :param inverted: the entry is in a list of the Journal of Marketing's style (see :func:`is_inverted_list`).
    :returns: None if the range is not an entry of that kind.
    """
    offset = _body(n, start, end)
    stop = offset + len(n.text[offset:end].rstrip(_TRIM))
    body = " ".join(n.text[offset:end].split())  # a hard-wrapped entry reads as one line
    m = (_INVERTED_ENTRY.match(body) if inverted else None) or _ENTRY.match(body) or (
        _VANCOUVER.match(body) if kind == "reference" else None)
    if m and _opens_with_name(m.group("authors")) and _standalone(m, kind):
        title, publisher = _title_publisher(m) if with_title else (None, None)
        read = parse_inverted_authors if m.re is _INVERTED_ENTRY else parse_authors
        authors = tuple(a for a in read(m.group("authors")) if not is_not_author(a.family))
        return Citation(authors, int(m.group("year")), n.span(offset, stop),
                        kind, bool(m.group("etal")), title, publisher)
    if kind != "reference" or stop <= offset:
        return None
    title, publisher = split_title(body)
    return Citation((), None, n.span(offset, stop), kind, False, title, publisher)


def is_inverted_list(n: Normalized, items: Sequence[tuple[int, int]]) -> bool:
    """Whether a list of references is in the Journal of Marketing's style: an entry names its first author
    ``Family, Given`` and a later one ``Given Family``. Its entries of one author (``Schmitt, Bernd (1999)``,
    which could be two family names) are then read in that style too.
    """
    found = (_INVERTED_ENTRY.match(n.text[_body(n, s, e):e]) for s, e in items)
    return any(m is not None and len(parse_inverted_authors(m.group("authors"))) > 1 for m in found)


def _line_ranges(n: Normalized) -> list[tuple[int, int]]:
    """Cleaned ranges of the non-blank lines."""
    out, pos = [], 0
    for line in n.text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


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
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


def _indent(line: str) -> int:
    """How far a line is indented."""
    return len(line) - len(line.lstrip(" \t"))


class _Lines:
    """The lines under a list's heading, and how an entry opens and goes on among them."""

    def __init__(self, n: Normalized, rows: list[tuple[int, int]]) -> None:
        self.rows = [r for r in rows if not _PAGE_NUMBER.match(n.text[r[0]:r[1]])]
        self.lines = [n.text[s:e] for s, e in self.rows]
        self.gaps = [False] + [n.text[self.rows[i - 1][1]:self.rows[i][0]].count("\n") > 1 for i in range(1, len(self.rows))]
        self.marked = bool(self.lines) and _MARKER.match(self.lines[0]) is not None

    def opens(self, i: int) -> bool:
        """Line ``i`` opens an entry as the list's entries open: by a marker, else by authors and a year."""
        if self.marked:
            return _MARKER.match(self.lines[i]) is not None
        return _OPENING.match(" ".join(" ".join(self.lines[i:i + 4]).split())) is not None

    def wrapped(self, i: int) -> bool:
        """Line ``i`` shows it goes on with the line before: after a comma or a conjunction, opening in lower
        case, with a digit or a parenthesis, or indented more than the list's first line (a hanging indent)."""
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


def _list_items(n: Normalized, rows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The entries of a list, each the range of its lines: hard-wrapped lines joined.

    An entry opens as the list's first does: by a marker (bullet, number); by a blank line when its entries stand
    apart; else, in a list whose lines show they are wrapped (see :meth:`_Lines.wrapped`), by its authors and year
    after a line that ends an entry, and on every line otherwise. Other lines go on with the entry before. After a
    blank line, a line that shows it goes on (a page break cut the entry) does; one that opens no entry ends the
    list. A line holding a page number alone is left out.
    """
    lines = _Lines(n, rows)
    if not lines.rows:
        return []
    apart = _stand_apart(lines)
    wrapped = any(lines.wrapped(i) for i in range(1, len(lines.rows)) if not lines.gaps[i])
    items = [list(lines.rows[0])]
    for i in range(1, len(lines.rows)):
        if lines.gaps[i]:
            goes_on = lines.wrapped(i) or not (lines.ends(i - 1) or lines.opens(i)) or lines.resumes(i)
            if not goes_on and not ((lines.marked or apart) and lines.opens(i)):
                break
            opens = not goes_on
        elif lines.marked or apart:
            opens = lines.marked and lines.opens(i)
        else:
            opens = not wrapped or lines.starts(i)
        if opens:
            items.append(list(lines.rows[i]))
        else:
            items[-1][1] = lines.rows[i][1]
    return [(s, e) for s, e in items]


def _stand_apart(lines: _Lines) -> bool:
    """Whether the list's entries stand apart, a blank line between them: its first block is one entry,
    and the next block opens one."""
    nxt = next((i for i in range(1, len(lines.rows)) if lines.gaps[i]), None)
    if nxt is None or not lines.opens(nxt):
        return False
    return not any(lines.starts(i) for i in range(1, nxt))


def reference_list(n: Normalized, headings: Sequence[str] = REFERENCE_HEADINGS) -> list[Citation]:
    """The entries of the list under a heading such as ``Sources``, kind ``"reference"``.

    Items are the marked lines (bullet, dash, number) after the heading; without
    markers, the lines up to the first blank line.
    """
    rows = _line_ranges(n)
    wanted = {h.lower() for h in headings}
    out: list[Citation] = []
    for k, (s, e) in enumerate(rows):
        if n.text[s:e].strip().rstrip(":").strip().lower() not in wanted:
            continue
        items = _list_items(n, rows[k + 1:])
        inverted = is_inverted_list(n, items)
        out += [c for c in (entry(n, s2, e2, inverted=inverted) for s2, e2 in items) if c is not None]
    return out


def source_lines(n: Normalized) -> list[Citation]:
    """Lines that are nothing but an ``Authors (year), title`` entry, kind ``"in-text"``.

    A line right after one ending with ``»`` is an attribution: author and year only.
    """
    rows = _line_ranges(n)
    out: list[Citation] = []
    for k, (s, e) in enumerate(rows):
        after_quote = k > 0 and n.text[rows[k - 1][0]:rows[k - 1][1]].rstrip().endswith("»")
        c = entry(n, s, e, "in-text", with_title=not after_quote)
        if c is not None and (c.title or after_quote):
            out.append(c)
    return out


def venue_spans(stored: str, citations: Sequence[Citation]) -> list[Span]:
    """Where the venues (journal, publisher, site) of the reference entries stand in the stored text.

    A venue's name is no mention of a concept ("Journal of Marketing" does not speak of marketing).

    >>> text = "Lemon, K. N. (2016). Title here. Journal of Marketing, 80(6)."
    >>> c = Citation((), 2016, Span(0, len(text)), "reference", publisher="Journal of Marketing")
    >>> [text[s.start:s.end] for s in venue_spans(text, [c])]
    ['Journal of Marketing']
    """
    out = []
    for c in citations:
        if c.kind != "reference" or not c.publisher:
            continue
        words = r"\s+".join(re.escape(w) for w in c.publisher.split())
        m = re.compile(words).search(stored, c.span.start, c.span.end)
        if m is not None:
            out.append(Span(m.start(), m.end()))
    return out

