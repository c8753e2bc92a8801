"""Quoted speech and who it is attributed to.

Web and print texts set a quotation in guillemets and credit it right after:
on the line below (``M. Dupont (2019), Directeur chez Acme``), in brackets
(``[Directeur marketing, Acme]``), in parentheses (``(site.com)``) or after a
comma on the same line (``», Durand (2015), Titre``). A short quote inside a
running sentence (« champions ») is a word set apart, not speech: quotes of
fewer than :data:`MIN_WORDS` words are kept only when an attribution follows.
A quoted title in a reference (``Durand (2015), « Titre », site.com``) is no
speech either and is skipped. A quotation introduced in its own sentence
("Un directeur marketing nous a confié : « … »", see
:mod:`cxkg.loaders.introductions`) is attributed to whoever introduces it, and
nothing after it is read as its attribution. A line of prose is no attribution
line for the quote above it: a year it gives inside a citation ("(Roederer,
2012 ; Filser, 2002)") is a cited work's, not the speaker's.

The attribution is read into speaker, role, organisation and year where it
says them: a speaker is a person's name (with a title such as "M." or an
initial, or followed by a year in parentheses); "role chez organisation"
gives both; in brackets, a last part written as a proper name is the
organisation. A publication or a web site stays in ``attribution`` only.

>>> from cxkg.loaders.normalize import Normalized
>>> text = "« Nous mesurons tout, chaque jour, sans exception. »\\n\\nM. Dupont (2019), Directeur chez Acme\\n"
>>> q = find_quotations(Normalized(text, tuple(range(len(text) + 1))))[0]
>>> q.speaker, q.role, q.organisation, q.year
('M. Dupont', 'Directeur', 'Acme', 2019)
"""

from __future__ import annotations

import re
from typing import Sequence

from cxkg.loaders.introductions import Introduction, introduction, straight_pairs
from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import Quotation, Span, Text
from cxkg.loaders.sentences import passage

#: Quotes shorter than this are kept only with an attribution.
MIN_WORDS = 6

#: An attribution line is at most this many words.
MAX_ATTRIBUTION_WORDS = 25

_PAIRS = {"«": "»", "“": "”"}
_YEAR = r"(?:19|20)\d{2}"
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|fr|org|net|io|ch|be|ca|eu|info|biz)\b")
_PERSON = re.compile(
    r"(?P<title>(?:M|Mme|Mlle|MM|Dr|Pr)\.?\s+)?"
    r"(?P<initials>(?:[A-Z][a-z]?(?:-[A-Z][a-z]?)?\.\s*)*)"
    r"[A-ZÀ-Þ][\w’'-]+(?:\s+[A-ZÀ-Þ][\w’'-]+)?"
    r"(?:\s+(?:et|&)\s+[A-ZÀ-Þ][\w’'-]+)*"
)
_ROLE_AT = re.compile(r"^(?P<role>.+?)\s+(?:chez|at|@)\s+(?P<org>.+)$")
_PROPER = re.compile(r"[A-ZÀ-Þ][^\W\d_]*(?:[\s-]+[A-ZÀ-Þ][^\W\d_]*)*")
_REFERENCE_HEAD = re.compile(r"\(\s*" + _YEAR + r"\s*\)\s*,\s*$")
_BRACKET = re.compile(r"\s*\[(?P<body>[^\[\]\n]{1,120}(?:\n[^\[\]\n]{0,120}){0,4})\]")
_PAREN = re.compile(r"\s*\((?P<body>[^()\n]{1,120})\)")
_COMMA = re.compile(r"[ \t]*,[ \t]*(?P<body>[^\n]+?)[ \t;.,]*(?=\n|$)")
_ONLY_PUNCTUATION = re.compile(r"[ \t.,;:!?]*(?=\n|$)")
#: A citation in parentheses: a name and a year ("(Roederer, 2012 ; Filser, 2002)"), not a bare "(2019)".
_CITATION = re.compile(r"\([^()]*[^\W\d_][^()]*\b" + _YEAR + r"\b[^()]*\)")


def quote_pairs(text: str) -> list[tuple[int, int]]:
    """Offsets of the outermost opening and closing quote marks, nesting allowed.

    >>> quote_pairs("a « b « c » d » e « f")
    [(2, 14)]
    """
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append((i, _PAIRS[ch]))
        elif stack and ch == stack[-1][1]:
            start, _ = stack.pop()
            if not stack:
                pairs.append((start, i))
    return pairs


def looks_like_attribution(line: str) -> bool:
    """Whether a line credits someone: short, and with a year, a "chez", a site or a name.

    >>> looks_like_attribution("M-C. Blanc, Account Manager chez Acme, 2011.")
    True
    >>> looks_like_attribution("L’expérience client multicanal, un défi pour les entreprises")
    False
    """
    stripped = _CITATION.sub(" ", line).strip()
    if not stripped or len(stripped.split()) > MAX_ATTRIBUTION_WORDS or stripped.endswith(":"):
        return False
    if re.search(r"\(\s*" + _YEAR + r"\s*\)|,\s*" + _YEAR + r"\b", stripped) or _DOMAIN.search(stripped):
        return True
    if re.search(r"\s(?:chez|at)\s", stripped):
        return True
    m = _PERSON.match(stripped)
    return bool(m and (m.group("title") or m.group("initials")))


