"""Definitional sentences: which term a sentence defines, and how.

Precision over recall: a sentence counts only in one of these shapes, each
with its definiens in a known place:

* ``X se définit comme (étant) « … »`` / ``X peut être défini comme …``;
* ``Quand …, on parle de X (alias ou alias)`` (the condition defines X);
* ``Le/La/L' X est le/la/l' …`` (a definite subject and a definite predicate;
  "est un …", "est l'un des …", "est le seul …" say something *about* X);
  a predicate that ranks X ("la pratique la plus citée", "the most …") is no
  definition in any shape (the words are data: ``ontology/vocabularies/definitions.json``);
* ``X correspond à …``;
* ``… le/la X, c'est-à-dire le/la …`` (a gloss of a short noun phrase);
* ``On définit X comme …``;
* in English: ``X is (usually) defined as …`` / ``X can be defined as …``, ``X refers to …``,
  ``We define X as …``.

When the subject is a pronoun ("Il peut être défini comme …", "Elle
correspond à …") the term comes from context: first "le terme / la notion de
X" in the sentence just before, else the nearest heading above (a short line
without final punctuation, its numbering and "La notion de" dropped). The
term's span then points at that heading or sentence, and ``resolved`` is set.

A citation that ends the definiens ("… numérique (Vanheems, 2013)") credits the
definition (attribution reads it in the sentence); it is not part of it.

>>> from cxkg.loaders.normalize import Normalized
>>> text = "L’omnicanal est la capacité d’une organisation à gérer ses canaux."
>>> d = find_definitions(Normalized(text, tuple(range(len(text) + 1))))[0]
>>> d.term.value, d.definition.value
('omnicanal', 'la capacité d’une organisation à gérer ses canaux')
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Callable

from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import DefinitionSentence, Text
from cxkg.loaders.sentences import SHORT_LINE, passage, sentences
from cxkg.ontology.files import VOCABULARIES_DIR

_AP = "['’‘]"
_ARTICLE = re.compile(
    rf"^(?:(?:le|la|les|un|une|sa|son|ses|leur|leurs|ce|cet|cette|ces|the|a|an|its|their)\s+|l{_AP}\s*)", re.IGNORECASE)
_PRONOUN = re.compile(rf"^(?:s{_AP})?(?:il|elle|celui-ci|celle-ci|ce dernier|cette dernière|it|this|this concept|this term)$",
                      re.IGNORECASE)
_SUBJECT = r"(?P<subj>[^,;:«»()]{1,80}?)"
#: A parenthesis that ends a definiens and cites a work: "(Vanheems, 2013)", "(Lemon & Verhoef, 2016, p. 76)".
_CITATION_END = re.compile(r"\s*\([^()]*[^\W\d_][^()]*\b(?:19|20)\d{2}[a-z]?\b[^()]*\)$")
#: The opening noun phrase of a definiens, where a ranking would stand.
_OPENING = re.compile(r"[^:;,(]*")


@cache
def _vocabulary() -> dict:
    """The project's words of ``ontology/vocabularies/definitions.json``, read once."""
    return json.loads((VOCABULARIES_DIR / "definitions.json").read_text(encoding="utf-8"))


def _not_heads() -> frozenset[str]:
    return frozenset(_vocabulary()["not_heads"])


@cache
def _rankings() -> re.Pattern[str]:
    """One pattern for the ranking cues of every language (a definiens may quote the other language)."""
    cues = [cue for per_language in _vocabulary()["rankings"].values() for cue in per_language]
    return re.compile("|".join(f"(?:{cue})" for cue in cues), re.IGNORECASE)


def ranks(definiens: str) -> bool:
    """Whether a definiens opens by ranking its subject among others rather than defining it.

    >>> ranks("la pratique la plus citée : les enseignes ajustent"), ranks("la capacité à gérer ses canaux")
    (True, False)
    """
    opening = _OPENING.match(definiens)
    return bool(opening and _rankings().search(opening.group()))

