"""Whose words the labels and definitions are, checked against the corpus text.

The violation checks (``coined-label``, ``editorial-definition``) see only the
graph; these tests also read the documents.

- A French label of a concept (pref or alt) is either a term the sources use -- it
  occurs in a corpus document, compared as the mention finder compares: folded,
  hyphenation repaired, inflected forms and lemmas meeting ("points de contacts" is
  "point de contact") -- or it is marked ``cx:coinedLabel``. A label marked coined
  does not occur (else the mark is wrong). An acronym matches itself, or its
  lower-case form where that form is not a French word ("sms" is SMS, "ces" is not
  CES).
- Knowledge from outside the corpus is credited (``dcterms:source``) to a work the
  documents cite, which the graph describes.
- A definition the project writes (a ``skos:definition`` of the editorial graph)
  never reuses 8 consecutive words, folded, of a source definition of another
  concept: a ``skos:definition`` of a document graph or a definition quoted in
  ``ontology/readings/``. The sources are French and the project's definitions
  English, so the project's English rendering of a source definition (the
  editorial definition of a concept that a document defines) counts as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from cxkg.loaders.lexicon import lexicon, load_nlp
from cxkg.loaders.mentions import build_matcher, mask_markup, token_keys, words
from cxkg.loaders.normalize import normalize
from cxkg.namespaces import CX
from cxkg.ontology.files import READINGS_DIR
from cxkg.ontology.labels import fold

#: How many consecutive words of a source definition an editorial definition may not reuse.
REUSE = 8

PREF, ALT, DEFINITION = (ox.NamedNode(str(p)) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.definition))
TYPE, CONCEPT = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(SKOS.Concept))
COINED = ox.NamedNode(str(CX.coinedLabel))
SOURCE = ox.NamedNode(str(DCTERMS.source))
EXACT = "="  # the mention finder's mark of an exact (acronym) key


class Label(NamedTuple):
    concept: str
    text: str
    kind: str  # "pref" or "alt"


class Definition(NamedTuple):
    concept: str
    text: str
    where: str


def slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


# --- the graph --------------------------------------------------------------------


@pytest.fixture(scope="module")
def editorial(built, store) -> list[ox.Quad]:
    settings, _ = built
    return list(store.quads(ox.NamedNode(settings.graph("editorial"))))


@pytest.fixture(scope="module")
def concepts(editorial) -> set[str]:
    return {q.subject.value for q in editorial if q.predicate == TYPE and q.object == CONCEPT}


@pytest.fixture(scope="module")
def french_labels(editorial, concepts) -> list[Label]:
    kinds = {PREF: "pref", ALT: "alt"}
    return sorted(
        Label(q.subject.value, q.object.value, kinds[q.predicate])
        for q in editorial
        if q.predicate in kinds and q.subject.value in concepts and q.object.language == "fr"
    )


@pytest.fixture(scope="module")
def coined(editorial) -> set[tuple[str, str]]:
    return {(q.subject.value, q.object.value) for q in editorial if q.predicate == COINED}


@pytest.fixture(scope="module")
def editorial_definitions(editorial, concepts) -> list[Definition]:
    return sorted(
        Definition(q.subject.value, q.object.value, "editorial graph")
        for q in editorial
        if q.predicate == DEFINITION and q.subject.value in concepts
    )


@pytest.fixture(scope="module")
def source_definitions(store) -> list[Definition]:
    """The definitions the documents give: their graphs' skos:definition, and the readings' quotes."""
    found = {
        Definition(q.subject.value, q.object.value, slug(q.graph_name.value))
        for q in store.quads()
        if q.predicate == DEFINITION and "/graph/document/" in q.graph_name.value
    }
    for path in sorted(READINGS_DIR.glob("*.ttl")):
        g = Graph().parse(path, format="turtle")
        for statement in g.subjects(RDF.predicate, SKOS.definition):
            concept = str(g.value(statement, RDF.subject))
            for text in (g.value(statement, RDF.object), g.value(statement, CX.quote)):
                if isinstance(text, Literal):
                    found.add(Definition(concept, str(text), f"readings/{path.name}"))
    return sorted(found)


# --- the corpus, as the mention finder reads it -----------------------------------


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def corpus_tokens(nlp, corpus_texts) -> dict[str, list[frozenset[str]]]:
    """Each document as a list of token keys (surface, singular, lemma; exact form)."""
    is_word = lexicon(nlp)
    tokens = {}
    for document, text in corpus_texts.items():
        cleaned = mask_markup(normalize(text, is_word).text)
        tokens[document] = [text_keys(w.text, w.lemma, is_word) for w in words(nlp(cleaned))]
    return tokens


def text_keys(text: str, lemma: str, is_word) -> frozenset[str]:
    """A text token's keys; a token that is no French word also stands for its acronym."""
    keys = set(token_keys(text, lemma)) | {EXACT + text}
    if text.isalpha() and not is_word(text):
        keys.add(EXACT + text.upper())
    return frozenset(keys)


