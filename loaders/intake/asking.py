"""The fields a new document must have (title, author, year): asked for, or named in an error.

>>> from pathlib import Path
>>> answers = iter(["Understanding customer experience", "Lemon, Katherine N.; Verhoef, Peter C.", "2016"])
>>> item = complete({}, Path("a.txt"), lambda prompt: next(answers))
>>> item["author"][1], item["issued"]
({'family': 'Verhoef', 'given': 'Peter C.'}, {'date-parts': [[2016]]})
>>> try:
...     complete({"title": "T"}, Path("a.txt"), None)
... except CorpusError as error:
...     print(error)
a.txt: no author, year in its metadata: give them in a CSL-JSON item (--meta ITEM.json), a BibTeX entry (--bib FILE.bib) or the file's front matter (author:, date:), or run the command in a terminal to be asked
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from cxkg.loaders.corpus import CorpusError
from cxkg.loaders.intake.csl import date_of, names_of

#: How many times an answer that cannot be read is asked again.
TRIES = 3

#: Each required CSL-JSON field: the word for it, the question, the front matter key that gives it.
REQUIRED = {
    "title": ("title", "Title", "title:"),
    "author": ("author", "Authors (Family, Given; Family, Given; or an organisation's name)", "author:"),
    "issued": ("year", "Year of publication (YYYY)", "date:"),
}


def missing(item: dict) -> list[str]:
    """The required fields ``item`` lacks."""
    return [key for key in REQUIRED if not item.get(key)]


def complete(item: dict, path: Path, ask: Callable[[str], str] | None) -> dict:
    """``item`` with its missing required fields asked for with ``ask``.

    :raises CorpusError: fields are missing and there is no ``ask``, or an answer cannot be read.
    """
    absent = missing(item)
    if absent and ask is None:
        words = ", ".join(REQUIRED[key][0] for key in absent)
        keys = ", ".join(REQUIRED[key][2] for key in absent)
        raise CorpusError(
            f"{path}: no {words} in its metadata: give them in a CSL-JSON item (--meta ITEM.json), "
            f"a BibTeX entry (--bib FILE.bib) or the file's front matter ({keys}), "
            "or run the command in a terminal to be asked"
        )
    item = dict(item)
    for key in absent:
        item[key] = answer(key, path, ask)
    return item


def answer(key: str, path: Path, ask: Callable[[str], str]) -> object:
    """One field's value, read from the user's answer (asked again if it cannot be read)."""
    word, question, _ = REQUIRED[key]
    problem = ""
    for _ in range(TRIES):
        text = str(ask(f"{question} of {path.name}") or "").strip()
        try:
            value = read_answer(key, text, path)
        except CorpusError as error:
            problem = str(error)
            continue
        if value:
            return value
        problem = f"{path}: the {word} is required"
    raise CorpusError(f"{problem} (asked {TRIES} times)")


def read_answer(key: str, text: str, path: Path) -> object:
    """The CSL-JSON value of an answer ('' or [] when empty)."""
    if key == "author":
        return names_of(text, path) if text else []
    if key == "issued":
        return date_of(text, path, "year") if text else ""
    return text
