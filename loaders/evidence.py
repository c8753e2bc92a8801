"""Facts, who says them and how firmly, and the W3C Web Annotations that say where each comes from.

A :class:`Fact` is a triple a document states, with the span of text that
states it. :func:`fact_quads` turns it into its reified ``rdf:Statement``
(the claim, with who says it, in which role and with which modality, as in a
nanopublication's provenance) and an ``oa:Annotation`` whose target selects
the passage by quote (``oa:exact``/``oa:prefix``/``oa:suffix``) and by position
(``oa:start``/``oa:end``, code points into the text as stored); when the
document has pages (a PDF), the target also says the printed page the passage
starts on (``prism:startingPage``, as the sections of a table of contents do). Only an
asserted claim is also written as a plain triple: a question, an aim or a
pitfall stays a statement that a ``?s ?p ?o`` query cannot take for a fact.

IRIs of statements and annotations are hashes of what they say, so a rebuild
of the same corpus gives the same IRIs.

>>> from pyoxigraph import NamedNode as N, Literal
>>> text = "Le NPS mesure la recommandation."
>>> f = Fact(N("https://w3id.org/cxkg/id/concept/nps"), N("http://www.w3.org/2004/02/skos/core#altLabel"),
...          Literal("NPS", language="fr"), Span(3, 6))
>>> quads = fact_quads(f, Source(N("https://w3id.org/cxkg/id/document/d"), text), N("https://w3id.org/cxkg/id/graph/document/d"))
>>> sorted({q.predicate.value.split("#")[-1] for q in quads})[:4]
['altLabel', 'attributionRole', 'end', 'exact']
>>> [q.object.value for q in quads if q.predicate.value.endswith("#exact")]
['NPS']
>>> asked = fact_quads(replace(f, modality=QUESTIONS), Source(N("https://w3id.org/cxkg/id/document/d"), text), N("https://w3id.org/cxkg/id/graph/d"))
>>> any(q.predicate.value.endswith("#altLabel") for q in asked)
False
>>> paged = Source(N("https://w3id.org/cxkg/id/document/d"), text, pages=({"label": "xii", "start": 0},))
>>> [q.object.value for q in fact_quads(f, paged, N("https://w3id.org/cxkg/id/graph/d")) if q.predicate.value.endswith("startingPage")]
['xii']
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pyoxigraph as ox

from cxkg.loaders.intake.pdf_text import page_at
from cxkg.loaders.records import Span
from cxkg.namespaces import CX, DCTERMS, DEFAULT_BASE, OA, PRISM, PROV, RDF, XSD, digest

CONTEXT_WIDTH = 32
EXTRACTOR = "agent/cxkg-loaders"  # the software that found a fact by pattern
CURATOR = "agent/cxkg"  # the project, for facts it read and anchored by hand

# Roles of whoever makes a claim, and modalities (slugs of the project's schemes, ontology/data/attribution.ttl)
AUTHOR, CITED_WORK, INTERVIEWEE, EDITOR = "author", "cited-work", "interviewee", "editor"
ASSERTS, QUESTIONS, PRESCRIBES, AIMS, WARNS_AGAINST, EXEMPLIFIES = (
    "asserts", "questions", "prescribes", "aims", "warns-against", "exemplifies")
AGENT_ROLES = frozenset({INTERVIEWEE, EDITOR})  # said by a person or the project, not by a work


def N(term) -> ox.NamedNode:  # noqa: N802 - a short constructor reads best here
    return ox.NamedNode(str(term))


@dataclass(frozen=True)
class Fact:
    """A triple stated by a document, with the span that states it (if any)."""

    subject: ox.NamedNode
    predicate: ox.NamedNode
    object: ox.NamedNode | ox.Literal
    span: Span | None = None
    curated: bool = False  # anchored by the project's reading files, not by a pattern
    said_by: ox.NamedNode | None = None  # the document, a work it credits, or a person it quotes
    role: str | None = None  # AUTHOR, CITED_WORK, INTERVIEWEE (EDITOR for the project's own)
    modality: str | None = None  # ASSERTS, QUESTIONS, ...; None until attributed (then ASSERTS)


@dataclass(frozen=True)
class Source:
    """The document a fact comes from: its IRI, its text as stored, and where its pages start.

    ``pages`` is the CSL-JSON item's ``custom.pages`` (each page's ``label`` and ``start``
    offset, for a PDF); empty for a text without pages.
    """

    iri: ox.NamedNode
    text: str
    base: str = DEFAULT_BASE
    pages: tuple[dict, ...] = ()


def fact_quads(fact: Fact, source: Source, graph: ox.NamedNode) -> list[ox.Quad]:
    """The plain triple of an asserted fact, and when it has a span, its statement and annotation."""
    modality = fact.modality or ASSERTS
    plain = [ox.Quad(fact.subject, fact.predicate, fact.object, graph)] if modality == ASSERTS else []
    if fact.span is None:
        return plain
    said_by = fact.said_by or source.iri
    role = fact.role or AUTHOR
    statement = N(source.base + "statement/" + digest(source.iri, fact.subject, fact.predicate, fact.object,
                                                      said_by, role, modality))
    credit = PROV.wasAttributedTo if role in AGENT_ROLES else PROV.hadPrimarySource
    triples = [
        (RDF.type, N(RDF.Statement)),
        (RDF.subject, fact.subject),
        (RDF.predicate, fact.predicate),
        (RDF.object, fact.object),
        (CX.saidBy, said_by),
        (credit, said_by),
        (CX.attributionRole, N(f"{source.base}role/{role}")),
        (CX.modality, N(f"{source.base}modality/{modality}")),
    ]
    quads = plain + [ox.Quad(statement, N(p), o, graph) for p, o in triples]
    agent = CURATOR if fact.curated else EXTRACTOR
    return quads + annotation_quads(statement, N(CX.evidencing), source, fact.span, graph, agent)


def annotation_quads(
    body: ox.NamedNode,
    motivation: ox.NamedNode,
    source: Source,
    span: Span,
    graph: ox.NamedNode,
    agent: str = EXTRACTOR,
) -> list[ox.Quad]:
    """An ``oa:Annotation`` pointing from ``body`` to a passage of ``source``; its target
    carries the label of the page the passage starts on when the source has pages.

    :raises ValueError: if the span falls outside the text or is empty.
    """
    if not 0 <= span.start < span.end <= len(source.text):
        raise ValueError(f"span {span} outside the text of {source.iri.value} ({len(source.text)} chars)")
    annotation = source.base + "annotation/" + digest(source.iri, span.start, span.end, body, motivation)
    target, quote, position = (N(f"{annotation}#{part}") for part in ("target", "quote", "position"))
    prefix = source.text[max(0, span.start - CONTEXT_WIDTH): span.start]
    suffix = source.text[span.end: span.end + CONTEXT_WIDTH]
    a = N(annotation)
    offset = N(XSD.nonNegativeInteger)
    triples = [
        (a, RDF.type, N(OA.Annotation)),
        (a, OA.motivatedBy, motivation),
        (a, OA.hasBody, body),
        (a, OA.hasTarget, target),
        (a, DCTERMS.creator, N(source.base + agent)),
        (target, RDF.type, N(OA.SpecificResource)),
        (target, OA.hasSource, source.iri),
        (target, OA.hasSelector, quote),
        (target, OA.hasSelector, position),
        (quote, RDF.type, N(OA.TextQuoteSelector)),
        (quote, OA.exact, ox.Literal(source.text[span.start: span.end])),
        (quote, OA.prefix, ox.Literal(prefix)),
        (quote, OA.suffix, ox.Literal(suffix)),
        (position, RDF.type, N(OA.TextPositionSelector)),
        (position, OA.start, ox.Literal(str(span.start), datatype=offset)),
        (position, OA.end, ox.Literal(str(span.end), datatype=offset)),
    ]
    page = page_at(list(source.pages), span.start) if source.pages else None
    if page:
        triples.append((target, PRISM.startingPage, ox.Literal(page)))
    return [ox.Quad(s, N(p), o, graph) for s, p, o in triples]
