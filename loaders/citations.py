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
from dataclasses import replace

from cxkg.loaders.authors import (
    AUTHORS, ET_AL, ORGANISATION, YEAR, citation_words, ends_in_name, is_function_word, leading_particle, parse_authors,
)
from cxkg.loaders.names import is_not_author, is_organisation_name
from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import Author, Citation
from cxkg.loaders.references import reference_list, source_lines
from cxkg.ontology.labels import APOSTROPHE_FORMS, straight_apostrophes

#: Where the year stands in a narrative citation, with any page: ``(2016)``, ``(1999, p. 57)``, ``(2016: 70)``.
_YEAR_PAREN = rf"\(\s*(?P<year>{YEAR})[a-z]?(?:\s*[,:]\s*(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?)?\s*\)"
#: An English possessive after the authors: ``Homburg et al.’s (2017)``.
_POSSESSIVE = rf"(?:[{APOSTROPHE_FORMS}]s)?"
_NARRATIVE = re.compile(rf"(?P<authors>{AUTHORS}|{ORGANISATION})(?P<etal>{ET_AL})?{_POSSESSIVE}\s*{_YEAR_PAREN}")
_INNER = re.compile(rf"(?P<authors>{AUTHORS}|{ORGANISATION})(?P<etal>{ET_AL})?\s*,?\s*(?P<year>{YEAR})[a-z]?")
_BARE = re.compile(rf"(?P<authors>{AUTHORS})(?P<etal>{ET_AL})?\s*,\s*(?P<year>{YEAR})")
#: More years of the same authors: ``(Verhoef et al., 2009, 2010)``.
_MORE_YEARS = re.compile(rf"\s*,\s*(?P<year>{YEAR})[a-z]?(?=\s*(?:[,;)]|$))")
_PAREN = re.compile(r"\(([^()]*)\)")
_LEAD = re.compile(r"(?:^|[,;:(]\s*|[a-zà-ÿ.’']\s+)$")
_IBID = re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in citation_words()["ibid"]) + r")(?![^\W\d_])", re.IGNORECASE)


def _trim(text: str, start: int) -> tuple[str, int]:
    """An author list without its leading function words (``Selon``, ``As``, ``le``).

    A capitalised particle before a name stays (``De Keyser``), unless what follows is an organisation
    (``Le Gartner Group``); a lowercase one goes (``de Lemon``: see :func:`reconcile`).
    """
    while (w := re.match(r"(\S+)\s+", text)) and is_function_word(w.group(1)):
        rest = text[w.end():]
        if w.group(1)[0].isupper() and leading_particle(text) and not is_organisation_name(rest):
            break
        text, start = rest, start + w.end()
    return text, start


def _citation(n: Normalized, m: re.Match, base: int, end: int) -> Citation | None:
    """The citation of a match, its authors trimmed of leading function words; None if none is left."""
    text, start = _trim(m.group("authors"), base + m.start("authors"))
    authors = tuple(a for a in parse_authors(text) if not is_not_author(a.family))
    if not authors or any(is_function_word(a.family) for a in authors):
        return None
    return Citation(authors, int(m.group("year")), n.span(start, end), "in-text", bool(m.group("etal")))


def _narrative(n: Normalized) -> list[Citation]:
    """``Authors (year)`` anywhere."""
    found = (_citation(n, m, 0, m.end()) for m in _NARRATIVE.finditer(n.text) if not ends_in_name(n.text[:m.start()]))
    return [c for c in found if c is not None]


def _parenthetical(n: Normalized) -> list[Citation]:
    """Every ``Authors, year`` inside parentheses, after any lowercase lead (``e.g.,``), each further
    year of the same authors (``2009, 2010``) a citation too; ``(ibid.)`` as a citation without authors
    (:func:`_resolve_ibid` gives it the work cited before)."""
    out: list[Citation] = []
    for p in _PAREN.finditer(n.text):
        base, inner = p.start(1), p.group(1)
        if (i := _IBID.match(inner)) is not None:
            out.append(Citation((), None, n.span(base + i.end() - len(i.group().lstrip()), base + i.end()), "ibid"))
            continue
        for m in _INNER.finditer(inner):
            if _LEAD.search(inner[: m.start()]) and not ends_in_name(inner[: m.start()]):
                c = _citation(n, m, base, base + m.end("year"))
                out += [c] if c else []
                out += _more_years(n, c, inner, base, m.end()) if c else []
    return out


def _more_years(n: Normalized, first: Citation, inner: str, base: int, at: int) -> list[Citation]:
    """The citations of further years after a first one, with its authors."""
    out = []
    while (m := _MORE_YEARS.match(inner, at)) is not None:
        out.append(replace(first, year=int(m.group("year")), span=n.span(base + m.start("year"), base + m.end())))
        at = m.end()
    return out


def _resolve_ibid(found: list[Citation]) -> list[Citation]:
    """Each ``ibid.`` cites the work of the citation before it; one with none before is dropped."""
    out: list[Citation] = []
    for c in sorted(found, key=lambda c: c.span):
        if c.kind != "ibid":
            out.append(c)
        elif out:
            out.append(replace(out[-1], span=c.span, kind="in-text"))
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
    return _resolve_ibid(_unique(found + _bare(n, taken)))


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

    Where two readings start at the same place, the fuller one (reference, then source line) is kept;
    nothing inside a reference entry is read again as a citation in the text.
    """
    references = reference_list(n)
    inside = [(r.span.start, r.span.end) for r in references]
    others = [c for c in source_lines(n) + in_text_citations(n) if not any(s <= c.span.start < e for s, e in inside)]
    return _unique(references + reconcile(others, references))


def _bare_key(family: str, year: int | None) -> tuple[str, int | None]:
    """A family name's slug without its particle, with the year."""
    particle = leading_particle(family)
    return _slug(family[len(particle):] if particle else family), year


def reconcile(citations: list[Citation], references: list[Citation]) -> list[Citation]:
    """Citations in the text named as the list of references names them.

    Running text may drop a lowercase particle that reads as a function word ("de Certeau (1980)"
    is read "Certeau"), or take a capitalised word before the authors for one of them ("In Europe,
    Lemon and Verhoef (2016)"). Where the list of references has the work of the first author with
    the particle, or of a later author of the list, the citation is given that name or that list.
    """
    keys = {citation_key(r) for r in references}
    known = {_bare_key(r.authors[0].family, r.year): r.authors[0] for r in references if r.authors}
    return [_reconciled(c, keys, known) for c in citations]


def _reconciled(c: Citation, keys: set[str], known: dict) -> Citation:
    """One citation reconciled with the references' keys (see :func:`reconcile`)."""
    if not c.authors or not keys or citation_key(c) in keys:
        return c
    full = known.get(_bare_key(c.authors[0].family, c.year))
    if full is not None:
        return replace(c, authors=(Author(full.family, c.authors[0].given),) + c.authors[1:])
    later = next((i for i in range(1, len(c.authors)) if citation_key(replace(c, authors=c.authors[i:])) in keys), None)
    return replace(c, authors=c.authors[later:]) if later else c


def _slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens; an apostrophe of any form parts two words (``d-astous``)."""
    ascii_ = unicodedata.normalize("NFKD", straight_apostrophes(text)).encode("ascii", "ignore").decode()
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
