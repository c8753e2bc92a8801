"""Whether a text marks a passage as a term: the test a label of another language must pass.

An English label found in French text is most often an English word that French
also uses in another sense ("le leader sur le marché" is not the company's
leaders) or part of a name ("Account Director Cloud Channel"). Where a text does
use a foreign term, it says so: it puts the term in parentheses or quotes, sets
it in italics, or follows it with its acronym. Only then does the label count.

>>> text = "l'expérience client (customer experience ou CX) ; le leader du marché"
>>> is_marked(text, 21, 40), is_marked(text, 53, 59)
(True, False)
"""

from __future__ import annotations

import re

#: How far a parenthesis may open before, or close after, the passage.
REACH = 80

OPENING_QUOTES = "«“„‹\"'‘"
CLOSING_QUOTES = "»”‹›\"'’"
#: Inline emphasis around a term: HTML italics or bold, Markdown asterisks or underscores.
_EMPHASIS_BEFORE = re.compile(r"(?:<(?:i|em|b|strong)>|[*_]{1,2})\s*$")
_EMPHASIS_AFTER = re.compile(r"^\s*(?:</(?:i|em|b|strong)>|[*_]{1,2})")
#: The term followed by its acronym in parentheses: "Customer Experience Management (CEM".
_ACRONYM_AFTER = re.compile(r"^\s*\(\s*[A-Z][A-Z0-9&]+\b")
#: Where a parenthesis stops being looked for: the end of a sentence or a line.
_BOUNDARY = re.compile(r"[.!?\n]\s")


def in_parentheses(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands inside a parenthesis of its sentence.

    >>> in_parentheses("un outil (le CRM, par exemple) utile", 13, 16)
    True
    >>> in_parentheses("(voir plus haut) le CRM", 19, 22)
    False
    """
    before = text[max(0, start - REACH):start]
    after = text[end:end + REACH]
    cut = [m.end() for m in _BOUNDARY.finditer(before)]
    before = before[cut[-1]:] if cut else before
    stop = _BOUNDARY.search(after)
    after = after[:stop.start()] if stop else after
    opened = before.rfind("(") > before.rfind(")")
    closes = after.find(")")
    return opened and closes >= 0 and (after.find("(") < 0 or closes < after.find("("))


def in_quotes(text: str, start: int, end: int) -> bool:
    """Whether the passage is set between quotes (spaces allowed inside).

    >>> in_quotes("le « customer experience » est", 5, 24)
    True
    """
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    return bool(before) and bool(after) and before[-1] in OPENING_QUOTES and after[0] in CLOSING_QUOTES


def emphasised(text: str, start: int, end: int) -> bool:
    """Whether the passage is set in italics or bold (HTML or Markdown).

    >>> emphasised("Le <i>Customer Effort Score</i> !", 6, 27)
    True
    """
    return bool(_EMPHASIS_BEFORE.search(text[max(0, start - 12):start])
                and _EMPHASIS_AFTER.search(text[end:end + 12]))


def is_marked(text: str, start: int, end: int) -> bool:
    """Whether the text marks ``text[start:end]`` as a term (see the module's rule)."""
    return (in_parentheses(text, start, end) or in_quotes(text, start, end) or emphasised(text, start, end)
            or bool(_ACRONYM_AFTER.match(text[end:end + 20])))
