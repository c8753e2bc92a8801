"""Author-year citations in running text, table cells and lists of sources.

Three shapes are read in running text: narrative, ``Homburg, Jozić et Kuehnl
(2017)``; parenthetical, ``(Grant 1996, Barney, 2014)`` (one or more citations in
the parentheses, after any ``e.g.`` or lowercase lead); bare, ``Maklan, Antonetti,
Whitty, 2017`` (a comma before the year, as in table cells). A capitalised word
before a match means it would cut a name (``chez Satmetrix France, 2011``), and a
French function word is no author (``Ainsi, 2019``): both are refused. A year
alone is never a citation (``en 2018``, ``NVivo 10``), nor is a word that names
no one in an author's place (``Infographie (2018)``, see ``names.py``).

Works on a text cleaned with its lines kept (``normalize.clean``); spans are
stored offsets.

>>> from cxkg.loaders.normalize import clean
>>> n = clean("des actifs (Grant 1996, Barney, 2014). Selon Morgan (2012),", lambda w: False)
>>> [bibliographic_citation(c) for c in in_text_citations(n)]
['Grant 1996', 'Barney 2014', 'Morgan 2012']
"""

from __future__ import annotations

import re
import unicodedata

from cxkg.loaders.authors import AUTHORS, ET_AL, ORGANISATION, YEAR, ends_in_name, is_function_word, parse_authors
from cxkg.loaders.names import is_not_author
from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import Citation
from cxkg.loaders.references import reference_list, source_lines

_NARRATIVE = re.compile(rf"(?P<authors>{AUTHORS}|{ORGANISATION})(?P<etal>{ET_AL})?\s*\(\s*(?P<year>{YEAR})[a-z]?\s*\)")
_INNER = re.compile(rf"(?P<authors>{AUTHORS})(?P<etal>{ET_AL})?\s*,?\s*(?P<year>{YEAR})")
_BARE = re.compile(rf"(?P<authors>{AUTHORS})(?P<etal>{ET_AL})?\s*,\s*(?P<year>{YEAR})")
_PAREN = re.compile(r"\(([^()]*)\)")
_LEAD = re.compile(r"(?:^|[,;:(]\s*|[a-zà-ÿ.’']\s+)$")


def _citation(n: Normalized, m: re.Match, base: int, end: int) -> Citation | None:
    """The citation of a match, its authors trimmed of leading function words; None if none is left."""
    text, start = m.group("authors"), base + m.start("authors")
    while (w := re.match(r"(\S+)\s+", text)) and is_function_word(w.group(1)):
        text, start = text[w.end():], start + w.end()
    authors = tuple(a for a in parse_authors(text) if not is_not_author(a.family))
    if not authors or any(is_function_word(a.family) for a in authors):
        return None
    return Citation(authors, int(m.group("year")), n.span(start, end), "in-text", bool(m.group("etal")))


def _narrative(n: Normalized) -> list[Citation]:
    """``Authors (year)`` anywhere."""
    found = (_citation(n, m, 0, m.end()) for m in _NARRATIVE.finditer(n.text) if not ends_in_name(n.text[:m.start()]))
    return [c for c in found if c is not None]


def _parenthetical(n: Normalized) -> list[Citation]:
    """Every ``Authors, year`` inside parentheses, after any lowercase lead (``e.g.,``)."""
    out: list[Citation] = []
    for p in _PAREN.finditer(n.text):
        base = p.start(1)
        for m in _INNER.finditer(p.group(1)):
            if _LEAD.search(p.group(1)[: m.start()]) and not ends_in_name(p.group(1)[: m.start()]):
                c = _citation(n, m, base, base + m.end("year"))
                out += [c] if c else []
    return out


def _bare(n: Normalized, taken: list[tuple[int, int]]) -> list[Citation]:
    """``Authors, year`` outside parentheses, not cutting a name."""
    out: list[Citation] = []
    for m in _BARE.finditer(n.text):
        inside = any(s <= m.start() < e for s, e in taken)
        if not inside and not ends_in_name(n.text[: m.start()]):
            c = _citation(n, m, 0, m.end("year"))
            out += [c] if c else []
    return out


def in_text_citations(n: Normalized) -> list[Citation]:
    """Narrative, parenthetical and bare citations in the text, in document order.

    :param n: a text cleaned with ``normalize.clean``.
    """
    taken = [(p.start(), p.end()) for p in _PAREN.finditer(n.text)]
    found = _narrative(n) + _parenthetical(n)
    taken += [(n.index(c.span.start), n.index(c.span.end)) for c in found]
    return _unique(found + _bare(n, taken))


def cell_citations(n: Normalized, start: int, end: int) -> tuple[Citation, ...] | None:
    """The citations of a cell that holds nothing else (``Varnali, 2018 ; Maklan, Whitty, 2017``).

    :returns: None if anything but citations and separators is left in the cell.

    >>> from cxkg.loaders.normalize import clean
    >>> n = clean("Ieva et Ziliani,\\n2018 ; Duran et\\n\\nUray, 2018", lambda w: False)
    >>> [citation_key(c) for c in cell_citations(n, 0, len(n.text))]
    ['ieva-2018', 'duran-2018']
    """
    cell = n.text[start:end]
    found = [(m, _citation(n, m, start, start + m.end("year"))) for m in _INNER.finditer(cell)]
    rest = _INNER.sub("", cell)
    if not found or any(c is None for _, c in found) or rest.strip(" \t\n,;.()"):
        return None
    return tuple(c for _, c in found)


def _unique(found: list[Citation]) -> list[Citation]:
    """One citation per start offset, the first found kept, in document order."""
    seen: dict[int, Citation] = {}
    for c in found:
        seen.setdefault(c.span.start, c)
    return sorted(seen.values(), key=lambda c: c.span)


def document_citations(n: Normalized) -> list[Citation]:
    """All the citations of a document: its list of sources, its source lines, its running text.

    Where two readings start at the same place, the fuller one (reference, then source line) is kept.
    """
    return _unique(reference_list(n) + source_lines(n) + in_text_citations(n))


def _slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_.lower()))


def citation_key(c: Citation) -> str:
    """The key of the cited work: first author's family name and year, normalised.

    Two citations of the same work share it. Without authors, the first words of the title stand in.

    >>> from cxkg.loaders.records import Author, Span
    >>> citation_key(Citation((Author("Jozić"), Author("Homburg")), 2017, Span(0, 1)))
    'jozic-2017'
    """
    head = c.authors[0].family if c.authors else " ".join((c.title or "anonymous").split()[:5])
    return "-".join(p for p in (_slug(head), str(c.year) if c.year else "") if p)


def bibliographic_citation(c: Citation) -> str:
    """The citation as a reader writes it: ``Homburg, Jozić & Kuehnl 2017``, ``Kozlenkova et al. 2014``.

    >>> from cxkg.loaders.records import Author, Span
    >>> bibliographic_citation(Citation((Author("Body"), Author("Tallec")), 2015, Span(0, 1)))
    'Body & Tallec 2015'
    """
    names = [a.family for a in c.authors]
    if c.et_al and names:
        who = f"{names[0]} et al."
    elif len(names) > 1:
        who = f"{', '.join(names[:-1])} & {names[-1]}"
    else:
        who = names[0] if names else (c.title or "")
    return f"{who} {c.year}" if c.year else who
