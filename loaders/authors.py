"""The grammar of author lists in author-year citations, shared by in-text and reference parsing.

An author is a capitalised family name, perhaps with its particle (``De Keyser``,
``van Doorn``, ``van der Borgh``, ``d’Astous``), with initials before it
(``M. Lefebvre``, ``P.C. Verhoef``) or after it (``Lefranc E.``, ``Ots M``,
``Verhoef PC``); authors are joined by commas, ``et``, ``&`` or ``and``;
``et al.`` may close the list. Initials standing as a list item (``Nyilasy, G``,
``Lemon, K. N.``) are the given names of the author before them. In the
Journal of Marketing's style, the first author's names are inverted and the
others' are not (``Becker, Larissa and Elina Jaakkola``): see
:func:`parse_inverted_authors`. The words (particles, conjunctions, function
words, suffixes) are project data, ``ontology/vocabularies/citations.json``.

>>> parse_authors("Ots M, Nyilasy, G")
(Author(family='Ots', given='M'), Author(family='Nyilasy', given='G'))
>>> parse_authors("Lemon, K. N., & De Keyser, A.")
(Author(family='Lemon', given='K. N.'), Author(family='De Keyser', given='A.'))
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from cxkg.loaders.records import Author
from cxkg.ontology.files import VOCABULARIES_DIR
from cxkg.ontology.labels import APOSTROPHE_FORMS, straight_apostrophes


@lru_cache(maxsize=1)
def citation_words() -> dict:
    """The words of ``ontology/vocabularies/citations.json`` (project data, read once)."""
    return json.loads((VOCABULARIES_DIR / "citations.json").read_text(encoding="utf-8"))


#: An apostrophe of any form.
_APOSTROPHE = f"[{APOSTROPHE_FORMS}]"


def _particles(words: list[str]) -> str:
    """One particle, either case for its first letter, longest first; blanks after it unless it elides
    (``d'``, its apostrophe of any form)."""
    out = []
    for p in sorted({straight_apostrophes(w) for w in words}, key=len, reverse=True):
        elides = p[-1] == "'"
        head = f"[{p[0].upper()}{p[0]}]{re.escape(p[1:-1] if elides else p[1:])}".replace(r"\ ", "[ \t]+")
        out.append(head + (_APOSTROPHE if elides else "[ \t]+"))
    return "(?:" + "|".join(out) + ")"


#: A capital letter, Latin script (Python's re has no \\p{Lu}).
UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"
#: A family name: a capital, letters, hyphenated or apostrophed parts (not an English possessive ``’s``).
NAME = rf"[{UP}][^\W\d_]*(?:(?:-|{_APOSTROPHE})(?!s(?![^\W\d_]))[^\W\d_]+)*"
#: A surname particle that belongs to the name.
PARTICLE = _particles(citation_words()["particles"])
#: Initials with full stops: ``K.``, ``K. N.``, ``P.C.``, ``M.-C.``, ``M-C.``.
DOTTED = rf"(?:[{UP}]\.(?:[ \t]?-?[ \t]?[{UP}]\.){{0,3}}|[{UP}]-[{UP}]\.)"
#: Initials without full stops (``M``, ``KN``, ``M-C``), as the Vancouver style writes them after the name.
_UNDOTTED = rf"[{UP}]{{1,3}}(?:-[{UP}])?"
#: Initials after the name, never the start of a word.
_INIT_AFTER = rf"(?:{DOTTED}|{_UNDOTTED})(?![^\W\d_])"
_INIT_BEFORE = rf"{DOTTED}[ \t]*"
AUTHOR = rf"(?<![^\W_])(?:{_INIT_BEFORE})?(?:{PARTICLE})?{NAME}(?:[ \t]+{_INIT_AFTER})?"
_CONJ = "|".join(re.escape(c) for c in citation_words()["conjunctions"])
_JOIN = rf"(?:\s*,\s*(?:(?:{_CONJ})\s+)?|\s+(?:{_CONJ})\s+)"
#: A list of authors; after the first, an item may be the initials of the one before.
AUTHORS = rf"{AUTHOR}(?:{_JOIN}(?:{DOTTED}(?![^\W\d_])|{AUTHOR}))*"
#: A family name with its particle.
FAMILY = rf"(?:{PARTICLE})?{NAME}"
#: One initial or a run of them without blanks (``N.``, ``P.C.``, ``M.-C.``, ``M-C.``): one way to read a run of
#: initials, whatever its length.
_INITIALS = rf"(?:[{UP}]\.(?:-?[{UP}]\.)*|[{UP}]-[{UP}]\.)"
#: Given names, written out or as initials: ``Larissa``, ``Katherine N.``, ``A. Georges L.``, ``J. Joško``.
_GIVEN = rf"(?:{_INITIALS}|{NAME})(?:[ \t]+(?:{_INITIALS}|{NAME}))*?"
_SUFFIX = "(?:" + "|".join(re.escape(w) + r"(?![^\W\d_])" for w in citation_words()["name_suffixes"]) + ")"
#: Where one author's names end: before a comma, a conjunction, the year's parenthesis or the end.
_NAMES_END = rf"(?:,?[ \t]+{_SUFFIX})?(?=[ \t]*(?:,|(?:{_CONJ})\s|\(|$))"
#: ``Becker, Larissa``: the family name (group 1), then the given names (group 2).
_INVERTED = rf"({FAMILY}),[ \t]+({_GIVEN}){_NAMES_END}"
#: ``Elina Jaakkola``: the given names (group 1), then the family name (group 2).
_GIVEN_FIRST = rf"({_GIVEN})[ \t]+({FAMILY}){_NAMES_END}"
#: The first author ``Family, Given``, the others ``Given Family``: the Journal of Marketing's (AMA) style.
#: Each author is read once (an atomic group): its first reading, the longest family name, is the one.
INVERTED_AUTHORS = rf"(?>{_INVERTED})(?:{_JOIN}(?>{_GIVEN_FIRST}))*"
#: An organisation or a name of several capitalised words on one line (``Mediatech Solution``).
ORGANISATION = rf"(?<![^\W_]){NAME}(?:[ \t]+{NAME})+"
ET_AL = r"\s*,?\s+et\s+al\.?"
YEAR = r"(?:19|20)\d{2}(?![\d])"

#: Capitalised function words of every language: a sentence may start with them, an author list may not.
FUNCTION_WORDS = frozenset(w for words in citation_words()["function_words"].values() for w in words)
_PARTICLE_WORDS = frozenset(citation_words()["particles"])

_SPLIT = re.compile(rf"{_JOIN}")
_ITEM = re.compile(rf"^(?P<before>{DOTTED})?[ \t]*(?P<family>(?:{PARTICLE})?{NAME})(?:[ \t]+(?P<after>{_INIT_AFTER}))?$")
_BARE_INITIAL = re.compile(rf"^(?:{DOTTED}|{_UNDOTTED})$")
_LEADING_PARTICLE = re.compile(rf"^(?P<p>{PARTICLE})(?={NAME})")


def parse_authors(text: str) -> tuple[Author, ...]:
    """The authors of an author list, in order, given names as the source gives them.

    :param text: the list without ``et al.`` and year, e.g. ``"Homburg, Jozić et Kuehnl"``.

    >>> [a.family for a in parse_authors("Homburg, Jozić et\\nKuehnl")]
    ['Homburg', 'Jozić', 'Kuehnl']
    >>> [(a.family, a.given) for a in parse_authors("Surname AB, Other CD")]
    [('Surname', 'AB'), ('Other', 'CD')]
    """
    out: list[Author] = []
    for item in (" ".join(s.split()) for s in _SPLIT.split(straight_apostrophes(text).strip()) if s.strip()):
        if _BARE_INITIAL.match(item) and out and out[-1].given is None:
            out[-1] = Author(out[-1].family, item)
            continue
        m = _ITEM.match(item)
        if m is None:
            out.append(Author(item))
        else:
            out.append(Author(m.group("family"), m.group("before") or m.group("after")))
    return tuple(out)


_FIRST = re.compile(_INVERTED)
_NEXT = re.compile(rf"{_JOIN}{_GIVEN_FIRST}")


def parse_inverted_authors(text: str) -> tuple[Author, ...]:
    """The authors of a list in the Journal of Marketing's style, the first inverted, the others not.

    >>> [(a.family, a.given) for a in parse_inverted_authors("Homburg, Christian, Danijel Jozić, and Christina Kuehnl")]
    [('Homburg', 'Christian'), ('Jozić', 'Danijel'), ('Kuehnl', 'Christina')]
    >>> [(a.family, a.given) for a in parse_inverted_authors("Pine, B. Joseph, II and Jenny van Doorn")]
    [('Pine', 'B. Joseph'), ('van Doorn', 'Jenny')]
    """
    text = " ".join(straight_apostrophes(text).split())
    m = _FIRST.match(text)
    if m is None:
        return ()
    out = [Author(m.group(1), m.group(2))]
    while (m := _NEXT.match(text, m.end())) is not None:
        out.append(Author(m.group(2), m.group(1)))
    return tuple(out)


def is_function_word(word: str) -> bool:
    """Whether a capitalised word is a function word (French or English) rather than a name.

    >>> is_function_word("Selon"), is_function_word("As"), is_function_word("Morgan")
    (True, True, False)
    """
    return word.lower() in FUNCTION_WORDS


def leading_particle(text: str) -> str | None:
    """The particle an author list opens with, when a name follows it (``De`` in ``De Keyser``).

    >>> leading_particle("De Keyser et al."), leading_particle("De nombreux"), leading_particle("Selon Morgan")
    ('De', None, None)
    """
    m = _LEADING_PARTICLE.match(text)
    return " ".join(m.group("p").split()) if m else None


def ends_in_name(text: str) -> bool:
    """Whether ``text`` ends with a capitalised word then blanks: a match after it would cut a name.

    A particle is no name of its own (``De`` before ``Keyser``).

    >>> ends_in_name("chez Satmetrix "), ends_in_name("d’après "), ends_in_name("De ")
    (True, False, False)
    """
    m = re.search(rf"({NAME})[ \t]+$", text)
    return m is not None and not is_function_word(m.group(1)) and m.group(1).lower() not in _PARTICLE_WORDS
