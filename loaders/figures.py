"""Figures: numbers that a sentence states with a unit, a year and a source.

Documents are full of numbers that are no figures: page and section numbers,
years, notations ("C1"), versions ("NVivo 10"), scores read out in an
interview ("on note le service 3, 4 ou 5"), ages ("des clients de 25 ou de
65 ans"). So a number counts only with a cue that makes it a quantity:

* a percentage: "36%", "36 %", "36 pour cent" -> unit ``%``;
* a scale word, with or without a currency: "13,8 millions" -> ``million``,
  "20 milliards d'euros" -> ``milliard EUR``;
* a currency: "500 €" -> ``EUR``;
* a multiplier: "multiplié par 3,5", "3 fois" -> ``x``;
* a count of things after a qualifier: "au-delà de 4 canaux" -> unit ``canaux``
  (the noun as written), qualifier ``more than``. Without a qualifier a bare
  count ("26 professionnels", "65 ans") is not reported: it describes a sample
  or an example, not a finding.

A qualifier says how exact the number is: "plus de", "au-delà de" (more than),
"près de", "environ" (about), "au moins" (at least), "au plus", "au maximum"
(at most), "jusqu'à" (up to), "moins de" (less than), before the number or,
for a few, after it ("36 % environ").

The year is the one the sentence ties to a time ("en 2018"), else a bare year
of the sentence outside parentheses (a bracketed year is a citation's) that is
not a baseline ("multiplié par 3,5 depuis 2017" is measured from 2017, not in
it); the nearest wins. The source is, nearest first: who the sentence
credits ("selon une étude de la FEVAD") or the work it cites ("(Acme, 2019)"),
a source named before it in its paragraph ("selon X"; a work cited in
another sentence is that sentence's), or the credit line under the paragraph
(:mod:`cxkg.loaders.credits`). A figure whose sentence gives no year takes the
year of the work it is credited to.

>>> from cxkg.loaders.normalize import Normalized
>>> text = "Selon une étude de la FEVAD, les ventes ont crû de 12 % en 2019."
>>> [(f.value, f.unit, f.year, f.source) for f in find_figures(Normalized(text, tuple(range(len(text) + 1))))]
[('12', '%', 2019, 'FEVAD')]
"""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from cxkg.loaders.citations import in_text_citations
from cxkg.loaders.credits import SOURCE, Credit, credits_of
from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import Figure, Span
from cxkg.loaders.sentences import passage, sentences

_NUM = r"(?<![\w.,])(?P<num>\d{1,3}(?:[  ]\d{3})+|\d+)(?:,(?P<dec>\d+))?"
_SCALE = {"million": "million", "milliard": "milliard", "millier": "millier"}
_CURRENCY = r"(?P<cur>€|\$|euros?\b|EUR\b|dollars?\b|USD\b)"

#: Each form: a pattern with ``num``/``dec`` groups, and how its unit is read.
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("x", re.compile(r"\bmultipli[ée]\w*\s+par\s+" + _NUM)),
    ("x", re.compile(_NUM + r"\s+fois\b")),
    ("%", re.compile(_NUM + r"\s?(?:%|pour[\s-]?cents?\b|pourcents?\b)")),
    ("scale", re.compile(_NUM + r"\s+(?P<scale>million|milliard|millier)s?\b(?:\s*(?:d['’]|de\s+)?" + _CURRENCY + ")?")),
    ("currency", re.compile(_NUM + r"\s?" + _CURRENCY)),
    ("count", re.compile(_NUM + r"\s+(?P<noun>[^\W\d_A-Z][^\W\d_]{2,})\b")),
)

