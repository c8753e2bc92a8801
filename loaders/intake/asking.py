"""The fields a new document must have (title, author, year): asked for, or named in an error.

>>> from pathlib import Path
>>> answers = iter(["Understanding customer experience", "Lemon, Katherine N.; Verhoef, Peter C.", "2016"])
>>> item = complete({}, Path("a.txt"), lambda prompt: next(answers))
>>> item["author"][1], item["issued"]
({'family': 'Verhoef', 'given': 'Peter C.'}, {'date-parts': [[2016]]})
>>> try:
...     complete({"title": "T"}, Path("a.md"), None, "markdown")
... except CorpusError as error:
...     print(error)
a.md: no author and year in its metadata: give them in a CSL-JSON item (--meta ITEM.json), a BibTeX entry (--bib FILE.bib) or the file's front matter (author:, date:), or run the command in a terminal to be asked
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from cxkg.loaders.corpus import CorpusError
from cxkg.loaders.intake.csl import date_of, names_of

#: How many times an answer that cannot be read is asked again.
TRIES = 3

#: Each required CSL-JSON field: the word for it, and the question.
REQUIRED = {
    "title": ("title", "Title"),
    "author": ("author", "Authors (Family, Given; Family, Given; or an organisation's name)"),
    "issued": ("year", "Year of publication (YYYY)"),
}

#: A format whose file can state the required fields: where, and what gives each field there.
STATED_IN = {
    "markdown": ("the file's front matter", {"title": "title:", "author": "author:", "issued": "date:"}),
    "html": ("the page's head", {"title": "<title>", "author": '<meta name="citation_author">',
                                 "issued": '<meta name="citation_publication_date">'}),
}


def missing(item: dict) -> list[str]:
    """The required fields ``item`` lacks."""
    return [key for key in REQUIRED if not item.get(key)]


def complete(item: dict, path: Path, ask: Callable[[str], str] | None, kind: str = "text") -> dict:
    """``item`` with its missing required fields asked for with ``ask``.

    :param kind: the file's format, which says whether the file itself could state them.
    :raises CorpusError: fields are missing and there is no ``ask``, or an answer cannot be read.
    """
    absent = missing(item)
    if absent and ask is None:
        raise CorpusError(f"{path}: {missing_message(absent, kind)}")
    item = dict(item)
    for key in absent:
        item[key] = answer(key, path, ask)
    return item


def missing_message(absent: list[str], kind: str) -> str:
    """What is missing, and the ways to give it that fit a file of format ``kind``."""
    words = [REQUIRED[key][0] for key in absent]
    named = " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)
    ways = ["a CSL-JSON item (--meta ITEM.json)", "a BibTeX entry (--bib FILE.bib)"]
    if kind in STATED_IN:
        where, keys = STATED_IN[kind]
        ways.append(f"{where} ({', '.join(keys[key] for key in absent)})")
    listed = " or ".join([", ".join(ways[:-1]), ways[-1]])
    return (f"no {named} in its metadata: give {'them' if len(absent) > 1 else 'it'} in {listed}, "
            "or run the command in a terminal to be asked")


def answer(key: str, path: Path, ask: Callable[[str], str]) -> object:
    """One field's value, read from the user's answer (asked again if it cannot be read)."""
    word, question = REQUIRED[key]
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
