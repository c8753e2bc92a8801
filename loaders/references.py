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

import re
from typing import Sequence

from cxkg.loaders.authors import (
    AUTHORS, ET_AL, INVERTED_AUTHORS, ORGANISATION, YEAR, citation_words, is_function_word, leading_particle, parse_authors,
    parse_inverted_authors,
)
from cxkg.loaders.names import is_not_author
from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import Citation, Span
from cxkg.loaders.reference_lines import MARKER, line_ranges, list_items, one_line

#: Headings that open a list of references, in every language.
REFERENCE_HEADINGS = tuple(h for words in citation_words()["reference_headings"].values() for h in words)

#: What follows an entry's authors: ``(year)``, then the rest after a separator.
_YEAR_REST = rf"(?P<etal>{ET_AL})?\.?\s*\(\s*(?P<year>{YEAR})[a-z]?\s*\)(?:(?:\s*[.,–—:-]\s*|\s+)(?P<rest>.*?))?\s*$"
_ENTRY = re.compile(rf"(?P<authors>{AUTHORS}|{ORGANISATION}){_YEAR_REST}", re.S)
#: The Journal of Marketing's style: ``Becker, Larissa and Elina Jaakkola (2020), "Title," Journal, 48 (4), 630–48.``
_INVERTED_ENTRY = re.compile(rf"(?P<authors>{INVERTED_AUTHORS}){_YEAR_REST}", re.S)
#: The Vancouver style: ``Lemon KN, Verhoef PC. Title. Journal. 2016;80(6):69-96``, the year after the title.
_VANCOUVER = re.compile(rf"(?P<authors>{AUTHORS})(?P<etal>{ET_AL})?\.\s+(?P<rest>.*?(?P<year>{YEAR}).*?)\s*$", re.S)
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
    marker = MARKER.match(n.text[start:end])
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
    body = one_line(n.text[offset:end])
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
    found = (_INVERTED_ENTRY.match(one_line(n.text[_body(n, s, e):e])) for s, e in items)
    return any(m is not None and len(parse_inverted_authors(m.group("authors"))) > 1 for m in found)


def reference_list(n: Normalized, headings: Sequence[str] = REFERENCE_HEADINGS) -> list[Citation]:
    """The entries of the list under a heading such as ``Sources``, kind ``"reference"``.

    Items are the entries after the heading, each of one line or hard-wrapped over several
    (see :mod:`~cxkg.loaders.reference_lines`).
    """
    rows = line_ranges(n)
    wanted = {h.lower() for h in headings}
    out: list[Citation] = []
    for k, (s, e) in enumerate(rows):
        if n.text[s:e].strip().rstrip(":").strip().lower() not in wanted:
            continue
        items = list_items(n, rows[k + 1:])
        inverted = is_inverted_list(n, items)
        out += [c for c in (entry(n, s2, e2, inverted=inverted) for s2, e2 in items) if c is not None]
    return out


def source_lines(n: Normalized) -> list[Citation]:
    """Lines that are nothing but an ``Authors (year), title`` entry, kind ``"in-text"``.

    A line right after one ending with ``»`` is an attribution: author and year only.
    """
    rows = line_ranges(n)
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