#: Words before a number that say how exact it is; the longer wordings first ("pas plus de" before "plus de").
_QUALIFIERS = (
    (re.compile(r"(?:\bau\s+moins|\bpas\s+moins\s+d[e'’]|\bau\s+minimum|\bat\s+least)\s*$", re.I), "at least"),
    (re.compile(r"(?:\b(?:tout\s+)?au\s+plus|\bpas\s+plus\s+d[e'’]|\bau\s+maximum|\bat\s+most)\s*$", re.I), "at most"),
    (re.compile(r"(?:\bprès\s+d[e'’]|\benviron|\bquelque|\bautour\s+d[e'’]|\baux\s+alentours\s+d[e'’]|\bà\s+peu\s+près"
                r"|\babout|\baround|\bnearly|\bapproximately)\s*$", re.I), "about"),
    (re.compile(r"(?:\bplus\s+d[e'’]|\bau-delà\s+d[e'’]|\bsupérieure?s?\s+à|\bmore\s+than|\bover)\s*$", re.I), "more than"),
    (re.compile(r"(?:\bmoins\s+d[e'’]|\binférieure?s?\s+à|\bless\s+than|\bunder)\s*$", re.I), "less than"),
    (re.compile(r"(?:\bjusqu['’]à|\bup\s+to)\s*$", re.I), "up to"),
)

#: Words after a number that say how exact it is ("36 % environ", "20 ans et plus").
_QUALIFIERS_AFTER = (
    (re.compile(r"\s*(?:environ|approximativement)\b", re.I), "about"),
    (re.compile(r"\s*(?:au\s+moins|au\s+minimum|(?:et|ou)\s+plus)\b", re.I), "at least"),
    (re.compile(r"\s*(?:au\s+plus|au\s+maximum)\b", re.I), "at most"),
)

#: Nouns that follow a number without making it a count worth reporting.
_NOT_COUNTS = frozenset("ans an mois jours heures minutes fois ou et à de".split())

_YEAR = re.compile(r"(?<![\d,.])(?:19|20)\d{2}(?![\d,])")
_TIMED_YEAR = re.compile(r"\b(?:en|d['’]ici|jusqu['’]en|fin|début|courant|in)\s+((?:19|20)\d{2})\b")
#: A year a figure is measured from or against ("multiplié par 3,5 depuis 2017"): not the figure's year.
_BASELINE_YEAR = re.compile(r"\b(?:depuis|dès|avant|après|par rapport à|since|from|compared to)\s+((?:19|20)\d{2})\b")
def decimal(num: str, dec: str | None) -> str:
    """A written number as a decimal string with a point.

    >>> decimal("13", "8"), decimal("1 000", None)
    ('13.8', '1000')
    """
    whole = re.sub(r"\D", "", num)
    return f"{whole}.{dec}" if dec else whole


def _unit(kind: str, m: re.Match[str]) -> str | None:
    """The unit of a match, or None when the match is no figure."""
    currency = {"€": "EUR", "$": "USD"}.get(m.groupdict().get("cur") or "", None)
    if m.groupdict().get("cur") and not currency:
        currency = "USD" if m.group("cur").lower().startswith(("dollar", "usd")) else "EUR"
    if kind == "scale":
        return _SCALE[m.group("scale")] + (f" {currency}" if currency else "")
    if kind == "currency":
        return currency
    if kind == "count":
        return None if m.group("noun").lower() in _NOT_COUNTS else m.group("noun").lower()
    return kind


def qualifier(before: str) -> str | None:
    """How exact a number is, from the words just before it.

    >>> qualifier("soit près de "), qualifier("au-delà de "), qualifier("pas plus de "), qualifier("soit ")
    ('about', 'more than', 'at most', None)
    """
    found = _qualifier_before(before)
    return found[0] if found else None


def _qualifier_before(before: str) -> tuple[str, int] | None:
    """The qualifier that ends ``before``, and where its words start."""
    for pattern, name in _QUALIFIERS:
        m = pattern.search(before)
        if m:
            return name, m.start()
    return None