_DEFINED_AS = re.compile(
    rf"^{_SUBJECT}\s+(?:peut\s+|peuvent\s+)?(?:se\s+défini\w*|être\s+défini\w*|est\s+défini\w*|sont\s+défini\w*)"
    r"\s+(?:[^\W\d_]+\s+){0,2}?comme\s+(?:étant\s+)?(?P<def>.+)$",
    re.DOTALL,
)
_ON_PARLE = re.compile(
    rf"^(?P<def>(?:Quand|Lorsque|Lorsqu{_AP}|Si|S{_AP})\s*.+?)[\s,–—-]*\s+on\s+parle\s+(?:alors\s+)?(?:de\s+|d{_AP})"
    r"(?P<term>[^()]+?)\s*(?:\((?P<aliases>[^()]+)\))?\s*[.;]?$",
    re.DOTALL,
)
_COPULA = re.compile(
    rf"^(?P<subj>(?:L{_AP}\s*|Le\s+|La\s+)[^,;:«»()]{{1,60}}?)\s+est\s+(?P<def>(?:le\s+|la\s+|l{_AP}\s*)(?P<head>[^\W\d_]+).+)$",
    re.DOTALL,
)
_CORRESPONDS = re.compile(rf"^{_SUBJECT}\s+correspond\s+(?:à\s+)?(?P<def>.+)$", re.DOTALL)
_ON_DEFINIT = re.compile(
    rf"^(?:On|Nous)\s+(?:définit|définissons|définira|peut\s+définir|pouvons\s+définir)\s+{_SUBJECT}\s+comme\s+(?:étant\s+)?(?P<def>.+)$",
    re.DOTALL,
)
_DEFINED_AS_EN = re.compile(
    rf"^{_SUBJECT}\s+(?:is|are|can\s+be|may\s+be|has\s+been|have\s+been)\s+(?:[a-z]+ly\s+)?defined\s+as\s+(?P<def>.+)$",
    re.DOTALL,
)
_REFERS_TO = re.compile(rf"^{_SUBJECT}\s+refers?\s+to\s+(?P<def>.+)$", re.DOTALL)
_WE_DEFINE = re.compile(rf"^(?:We|I)\s+define\s+{_SUBJECT}\s+as\s+(?P<def>.+)$", re.DOTALL)
#: The shapes whose subject is the term and whose definiens follows the verb, in the order they are tried.
_SHAPES = (_DEFINED_AS, _COPULA, _CORRESPONDS, _ON_DEFINIT, _DEFINED_AS_EN, _REFERS_TO, _WE_DEFINE)
_GLOSS = re.compile(
    rf"(?P<subj>\b(?:sa|son|ses|leur|la|le|les|l{_AP})\s*(?:(?!(?:est|sont|a|ont|et|ou)\b)[^\W\d_][\w’'-]*\s*){{1,4}}),"
    rf"\s+c{_AP}est-à-dire\s+(?P<def>(?:le|la|les|l{_AP})\s*[^–—]+?)\s*(?:[–—]|[.;]?$)",
    re.DOTALL,
)
_TERM_IN = re.compile(
    rf"\b(?:le|la|du|de\s+la)\s+(?:terme|notion|concept)\s+(?:de\s+|d{_AP})\s*«?\s*(?P<t>[^,.;:»«()]+?)\s*»?\s*(?:[,.;:()]|$)"
)
_HEADING_PREFIX = re.compile(
    rf"(?:\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+)?(?:(?:la\s+notion|le\s+concept|le\s+terme|définition)\s+(?:de\s+|d{_AP}|du\s+))?"
    r"\s*«?\s*",
    re.IGNORECASE,
)

Resolver = Callable[[int], "Text | None"]


def term_range(text: str, start: int, end: int) -> tuple[int, int]:
    """The range of a noun phrase without its article and quote marks.

    >>> text = "L’expérience client"
    >>> text[slice(*term_range(text, 0, len(text)))]
    'expérience client'
    """
    m = _ARTICLE.match(text[start:end])
    if m:
        start += m.end()
    while start < end and text[start] in "« ":
        start += 1
    while end > start and text[end - 1] in "» ":
        end -= 1
    return start, end


