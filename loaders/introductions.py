"""Who introduces a quotation: the speaker before the colon ("Un directeur marketing nous a confié : « … »").

Reports of interviews introduce what someone said in the sentence that opens
it: a speaker (a name, or a role: "Un directeur marketing", "One manager"), a
verb of saying ("nous a confié", "explique", "told us") and a colon right
before the opening quote mark. The introduction, not the text after the quote,
says who speaks: the next paragraph is the document's own prose. Such a
quotation may be set in straight double quotes ("One manager told us: "…""),
which elsewhere mark words or titles rather than speech. The verbs and the
articles of a speaker described by a role are data:
``ontology/vocabularies/speech.json``.

>>> text = 'Un directeur marketing nous a confié : « Le client pense en parcours. »'
>>> intro = introduction(text, text.index("«"))
>>> text[slice(*intro.speaker)], intro.role
('Un directeur marketing', 'directeur marketing')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from cxkg.ontology.files import VOCABULARIES_DIR

#: A straight double quote opens a quotation only right after an introduction's colon.
STRAIGHT = '"'

#: A speaker's words: no sentence punctuation, no quote mark, at most this many characters.
_SPEAKER = r"[^.!?;:«»\"“”()\n]{2,80}?"


@dataclass(frozen=True)
class Introduction:
    """The speaker an introduction names, as a range of the text, and their role when not named."""

    speaker: tuple[int, int]
    role: str | None


@cache
def _vocabulary() -> dict:
    """``ontology/vocabularies/speech.json`` (project data, read once)."""
    return json.loads((VOCABULARIES_DIR / "speech.json").read_text(encoding="utf-8"))


@cache
def _pattern() -> re.Pattern[str]:
    """A speaker, a verb of saying and a colon, ending where the quote mark opens."""
    verbs = "|".join(f"(?:{v})" for per_language in _vocabulary()["verbs"].values() for v in per_language)
    return re.compile(rf"(?:^|(?<=[.!?»”]\s)|(?<=\n))\s*(?P<speaker>{_SPEAKER})\s+(?:{verbs})\s*:\s*$", re.I)


@cache
def _article() -> re.Pattern[str]:
    """The word that opens a speaker described by a role ("un", "one")."""
    words = "|".join(a for per_language in _vocabulary()["articles"].values() for a in per_language)
    return re.compile(rf"^(?:{words})(?:\s+|(?<=['’]))", re.I)


def introduction(text: str, opening: int) -> Introduction | None:
    """The introduction that ends right before the quote mark at ``opening``, if there is one."""
    line_start = text.rfind("\n", 0, opening) + 1
    m = _pattern().search(text[line_start:opening])
    if not m:
        return None
    start, end = line_start + m.start("speaker"), line_start + m.end("speaker")
    while end > start and text[end - 1] in " ,":
        end -= 1
    article = _article().match(text[start:end])
    role = text[start + article.end() : end] if article else None
    return Introduction((start, end), " ".join(role.split()) if role else None)


def straight_pairs(text: str) -> list[tuple[int, int]]:
    """Offsets of the straight double quotes that an introduction opens, and of the quote that closes each.

    >>> straight_pairs('One manager told us: "Follow her." Titles are "words".')
    [(21, 33)]
    """
    pairs: list[tuple[int, int]] = []
    for m in re.finditer(STRAIGHT, text):
        if pairs and m.start() <= pairs[-1][1]:
            continue
        close = text.find(STRAIGHT, m.end())
        if close != -1 and "\n\n" not in text[m.end() : close] and introduction(text, m.start()):
            pairs.append((m.start(), close))
    return pairs
