"""Whether a text is French or English, told by the stop words spaCy lists for each.

Only the words that one language lists and the other does not count (``a``,
``on``, ``me`` are in both). The language whose words are the larger share of
the text wins, if that share is large enough and clearly ahead; otherwise the
text says too little (or is in neither language) and the caller is asked to
say which with ``--lang``.

>>> detect_language("The customer journey is the sequence of touchpoints that a customer goes through.")
'en'
>>> detect_language("Le parcours client est la suite des points de contact que vit le client avec la marque.")
'fr'
>>> detect_language("Kundenerlebnis und Markenwerte") is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from cxkg.loaders.corpus import CorpusError

#: The languages the loaders read.
LANGUAGES = ("fr", "en")

#: The least share of a text's words that must be its language's own stop words.
MIN_SHARE = 0.08

#: How many times the winner's share must exceed the other's.
MIN_LEAD = 2.0

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=1)
def own_stop_words() -> dict[str, frozenset[str]]:
    """Each language's stop words that the other language does not list."""
    from spacy.lang.en.stop_words import STOP_WORDS as english
    from spacy.lang.fr.stop_words import STOP_WORDS as french

    return {"fr": frozenset(french - english), "en": frozenset(english - french)}


def detect_language(text: str) -> str | None:
    """``fr`` or ``en``, or None when the text does not tell (see the module docstring)."""
    words = [word.lower().replace("’", "'") for word in _WORD.findall(text)]
    if not words:
        return None
    shares = {code: sum(word in stops for word in words) / len(words) for code, stops in own_stop_words().items()}
    best, other = sorted(shares, key=shares.get, reverse=True)
    if shares[best] >= MIN_SHARE and shares[best] >= MIN_LEAD * shares[other]:
        return best
    return None


def language_code(value: str, path: Path) -> str:
    """``fr`` or ``en`` from a language tag (``fr``, ``en-GB``, ``French``...).

    :raises CorpusError: a language the loaders do not read.
    """
    code = str(value).strip().lower().replace("_", "-")
    names = {"french": "fr", "français": "fr", "francais": "fr", "english": "en", "anglais": "en"}
    code = names.get(code, code.split("-")[0])
    if code not in LANGUAGES:
        raise CorpusError(f"{path}: language {value!r} is not one the loaders read (fr or en)")
    return code
