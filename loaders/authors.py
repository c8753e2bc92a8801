"""The grammar of author lists in author-year citations, shared by in-text and reference parsing.

An author is a capitalised family name with, optionally, initials before it
(``M. Lefebvre``) or after it (``Lefranc E.``, ``Ots M``); authors are joined by
commas, ``et``, ``&`` or ``and``; ``et al.`` may close the list. A bare initial
standing as a list item (``Nyilasy, G``) is the given name of the author before it.

>>> parse_authors("Ots M, Nyilasy, G")
(Author(family='Ots', given='M'), Author(family='Nyilasy', given='G'))
"""

from __future__ import annotations

import re

from cxkg.loaders.records import Author

#: A capital letter, Latin script (Python's re has no \\p{Lu}).
UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"
#: A family name: a capital, letters, hyphenated or apostrophed parts.
NAME = rf"[{UP}][^\W\d_]*(?:[-’'][^\W\d_]+)*"
#: An initial after the name (``E.``, ``M``, ``M-C.``), never the start of a word.
_INIT_AFTER = rf"[{UP}]\.?(?:-[{UP}]\.?)?(?![^\W\d_])"
#: Initials before the name, with their full stop (``M.``, ``M-C.``).
_INIT_BEFORE = rf"[{UP}]\.(?:-[{UP}]\.)?[ \t]+"
AUTHOR = rf"(?:{_INIT_BEFORE})?{NAME}(?:[ \t]+{_INIT_AFTER})?"
_JOIN = r"(?:\s*,\s*(?:(?:et|&|and)\s+)?|\s+(?:et|&|and)\s+)"
#: A list of authors.
AUTHORS = rf"{AUTHOR}(?:{_JOIN}{AUTHOR})*"
#: An organisation or a name of several capitalised words on one line (``Mediatech Solution``).
ORGANISATION = rf"{NAME}(?:[ \t]+{NAME})+"
ET_AL = r"\s*,?\s+et\s+al\.?"
YEAR = r"(?:19|20)\d{2}(?![\d])"

#: Capitalised French function words: a sentence may start with them, an author list may not.
FUNCTION_WORDS = frozenset(
    """à afin ainsi alors après au aujourd’hui aujourd'hui aussi avant avec c’est ce cela
    cependant ces cette chez comme d’après dans de depuis des donc du elle elles en enfin
    ensuite entre et il ils la le les leur mais nous on or ou où par pour puis quand que
    selon si sous sur toutefois un une vers voir vous""".split()
)

_SPLIT = re.compile(rf"{_JOIN}")
_ITEM = re.compile(rf"^(?P<before>[{UP}]\.(?:-[{UP}]\.)?)?[ \t]*(?P<family>{NAME})(?:[ \t]+(?P<after>{_INIT_AFTER}))?$")
_BARE_INITIAL = re.compile(rf"^[{UP}]\.?(?:-[{UP}]\.?)?$")


def parse_authors(text: str) -> tuple[Author, ...]:
    """The authors of an author list, in order, given names as the source gives them.

    :param text: the list without ``et al.`` and year, e.g. ``"Homburg, Jozić et Kuehnl"``.

    >>> [a.family for a in parse_authors("Homburg, Jozić et\\nKuehnl")]
    ['Homburg', 'Jozić', 'Kuehnl']
    """
    out: list[Author] = []
    for item in (s.strip() for s in _SPLIT.split(text.strip()) if s.strip()):
        if _BARE_INITIAL.match(item) and out and out[-1].given is None:
            out[-1] = Author(out[-1].family, item)
            continue
        m = _ITEM.match(" ".join(item.split()))
        if m is None:
            out.append(Author(" ".join(item.split())))
        else:
            out.append(Author(m.group("family"), m.group("before") or m.group("after")))
    return tuple(out)


def is_function_word(word: str) -> bool:
    """Whether a capitalised word is a French function word rather than a name.

    >>> is_function_word("Selon"), is_function_word("Morgan")
    (True, False)
    """
    return word.lower() in FUNCTION_WORDS


def ends_in_name(text: str) -> bool:
    """Whether ``text`` ends with a capitalised word then blanks: a match after it would cut a name.

    >>> ends_in_name("chez Satmetrix "), ends_in_name("d’après ")
    (True, False)
    """
    m = re.search(rf"({NAME})[ \t]+$", text)
    return m is not None and not is_function_word(m.group(1))