def _person(segment: str, dated: bool) -> str | None:
    """The segment as a person's name, if it is one."""
    m = _PERSON.fullmatch(segment)
    if not m or not (m.group("title") or m.group("initials") or dated):
        return None
    return segment


def parse_attribution(body: str, bracketed: bool = False) -> tuple[str | None, str | None, str | None, int | None]:
    """Speaker, role, organisation and year of an attribution.

    :param bracketed: the attribution stood in brackets ("[role, organisation]").

    >>> parse_attribution("M. Lefebvre (2019), Account Director chez Genesys")
    ('M. Lefebvre', 'Account Director', 'Genesys', 2019)
    >>> parse_attribution("Directeur adjoint service design, Carrefour", bracketed=True)
    (None, 'Directeur adjoint service design', 'Carrefour', None)
    """
    years = re.findall(r"\b(" + _YEAR + r")\b", body)
    segments = [s.strip(" .") for s in " ".join(body.split()).split(",")]
    segments = [s for s in segments if s and not re.fullmatch(_YEAR, s)]
    speaker = role = organisation = None
    if segments:
        head = re.sub(r"\s*\(\s*" + _YEAR + r"\s*\)", "", segments[0])
        speaker = _person(head, dated=head != segments[0])
    rest = segments[1:] if speaker else segments
    for segment in rest:
        m = _ROLE_AT.match(segment)
        if m:
            role, organisation = m.group("role"), m.group("org")
            break
    if bracketed and role is None and rest and not rest[0].isdigit():
        role = rest[0]
        if len(rest) > 1 and _PROPER.fullmatch(rest[-1]):
            organisation = rest[-1]
    return speaker, role, organisation, int(years[0]) if years else None


def _next_line(text: str, at: int) -> tuple[int, int] | None:
    """The range of the first non-blank line after position ``at``."""
    m = re.compile(r"(?:[ \t]*\n)+[ \t]*(?P<line>[^\n]*\S)").match(text, at)
    return m.span("line") if m else None


def _attribution(n: Normalized, close: int) -> tuple[Text, bool] | None:
    """The attribution after a closing quote mark, and whether it was bracketed."""
    text = n.text
    for pattern, bracketed in ((_BRACKET, True), (_PAREN, False)):
        m = pattern.match(text, close + 1)
        if m and (bracketed or looks_like_attribution(m.group("body"))):
            return passage(n, *m.span("body")), bracketed
    m = _COMMA.match(text, close + 1)
    if m and looks_like_attribution(m.group("body")):
        return passage(n, *m.span("body")), False
    end = _ONLY_PUNCTUATION.match(text, close + 1)
    line = _next_line(text, end.end()) if end else None
    if line and looks_like_attribution(text[line[0] : line[1]]):
        start, stop = line
        while stop > start and text[stop - 1] in " .;,":
            stop -= 1
        return passage(n, start, stop), False
    return None


def _excluded(span: Span, exclude: Sequence[Span]) -> bool:
    return any(x.start < span.end and span.start < x.end for x in exclude)


def find_quotations(normalized: Normalized, exclude: Sequence[Span] = ()) -> list[Quotation]:
    """The quotations of a text with their attributions.

    :param normalized: the cleaned text *with its lines* (``clean``, not folded):
        an attribution is often the next line.
    :param exclude: stored spans to skip, e.g. the tables that ``tables`` reads.
    :return: quotations in text order.
    """
    text = normalized.text
    found: list[Quotation] = []
    for open_, close in _pairs(text):
        line_start = text.rfind("\n", 0, open_) + 1
        if _REFERENCE_HEAD.search(text[line_start:open_]):
            continue
        quote = passage(normalized, open_ + 1, close)
        if not quote.value or _excluded(normalized.span(open_, close + 1), exclude):
            continue
        introduced = introduction(text, open_)
        if introduced is not None:
            found.append(_introduced(normalized, quote, introduced))
            continue
        attributed = _attribution(normalized, close)
        if attributed is None:
            if len(quote.value.split()) >= MIN_WORDS:
                found.append(Quotation(quote, None))
            continue
        attribution, bracketed = attributed
        speaker, role, organisation, year = parse_attribution(attribution.value, bracketed)
        found.append(Quotation(quote, attribution, speaker, role, organisation, year))
    return found


def _pairs(text: str) -> list[tuple[int, int]]:
    """Quote marks in text order: guillemets and curly quotes, and straight quotes after an introduction."""
    curly = quote_pairs(text)
    straight = [p for p in straight_pairs(text) if not any(a <= p[0] <= b for a, b in curly)]
    return sorted(curly + straight)


def _introduced(n: Normalized, quote: Text, introduced: Introduction) -> Quotation:
    """A quotation credited to its introduction: a person it names, or the role it describes; a
    pronoun ("Il nous a confié") says neither, and the quotation has no attribution."""
    attribution = passage(n, *introduced.speaker)
    name, role = None, introduced.role
    if role is None:
        head, _, rest = attribution.value.partition(",")
        if not (_PERSON.fullmatch(head.strip()) and len(head.split()) > 1):
            return Quotation(quote, None)
        name, role = head.strip(), rest.strip(" ,") or None
    m = _ROLE_AT.match(role) if role else None
    role, organisation = (m.group("role"), m.group("org")) if m else (role, None)
    return Quotation(quote, attribution, name, role, organisation)
