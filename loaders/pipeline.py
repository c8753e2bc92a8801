"""One document through the pipeline: read -> normalise -> segment -> extract -> map -> quads.

Every reader of :data:`cxkg.loaders.extract.READERS` runs on every document: each finds what its pattern finds, so
a new document of a known kind needs no configuration. Extraction and mapping
are pure; only :func:`load_resources` reads files (the language model and the
project's data).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Callable

import pyoxigraph as ox

from cxkg.loaders import map_documents
from cxkg.loaders.attribution import attribute
from cxkg.loaders.concepts import ConceptIndex, index_from_quads, lemma_key
from cxkg.loaders.context import MapContext
from cxkg.loaders.corpus import Document
from cxkg.loaders.evidence import Fact, Source, annotation_quads, fact_quads
from cxkg.loaders.extract import Vocabulary, facts_of, find_all, read_page
from cxkg.loaders.lexicon import DEFAULT_LANGUAGE, language_of, lexicon, model_for
from cxkg.loaders.mentions import LabelMatcher, build_matcher, find_mentions
from cxkg.loaders.references import venue_spans
from cxkg.loaders.readings import parse_readings, reading_facts, reading_file
from cxkg.config import Settings
from cxkg.ontology.files import DATA_DIR, VOCABULARIES_DIR, read_all, turtle_files
from cxkg.ontology.labels import fold
from cxkg.namespaces import C4O, OA, ORG, RDF, RDFS, SKOS

ORGANIZATION = str(ORG.Organization)
TYPE = str(RDF.type)
NAME_PREDICATES = (str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel))


@dataclass(frozen=True)
class Language:
    """What reading a document of one language needs: its model, its word check, its label matcher."""

    code: str
    nlp: object
    is_word: Callable[[str], bool]
    matcher: LabelMatcher


@dataclass
class Resources:
    """What every document's pass needs, loaded once per build; a language's model when first needed."""

    settings: Settings
    index: ConceptIndex
    organisations: dict[str, str] = field(default_factory=dict)
    vocabulary: Vocabulary = Vocabulary()
    languages: dict[str, Language] = field(default_factory=dict)

    def language(self, code: str) -> Language:
        """The model, word check and matcher of a language (``"fr"``, ``"en"``), loaded on first use.

        A language's matcher lemmatises the labels of that language with its model; the labels of
        the other language count only where the text marks them as terms.
        """
        if code not in self.languages:
            nlp = model_for(code)
            labels = [(iri, label, lang) for iri, label, lang, _ in self.index.labels]
            self.languages[code] = Language(code, nlp, lexicon(nlp), build_matcher(labels, nlp, language=code))
        return self.languages[code]

    @property
    def nlp(self):
        """The default language's model (French), which also lemmatises the concept index."""
        return self.language(DEFAULT_LANGUAGE).nlp

    @property
    def is_word(self) -> Callable[[str], bool]:
        return self.language(DEFAULT_LANGUAGE).is_word

    @property
    def matcher(self) -> LabelMatcher:
        return self.language(DEFAULT_LANGUAGE).matcher


def load_resources(settings: Settings) -> Resources:
    """Index the project's concepts (with the French model's lemmas) and organisations.

    Other languages' models load when a document of theirs is read (:meth:`Resources.language`).
    """
    nlp = model_for(DEFAULT_LANGUAGE)
    quads = read_all(turtle_files(DATA_DIR), ox.NamedNode(settings.graph("editorial")), settings.base)
    index = index_from_quads(quads, lemma_key(nlp))
    resources = Resources(settings, index, organisation_index(quads), vocabulary())
    resources.language(DEFAULT_LANGUAGE)
    return resources


def vocabulary() -> Vocabulary:
    """The project's known table-cell values (``ontology/vocabularies``)."""
    data = json.loads((VOCABULARIES_DIR / "interview-cells.json").read_text(encoding="utf-8"))
    return Vocabulary(tuple(data["sectors"]), tuple(data["company_types"]))


def organisation_index(quads) -> dict[str, str]:
    """Folded names of the organisations the project's data declares -> IRIs."""
    organisations = {q.subject.value for q in quads if q.predicate.value == TYPE and q.object.value == ORGANIZATION}
    return {
        fold(q.object.value): q.subject.value
        for q in quads
        if q.subject.value in organisations and q.predicate.value in NAME_PREDICATES
    }


def document_quads(document: Document, resources: Resources, graph: ox.NamedNode, clock) -> tuple[list[ox.Quad], list[str]]:
    """All the quads of one document's graph, and the names that matched no concept."""
    language = document.meta.get("language", DEFAULT_LANGUAGE)
    reader = clock.run("load language model", lambda: resources.language(language_of(document.meta)))
    page = clock.run("normalise and segment", lambda: read_page(document.text, reader.is_word, resources.vocabulary, language))
    found = clock.run("extract", lambda: find_all(page))
    mentions = clock.run("find concept mentions", lambda: find_mentions(page.folded, reader.matcher, reader.nlp))
    venues = venue_spans(document.text, found["citations"])
    mentions = [m for m in mentions if not any(v.start <= m.span.start and m.span.end <= v.end for v in venues)]
    page = replace(page, mentions=tuple(mentions))
    ctx = MapContext(resources.settings.base, document.identifier, resources.index, resources.organisations)
    path = reading_file(document.identifier)
    facts = clock.run("map to triples", lambda: map_documents.catalogue_facts(document.meta, ctx) + facts_of(found, page, ctx)
                      + reading_facts(parse_readings(path, ctx.base), page.folded, path))
    facts = clock.run("attribute", lambda: attribute(dedupe(facts), page, found["citations"], ctx))
    # A PDF's page starts (cxkg add records them): every annotation's target says the page its passage starts on.
    source = Source(ctx.document, document.text, ctx.base, tuple(document.meta.get("custom", {}).get("pages", ())))
    quads = [quad for fact in facts for quad in fact_quads(fact, source, graph)]
    # The text as stored, which every annotation's offsets count into: pages show a passage in its sentence.
    quads.append(ox.Quad(ctx.document, ox.NamedNode(str(C4O.hasContent)), ox.Literal(document.text), graph))
    identifying = ox.NamedNode(str(OA.identifying))
    for mention in mentions:
        quads += annotation_quads(ox.NamedNode(mention.concept), identifying, source, mention.span, graph)
    return quads, ctx.unresolved


def dedupe(facts: list[Fact]) -> list[Fact]:
    """Drop repeated facts (same triple, same span), keeping the first."""
    seen, kept = set(), []
    for fact in facts:
        key = (fact.subject, fact.predicate, fact.object, fact.span)
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept
