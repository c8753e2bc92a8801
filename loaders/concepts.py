"""The concept index: the project's concepts by label and notation.

Extractors find names as the documents write them ("Capacité à adapter des
points de contacts"); the index resolves them to the concepts of the scheme,
ignoring case, accents, apostrophe style and inflection.

>>> index = ConceptIndex([("https://w3id.org/cxkg/id/concept/nps", "Net Promoter Score", "en", "pref")],
...                      {"C1": "https://w3id.org/cxkg/id/concept/c1"})
>>> index.resolve("net promoter score")
'https://w3id.org/cxkg/id/concept/nps'
>>> index.resolve("C1 ")
'https://w3id.org/cxkg/id/concept/c1'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

import pyoxigraph as ox

from cxkg.ontology.labels import fold
from cxkg.namespaces import RDF, SKOS

LABEL_PREDICATES = {str(SKOS.prefLabel): "pref", str(SKOS.altLabel): "alt", str(SKOS.hiddenLabel): "hidden"}
CONCEPT = str(SKOS.Concept)
NOTATION = str(SKOS.notation)
TYPE = str(RDF.type)


@dataclass
class ConceptIndex:
    """Labels ``(iri, label, lang, kind)`` and notations of the scheme's concepts."""

    labels: list[tuple[str, str, str, str]]
    notations: dict[str, str] = field(default_factory=dict)
    lemmatise: Callable[[str], str] | None = None
    _by_key: dict[str, str] = field(default_factory=dict, init=False)
    _by_lemma: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for iri, label, _lang, kind in sorted(self.labels, key=lambda row: row[3] != "pref"):
            self._by_key.setdefault(fold(label), iri)
            if self.lemmatise is not None:
                self._by_lemma.setdefault(self.lemmatise(label), iri)

    def resolve(self, name: str) -> str | None:
        """The concept a name or notation designates, or ``None``."""
        name = name.strip().rstrip(".,;:")
        if name in self.notations:
            return self.notations[name]
        found = self._by_key.get(fold(name))
        if found is None and self.lemmatise is not None:
            found = self._by_lemma.get(self.lemmatise(name))
        if found is None:
            found = next((self._by_key[k] for k in singulars(fold(name)) if k in self._by_key), None)
        return found

    def concepts(self) -> set[str]:
        return {iri for iri, *_ in self.labels}


def singulars(name: str) -> list[str]:
    """The name with its last word in the singular, as an English plural would have it.

    >>> singulars("marketing capabilities")
    ['marketing capability', 'marketing capabilitie']
    """
    head, _, last = name.rpartition(" ")
    forms = ([last[:-3] + "y"] if last.endswith("ies") else []) + ([last[:-1]] if last.endswith("s") and len(last) > 3 else [])
    return [f"{head} {form}".strip() for form in forms]


def index_from_quads(quads: Iterable[ox.Quad], lemmatise: Callable[[str], str] | None = None) -> ConceptIndex:
    """Build the index from the editorial graph's quads."""
    quads = list(quads)
    concepts = {q.subject.value for q in quads if q.predicate.value == TYPE and q.object.value == CONCEPT}
    labels, notations = [], {}
    for q in quads:
        if q.subject.value not in concepts or not isinstance(q.object, ox.Literal):
            continue
        kind = LABEL_PREDICATES.get(q.predicate.value)
        if kind is not None:
            labels.append((q.subject.value, q.object.value, q.object.language or "", kind))
        elif q.predicate.value == NOTATION:
            notations[q.object.value] = q.subject.value
    return ConceptIndex(labels, notations, lemmatise)


def lemma_key(nlp) -> Callable[[str], str]:
    """A function folding a name to its lemmas (so plural and singular meet)."""

    def key(name: str) -> str:
        return " ".join(fold(token.lemma_) for token in nlp(fold(name)) if not token.is_punct)

    return key
