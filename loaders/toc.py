"""A book's numbered table of contents -> its parts, chapters, sections and matter, with pages.

Entries are recognised by shape, whatever the layout: a part (``PARTIE I``) or a
chapter (``Chapitre 3``) is followed by its title, its page at the end of the
title line (after a tab or spaces) or alone on the next line; a section
(``1.``, ``3.1.``, with or without a ``-`` bullet, number and page separated by
tabs or spaces) ends with its page; any other line ending with a page is front or
back matter (``Avant-propos  XV``); a capitalised heading without page
(``ANNEXES``) takes the capitalised line after it as its title, and ends the
current part. Markup (``<i>…</i>``, ``*…*``) is left out of titles.

>>> from cxkg.loaders.normalize import clean
>>> n = clean("PARTIE I\\nLES ENJEUX\\n1\\nChapitre 1\\nLes enjeux\\t3\\n - 1.1. La <i>digitalisation</i> 3\\n", lambda w: False)
>>> [(h.kind, h.number, h.title.value, h.page, h.parent) for h in headings(n)]  # doctest: +NORMALIZE_WHITESPACE
[('part', 'I', 'LES ENJEUX', '1', None), ('chapter', '1', 'Les enjeux', '3', ('part', 'I')),
 ('section', '1.1', 'La digitalisation', '3', ('section', '1'))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cxkg.loaders.normalize import Normalized, read, remove
from cxkg.loaders.records import Heading, Text

#: Markup left by the extraction: HTML tags and Markdown emphasis.
MARKUP = r"</?[A-Za-z][^<>\n]*>|\*{1,2}(?=\S)|(?<=\S)\*{1,2}"

#: Words that, followed by a number alone on a line, open a part or a chapter.
PART_WORDS = ("PARTIE", "Partie")
CHAPTER_WORDS = ("Chapitre", "CHAPITRE")

_PAGE = r"(?:[ \t]+(?P<page>\d+)|\t+[ \t]*(?P<roman>[IVXLC]+))[ \t]*$"
_NUMBERED = re.compile(rf"^[ \t]*(?:-[ \t]+)?(?P<number>\d+(?:\.\d+)*)\.?[ \t]+(?P<title>\S.*?){_PAGE}")
_PAGED = re.compile(rf"^[ \t]*(?P<title>\S.*?){_PAGE}")
_BARE_PAGE = re.compile(r"^[ \t]*(?P<page>\d+|[IVXLC]+)[ \t]*$")
_CAPITAL_HEADING = re.compile(r"^[ \t]*[^\W\d_a-zà-ÿ]{4,}(?:[ \t]+[^\W\d_a-zà-ÿ]+)*[ \t]*$")
_RULE = re.compile(r"^[-\s]*$")


@dataclass
class _Pending:
    """A part, chapter or capitalised heading whose title (and page) are still to come."""

    kind: str
    number: str | None
    start: int
    title: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _State:
    part: str | None = None
    chapter: str | None = None
    pending: _Pending | None = None
    out: list[Heading] = field(default_factory=list)


def _page(m: re.Match) -> str:
    return m.group("page") or m.group("roman")


def _close(n: Normalized, st: _State, end: int, page: str | None) -> None:
    """Emit the pending heading with the title lines gathered and the page found."""
    p, st.pending = st.pending, None
    title = read(n, p.title[0][0], p.title[-1][1]) if p.title else read(n, p.start, p.start)
    if p.kind == "matter" and len(p.title) > 1:  # a heading and its title: ANNEXES – ÉTUDES DE CAS
        title = Text(" – ".join(read(n, s, e).value for s, e in p.title), title.span)
    parent = ("part", st.part) if p.kind == "chapter" and st.part else None
    st.out.append(Heading(p.kind, p.number, title, page, parent, n.span(p.start, end)))
    if p.kind == "part":
        st.part, st.chapter = p.number, None
    elif p.kind == "chapter":
        st.chapter = p.number
    else:  # a capitalised heading such as ANNEXES closes the current part
        st.part = st.chapter = None


def _pending_line(n: Normalized, st: _State, start: int, end: int) -> bool:
    """Feed a line to the pending heading; False if the line is an entry of its own."""
    text = n.text[start:end]
    if (m := _BARE_PAGE.match(text)) and st.pending.kind != "matter":
        _close(n, st, start + m.end("page"), m.group("page"))
        return True
    if _NUMBERED.match(text) or _heading_start(text):
        _close(n, st, st.pending.title[-1][1] if st.pending.title else st.pending.start, None)
        return False
    if st.pending.kind == "matter" and (not text.strip().isupper()):
        _close(n, st, st.pending.title[-1][1], None)
        return False
    if m := _PAGED.match(text):
        st.pending.title.append((start + m.start("title"), start + m.end("title")))
        _close(n, st, start + m.end("page" if m.group("page") else "roman"), _page(m))
    else:
        st.pending.title.append((start, end))
    return True


def _heading_start(text: str) -> re.Match | None:
    words = "|".join(PART_WORDS + CHAPTER_WORDS)
    return re.match(rf"^[ \t]*(?P<kind>{words})[ \t]+(?P<number>[IVXLC]+|\d+)[ \t]*$", text)


def _section(n: Normalized, st: _State, start: int, m: re.Match) -> Heading:
    number = m.group("number")
    if "." in number:
        parent = ("section", number.rsplit(".", 1)[0])
    else:
        parent = ("chapter", st.chapter) if st.chapter else None
    end = start + m.end("page" if m.group("page") else "roman")
    title = read(n, start + m.start("title"), start + m.end("title"))
    return Heading("section", number, title, _page(m), parent, n.span(start + m.start("number"), end), st.chapter)


def _line(n: Normalized, st: _State, start: int, end: int) -> None:
    """Read one non-blank line of the table of contents."""
    text = n.text[start:end]
    if st.pending and _pending_line(n, st, start, end):
        return
    if h := _heading_start(text):
        kind = "part" if h.group("kind") in PART_WORDS else "chapter"
        st.pending = _Pending(kind, h.group("number"), start + h.start("kind"))
    elif m := _NUMBERED.match(text):
        st.out.append(_section(n, st, start, m))
    elif m := _PAGED.match(text):
        title = read(n, start + m.start("title"), start + m.end("title"))
        end_ = start + m.end("page" if m.group("page") else "roman")
        st.out.append(Heading("matter", None, title, _page(m), None, n.span(start + m.start("title"), end_)))
    elif _CAPITAL_HEADING.match(text):
        st.pending = _Pending("matter", None, start + len(text) - len(text.lstrip()))
        st.pending.title.append((st.pending.start, end))


def headings(n: Normalized, markup: str = MARKUP) -> list[Heading]:
    """The entries of a table of contents, in order, each with its parent.

    :param n: the table of contents, cleaned with its lines kept (``normalize.clean``).
    :param markup: what to leave out of titles.
    :returns: no entry at all unless at least three are parts, chapters or sections:
        a text with a few lines ending in numbers is no table of contents.
    """
    n = remove(n, markup)
    st = _State()
    pos = 0
    for line in n.text.split("\n"):
        if line.strip() and not _RULE.match(line):
            _line(n, st, pos, pos + len(line))
        pos += len(line) + 1
    if st.pending:
        _close(n, st, st.pending.title[-1][1] if st.pending.title else st.pending.start, None)
    numbered = [h for h in st.out if h.kind != "matter"]
    return st.out if len(numbered) >= 3 else []