def _qualifier_around(sentence: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The qualifier of the number at ``[start, end)`` and the range it spans with the number."""
    before = _qualifier_before(sentence[:start])
    if before:
        return before[0], before[1], end
    for pattern, name in _QUALIFIERS_AFTER:
        m = pattern.match(sentence, end)
        if m:
            return name, start, m.end()
    return None


def _matches(sentence: str) -> Iterator[tuple[int, int, str, str, tuple[str, int, int] | None]]:
    """``(start, end, value, unit, qualifier)`` of the figures of one sentence, left to right."""
    found: list[tuple[int, int, str, str, tuple[str, int, int] | None]] = []
    for kind, pattern in _FORMS:
        for m in pattern.finditer(sentence):
            unit = _unit(kind, m)
            q = _qualifier_around(sentence, m.start(), m.end())
            if unit is None or (kind == "count" and q is None):
                continue
            if any(s < m.end() and m.start() < e for s, e, *_ in found):
                continue
            found.append((m.start(), m.end(), decimal(m.group("num"), m.group("dec")), unit, q))
    return iter(sorted(found))


def year_of(sentence: str, at: int, skip: Sequence[tuple[int, int]] = ()) -> int | None:
    """The year a sentence ties a figure at ``at`` to: a timed year, else a bare one.

    :param skip: ranges (the figures themselves) where no year is read.

    >>> year_of("(FEVAD 2019) 36% des acheteurs en 2018", 13)
    2018
    >>> year_of("multiplié par 3,5 depuis 2017", 14) is None
    True
    """
    def free(s: int) -> bool:
        return not any(a <= s < b for a, b in skip)

    def nearest(spans: list[tuple[int, int]]) -> int | None:
        spans = [sp for sp in spans if free(sp[0])]
        return int(sentence[slice(*min(spans, key=lambda sp: abs(sp[0] - at)))]) if spans else None

    timed = nearest([m.span(1) for m in _TIMED_YEAR.finditer(sentence)])
    if timed is not None:
        return timed
    baselines = {m.start(1) for m in _BASELINE_YEAR.finditer(sentence)}
    bare = [m.span() for m in _YEAR.finditer(sentence)
            if not _in_parentheses(sentence, m.start()) and m.start() not in baselines]
    return nearest(bare)


def _in_parentheses(text: str, at: int) -> bool:
    """Whether a position stands inside an unclosed parenthesis."""
    before = text[:at]
    return before.rfind("(") > before.rfind(")")


def source_of(sentence: str) -> str | None:
    """Who a sentence credits for its figures ("selon X", "d'après une étude de X").

    >>> source_of("En effet, selon une étude de la FEVAD (Fédération), 13,8 millions")
    'FEVAD'
    """
    m = SOURCE.search(sentence)
    return m.group("name").rstrip(".") if m else None


def find_figures(normalized: Normalized, exclude: Sequence[Span] = ()) -> list[Figure]:
    """The figures of a text, sentence by sentence.

    :param normalized: the cleaned text (lines kept or folded).
    :param exclude: stored spans to skip (tables handled elsewhere).
    :return: figures in text order, spans into the stored text.
    """
    figures: list[Figure] = []
    cites = in_text_citations(normalized)
    for start, end in sentences(normalized):
        sentence = normalized.text[start:end]
        found = list(_matches(sentence))
        spans = [(s, e) for s, e, *_ in found]
        credits = credits_of(normalized, start, end, cites) if found else []
        source = credits[0] if credits else Credit()
        dated = next((c.citation for c in credits if c.citation is not None), None)
        for s, e, value, unit, q in found:
            quantity = passage(normalized, start + s, start + e)
            if any(x.start < quantity.span.end and quantity.span.start < x.end for x in exclude):
                continue
            year = year_of(sentence, s, spans)
            from_credit = year is None and dated is not None
            figures.append(
                Figure(
                    value=value,
                    unit=unit,
                    year=dated.year if from_credit else year,
                    sentence=passage(normalized, start, end),
                    quantity=quantity,
                    source=source.name,
                    qualifier=q[0] if q else None,
                    qualified=passage(normalized, start + q[1], start + q[2]) if q else None,
                    credit=source.citation,
                    source_span=source.span,
                    year_span=dated.span if from_credit else None,
                )
            )
    return figures
