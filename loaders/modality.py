"""How firmly a passage puts a claim: asserts, questions, prescribes, aims, warns against, exemplifies.

A claim between two concepts read from "Le NPS : le nouvel indicateur de
satisfaction ?" is a question, from "dans le but de fidéliser" an aim, from
"sans enracinement … un double écueil" a pitfall: none of them is the source
asserting the relation. The cues are the project's, per language, in
``ontology/vocabularies/modality-cues.json``; the last cue in the passage wins,
so "des actifs (par exemple, la réputation) afin de créer un avantage"
exemplifies the asset and aims at the advantage.

Only claims *about concepts* take a modality from cues (a concept related to
another concept, or a concept's definition for questions): what a document
says about itself (titles, pages, verbatims, citations) is reported, not
claimed.

>>> cues = load_cues()
>>> passage_modality("dans le but de fidéliser les clients", False, cues["fr"])
'aims'
>>> passage_modality("Le NPS : le nouvel indicateur de satisfaction ?", True, cues["fr"])
'questions'
>>> passage_modality("On peut parler d'une chaîne", False, cues["fr"])
'asserts'
"""

from __future__ import annotations

import json
import re
from functools import cache

from cxkg.loaders.evidence import ASSERTS, QUESTIONS
from cxkg.ontology.files import VOCABULARIES_DIR

Cues = dict[str, tuple[re.Pattern, ...]]


@cache
def load_cues() -> dict[str, Cues]:
    """The cue patterns per language, then per modality slug."""
    data = json.loads((VOCABULARIES_DIR / "modality-cues.json").read_text(encoding="utf-8"))
    return {
        language: {slug: tuple(re.compile(p, re.IGNORECASE) for p in patterns) for slug, patterns in table.items()}
        for language, table in data.items() if isinstance(table, dict)
    }


def passage_modality(passage: str, asked: bool, cues: Cues) -> str:
    """The modality of a claim stated by ``passage``.

    :param asked: whether the sentence that holds the passage is a question.
    :param cues: one language's cues.
    """
    if asked:
        return QUESTIONS
    last, found = -1, ASSERTS
    for slug, patterns in cues.items():
        for pattern in patterns:
            for match in pattern.finditer(passage):
                if match.start() > last:
                    last, found = match.start(), slug
    return found
