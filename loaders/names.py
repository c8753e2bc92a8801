"""Names in bylines, credit lines and attributions: a person, an organisation, or no one.

A credit line puts in the author's place words that name no one ("Infographie
(2018) – Titre"), organisations ("FEVAD (2019)", "Mediatech Solution (2018)")
and pairs of people ("Body et Tallec"). The word lists that tell them apart are
project data (``ontology/vocabularies/names.json``), read once; every function
takes them as an argument too, so a test can pass its own.

>>> [(a.family, a.given) for a in people("Body et Tallec")]
[('Body', None), ('Tallec', None)]
>>> [(a.family, a.given) for a in people("Arnaud Vincent")]
[('Vincent', 'Arnaud')]
>>> is_organisation_name("Mediatech Solution"), is_organisation_name("M. Lefebvre")
(True, False)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from cxkg.loaders.authors import FAMILY, UP, parse_authors
from cxkg.loaders.records import Author
from cxkg.ontology.files import VOCABULARIES_DIR
from cxkg.ontology.labels import fold, straight_apostrophes


@dataclass(frozen=True)
class NameLists:
    """The project's word lists, folded (case and accents ignored)."""

    not_authors: frozenset[str] = frozenset()
    corporate_words: frozenset[str] = frozenset()
    person_titles: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    """The lists of ``ontology/vocabularies/names.json`` (project data, read once)."""
    data = json.loads((VOCABULARIES_DIR / "names.json").read_text(encoding="utf-8"))
    return NameLists(*(frozenset(fold(w) for w in data[key]) for key in ("not_authors", "corporate_words", "person_titles")))


_ACRONYM = re.compile(rf"[{UP}0-9&]{{2,}}")
#: The family name that ends a name written given names first, with its particle.
_FAMILY_LAST = re.compile(rf"(?<!\S){FAMILY}$")
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/\S*)?")


def is_not_author(name: str, lists: NameLists | None = None) -> bool:
    """Whether a word in an author's place names no one ("Infographie", "Source").

    >>> is_not_author("Infographie"), is_not_author("Morgan")
    (True, False)
    """
    return fold(name.strip(" .:–—-")) in (lists or name_lists()).not_authors


def is_organisation_name(name: str, lists: NameLists | None = None) -> bool:
    """Whether a name is written as a corporate name: an acronym (FEVAD), a web domain,
    or capitalised words one of which is a corporate word ("Satmetrix France")."""
    words = name.split()
    if len(words) == 1 and _ACRONYM.fullmatch(words[0]):
        return True
    if _DOMAIN.fullmatch(name.strip()):
        return True
    lists = lists or name_lists()
    return len(words) > 1 and any(fold(w.strip(".,")) in lists.corporate_words for w in words)


def person(author: Author, lists: NameLists | None = None) -> Author:
    """A person's name with its given names apart: "Arnaud Vincent" -> Vincent, Arnaud;
    a title ("Mme", "Dr") is left out. A name of one word is a family name, and a family name keeps
    its particle, as in a work's key: "Arne De Keyser" -> De Keyser, Arne; "De Keyser" stays whole.
    Apostrophes are typed ``'``.

    >>> [(a.family, a.given) for a in (person(Author("Jenny van Doorn")), person(Author("De Keyser", "A.")))]
    [('van Doorn', 'Jenny'), ('De Keyser', 'A.')]
    """
    lists = lists or name_lists()
    words = straight_apostrophes(author.family).split()
    name = " ".join(w for w in words if fold(w.rstrip(".")) not in lists.person_titles)
    family = _FAMILY_LAST.search(name) or re.search(r"\S+$", name)
    if family is None or family.start() == 0:
        return Author(name or author.family, author.given)
    given = name[:family.start()].strip()
    return Author(family.group(), f"{author.given} {given}" if author.given else given)


def people(text: str, lists: NameLists | None = None) -> tuple[Author, ...]:
    """The persons a speaker's or interviewee's name gives, pairs split ("Body et Tallec").

    >>> [(a.family, a.given) for a in people("M-C. Blanc")]
    [('Blanc', 'M-C.')]
    """
    return tuple(person(a, lists) for a in parse_authors(text) if not is_not_author(a.family, lists))


def full_name(author: Author) -> str:
    """The name as a reader writes it: given names first.

    >>> full_name(Author("Lefranc", "E."))
    'E. Lefranc'
    """
    return f"{author.given} {author.family}" if author.given else author.family
