"""Anchor a quoted passage to its exact place in a document.

Curated statements ("readings") quote their source as a person would copy it:
white space folded, typographic apostrophes typed as ``'``, guillemets with or
without their inner spaces. :func:`locate` finds such a quote in the cleaned
text and returns where it stands in the stored text; everything else must
match exactly, case included, so a quote never lands on a look-alike passage.

>>> from cxkg.loaders.normalize import Normalized
>>> n = Normalized("dit « l’ensemble\\ndes signaux »", tuple(range(31)))
>>> locate("«l'ensemble des signaux»", n)
Span(start=4, end=30)
"""

from __future__ import annotations

import re

from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import Span
from cxkg.ontology.labels import APOSTROPHE_FORMS

_QUOTES = "«»\"“”„"


def _piece(ch: str) -> str:
    """The pattern for one non-space character of a quote."""
    if ch in APOSTROPHE_FORMS:
        return f"[{APOSTROPHE_FORMS}]"
    if ch in _QUOTES:
        return rf"\s*[{re.escape(_QUOTES)}]\s*"
    return re.escape(ch)


def quote_pattern(quote: str) -> re.Pattern[str]:
    """A pattern that finds a quote leniently (white space, apostrophes, quote marks).

    :raises ValueError: if the quote is blank.

    >>> bool(quote_pattern("l'omnicanal est").search("L’omnicanal est"))
    False
    >>> bool(quote_pattern("l'omnicanal  est").search("l’omnicanal\\nest"))
    True
    """
    parts = quote.split()
    if not parts:
        raise ValueError("empty quote")
    pattern = "".join(_piece(c) for c in parts[0])
    for before, part in zip(parts, parts[1:]):
        lenient = before[-1] in _QUOTES or part[0] in _QUOTES
        pattern += ("" if lenient else r"\s+") + "".join(_piece(c) for c in part)
    return re.compile(pattern)


def locate(quote: str, normalized: Normalized, occurrence: int = 1) -> Span | None:
    """Where a quote stands in the stored text, or None if it is not there.

    :param quote: the passage as curated (white space and quote marks lenient).
    :param normalized: the document's cleaned (or folded) text.
    :param occurrence: which occurrence to return, 1 for the first.
    :raises ValueError: if the quote is blank or ``occurrence`` < 1.

    >>> n = Normalized("a b a b", tuple(range(8)))
    >>> locate("a  b", n, 2), locate("a c", n)
    (Span(start=4, end=7), None)
    """
    if occurrence < 1:
        raise ValueError("occurrence counts from 1")
    for i, m in enumerate(quote_pattern(quote).finditer(normalized.text), start=1):
        if i == occurrence:
            value = normalized.value(m.start(), m.end())
            return value.span
    return None


def context(stored: str, span: Span, width: int = 32) -> tuple[str, str]:
    """The prefix and suffix of a passage, for a W3C TextQuoteSelector.

    Both are taken from the stored text, so ``prefix + exact + suffix`` is a
    stored substring.

    :param width: how many characters each side (fewer at the text's edges).

    >>> context("0123456789", Span(4, 6), 3)
    ('123', '678')
    """
    return stored[max(0, span.start - width) : span.start], stored[span.end : span.end + width]
