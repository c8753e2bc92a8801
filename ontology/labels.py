"""How two labels are compared: one folding rule for the build and for query time.

A label a document writes, a label the project's data gives and a value a
user types for a parameter are matched after folding: case, accents,
typographic apostrophes, hyphens, underscores and runs of white space do not
count.

>>> fold("  L’Expérience   CLIENT ")
"l'experience client"
>>> fold("omni-canal") == fold("Omni canal") == fold("omni_canal")
True

A word of running text keeps its hyphens: "omni-canal" is one word, not "omni"
followed by "canal", when mentions are matched token by token:

>>> fold_word("Omni-Canal’s")
"omni-canal's"
"""

from __future__ import annotations

import unicodedata

#: The ways of writing an apostrophe; all are read as the typed one, ``'``.
APOSTROPHE_FORMS = "'’‘ʼ"
APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHE_FORMS, "'"))
#: Characters read as a space when labels are compared.
SEPARATORS = str.maketrans({"-": " ", "_": " ", "‐": " ", "‑": " "})


def straight_apostrophes(text: str) -> str:
    """The text with every apostrophe typed as ``'``: "d’Astous" and "d'Astous" are one name, one IRI.

    >>> straight_apostrophes("d’Astous") == straight_apostrophes("d'Astous") == "d'Astous"
    True
    """
    return text.translate(APOSTROPHES)


def fold(label: str) -> str:
    """The folded form of ``label`` (see the module's rule)."""
    return " ".join(fold_word(label.translate(SEPARATORS)).split())


def fold_word(word: str) -> str:
    """One word folded for case, accents and apostrophes, its hyphens kept."""
    text = unicodedata.normalize("NFKD", straight_apostrophes(word))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