def _definiens(text: str, start: int, end: int) -> tuple[int, int]:
    """A definition's range: the inside of its guillemets if it opens with one, else to the end."""
    while start < end and text[start].isspace():
        start += 1
    if text.startswith("«", start):
        close = text.find("»", start)
        if close != -1:
            return start + 1, close
    while end > start and text[end - 1] in " .;:,\n":
        end -= 1
    cited = _CITATION_END.search(text, start, end)
    if cited and cited.start() > start:
        end = cited.start()
    return start, end


def _is_heading(sentence: str) -> bool:
    """A short line without final punctuation, no list item or reference."""
    s = sentence.strip()
    return (
        0 < len(s.split()) <= SHORT_LINE
        and s[-1] not in ".!?;:,"
        and not re.match(r"[•●▪◦*–-]\s", s)
        and not re.search(r"\(\s*(?:19|20)\d{2}\s*\)", s)
    )


def resolver(n: Normalized, ranges: list[tuple[int, int]]) -> Resolver:
    """A function that, for the sentence at a given index, finds the term a pronoun stands for."""

    def resolve(index: int) -> Text | None:
        if index > 0:
            s, e = ranges[index - 1]
            m = _TERM_IN.search(n.text, s, e)
            if m:
                return passage(n, *term_range(n.text, *m.span("t")))
        for s, e in reversed(ranges[max(0, index - 6) : index]):
            if _is_heading(n.text[s:e]):
                prefix = _HEADING_PREFIX.match(n.text, s, e)
                return passage(n, *term_range(n.text, prefix.end() if prefix else s, e))
        return None

    return resolve


def _aliases(text: str | None) -> tuple[str, ...]:
    """Other names in a parenthesis: "user experience ou UX" -> two aliases."""
    if not text:
        return ()
    return tuple(" ".join(a.split()) for a in re.split(r"\s+(?:ou|or)\s+|,|/", text) if a.strip())


def _subject(n: Normalized, s: int, span: tuple[int, int], resolve: Resolver, index: int) -> tuple[Text | None, bool]:
    """The term a subject names: itself, or what its pronoun stands for."""
    a, b = span[0] + s, span[1] + s
    if _PRONOUN.match(n.text[a:b].strip()):
        return resolve(index), True
    if len(n.text[a:b].split()) > 8:
        return None, False
    return passage(n, *term_range(n.text, a, b)), False


def _match(n: Normalized, index: int, s: int, e: int, resolve: Resolver) -> DefinitionSentence | None:
    """The definition in sentence ``index`` (cleaned range ``[s, e)``), if it has one of the shapes."""
    sentence = n.text[s:e]
    whole = n.span(s, e)
    m = _ON_PARLE.match(sentence)
    if m:
        term = passage(n, *term_range(n.text, s + m.start("term"), s + m.end("term")))
        d = passage(n, s + m.start("def"), s + m.end("def"))
        return DefinitionSentence(term, d, whole, _aliases(m.group("aliases")))
    for pattern in _SHAPES:
        m = pattern.match(sentence)
        if not m or ("head" in m.groupdict() and m.group("head").lower() in _not_heads()):
            continue
        term, resolved = _subject(n, s, m.span("subj"), resolve, index)
        d = passage(n, *_definiens(n.text, s + m.start("def"), s + m.end("def")))
        if term and term.value and len(d.value.split()) >= 4 and not ranks(d.value):
            return DefinitionSentence(term, d, whole, resolved=resolved)
    m = _GLOSS.search(sentence)
    if m:
        term = passage(n, *term_range(n.text, s + m.start("subj"), s + m.end("subj")))
        d = passage(n, *_definiens(n.text, s + m.start("def"), s + m.end("def")))
        return DefinitionSentence(term, d, whole)
    return None


def find_definitions(normalized: Normalized) -> list[DefinitionSentence]:
    """The definitional sentences of a text.

    :param normalized: the cleaned text with its lines (``clean``): headings are
        needed to resolve pronoun subjects.
    :return: definitions in text order; spans into the stored text.
    """
    ranges = sentences(normalized)
    resolve = resolver(normalized, ranges)
    found = (_match(normalized, i, s, e, resolve) for i, (s, e) in enumerate(ranges))
    return [d for d in found if d is not None]