def label_patterns(labels: Iterable[Label], nlp) -> dict[Label, tuple[frozenset[str], ...]]:
    """Each label's token keys, as the mention finder builds them for French labels."""
    labels = list(labels)
    matcher = build_matcher([(str(i), label.text, "fr") for i, label in enumerate(labels)], nlp)
    return {labels[int(p.concept)]: p.tokens for p in matcher.patterns}


def occurs(pattern: tuple[frozenset[str], ...], tokens: list[frozenset[str]]) -> bool:
    n = len(pattern)
    return any(
        all(keys & tokens[i + j] for j, keys in enumerate(pattern)) for i in range(len(tokens) - n + 1)
    )


@pytest.fixture(scope="module")
def in_corpus(french_labels, nlp, corpus_tokens) -> dict[Label, list[str]]:
    """Each French label, with the documents where it occurs."""
    patterns = label_patterns(french_labels, nlp)
    return {
        label: [d[:3] for d, tokens in corpus_tokens.items() if occurs(patterns[label], tokens)]
        for label in french_labels
    }


def test_the_matcher_reads_inflections_and_acronyms(nlp):
    labels = [Label("x", "point de contact", "pref"), Label("x", "SMS", "pref"), Label("x", "CES", "pref"),
              Label("x", "valeur de la marque", "pref")]
    patterns = label_patterns(labels, nlp)
    is_word = lexicon(nlp)
    text = "Les points de contacts, les sms et ces valeurs de la marque."
    tokens = [text_keys(w.text, w.lemma, is_word) for w in words(nlp(text))]
    assert [occurs(patterns[label], tokens) for label in labels] == [True, True, False, True]


# --- labels -------------------------------------------------------------------------


def test_every_french_label_occurs_in_the_corpus_or_is_marked_coined(french_labels, in_corpus, coined):
    assert french_labels, "no French label in the editorial graph"
    offenders = [
        f"{slug(label.concept)}: {label.kind}Label {label.text!r}"
        for label in french_labels
        if not in_corpus[label] and (label.concept, label.text) not in coined
    ]
    assert not offenders, "French labels that no document uses, not marked cx:coinedLabel:\n" + "\n".join(offenders)


def test_no_label_marked_coined_occurs_in_the_corpus(french_labels, in_corpus, coined):
    marked = [label for label in french_labels if (label.concept, label.text) in coined]
    assert marked, "no French label is marked cx:coinedLabel"
    offenders = [
        f"{slug(label.concept)}: {label.text!r} occurs in {', '.join(in_corpus[label])}"
        for label in marked
        if in_corpus[label]
    ]
    assert not offenders, "labels marked cx:coinedLabel that the sources use:\n" + "\n".join(offenders)


def test_the_works_the_editorial_data_credits_are_in_the_graph(editorial, store):
    """Knowledge from outside the corpus is credited (dcterms:source) to a work the documents cite."""
    credited = {q.object for q in editorial if q.predicate == SOURCE}
    assert credited, "the editorial data credits no work"
    typed = {q.subject for q in store.quads() if q.predicate == TYPE}
    missing = sorted(w.value for w in credited if w not in typed)
    assert not missing, f"credited works that the graph does not describe: {missing}"


# --- definitions -----------------------------------------------------------------------


def shingles(text: str, n: int = REUSE) -> set[tuple[str, ...]]:
    """Every run of ``n`` consecutive words of ``text``, folded.

    >>> sorted(shingles("L’Expérience  client, vécue", 2))
    [('client', 'vecue'), ('experience', 'client'), ('l', 'experience')]
    """
    found = re.findall(r"\w+", fold(text))
    return {tuple(found[i : i + n]) for i in range(len(found) - n + 1)}


def reuses(definitions: list[Definition], sources: list[Definition]) -> Iterator[str]:
    """Each definition that shares ``REUSE`` consecutive words with a source definition of another concept."""
    runs = [(source, shingles(source.text)) for source in sources]
    for definition in definitions:
        own = shingles(definition.text)
        for source, theirs in runs:
            shared = own & theirs
            if source.concept != definition.concept and shared:
                yield (f"{slug(definition.concept)} reuses the definition of {slug(source.concept)} "
                       f"({source.where}): {' '.join(min(shared))!r}")


def test_editorial_definitions_reuse_no_source_definition_of_another_concept(
    editorial_definitions, source_definitions
):
    assert editorial_definitions, "no definition in the editorial graph"
    assert source_definitions, "no source definition in the document graphs or the readings"
    offenders = sorted(set(reuses(editorial_definitions, source_definitions)))
    assert not offenders, "\n".join(offenders)


def test_editorial_definitions_reuse_no_rendering_of_another_concepts_source_definition(
    editorial_definitions, source_definitions
):
    defined_by_a_source = {d.concept for d in source_definitions}
    renderings = [d._replace(where="its English rendering") for d in editorial_definitions
                  if d.concept in defined_by_a_source]
    assert renderings, "no concept that a document defines has an editorial definition"
    offenders = sorted(set(reuses(editorial_definitions, renderings)))
    assert not offenders, "\n".join(offenders)
