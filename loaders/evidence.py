"""Facts and the W3C Web Annotations that say where each one comes from.

A :class:`Fact` is a triple a document states, with the span of text that
states it. :func:`fact_quads` turns it into the triple itself, its reified
``rdf:Statement`` and an ``oa:Annotation`` whose target selects the passage by
quote (``oa:exact``/``oa:prefix``/``oa:suffix``) and by position
(``oa:start``/``oa:end``, code points into the text as stored).

IRIs of statements and annotations are hashes of what they say, so a rebuild
of the same corpus gives the same IRIs.

>>> from pyoxigraph import NamedNode as N, Literal
>>> text = "Le NPS mesure la recommandation."
>>> f = Fact(N("https://w3id.org/cxkg/id/concept/nps"), N("http://www.w3.org/2004/02/skos/core#altLabel"),
...          Literal("NPS", language="fr"), Span(3, 6))
>>> quads = fact_quads(f, Source(N("https://w3id.org/cxkg/id/document/d"), text), N("https://w3id.org/cxkg/id/graph/document/d"))
>>> sorted({q.predicate.value.split("#")[-1] for q in quads})[:4]
['altLabel', 'end', 'exact', 'hasBody']
>>> [q.object.value for q in quads if q.predicate.value.endswith("#exact")]
['NPS']
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from cxkg.loaders.records import Span
from cxkg.namespaces import CX, DCTERMS, DEFAULT_BASE, OA, RDF, XSD

CONTEXT_WIDTH = 32
EXTRACTOR = "agent/cxkg-loaders"  # the software that found a fact by pattern
CURATOR = "agent/cxkg"  # the project, for facts it read and anchored by hand


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


@dataclass(frozen=True)
class Source:
    """The document a fact comes from: its IRI and its text as stored."""

    iri: ox.NamedNode
    text: str
    base: str = DEFAULT_BASE


def digest(*parts: object) -> str:
    """A short stable hash of what a resource says, for its IRI."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def fact_quads(fact: Fact, source: Source, graph: ox.NamedNode) -> list[ox.Quad]:
    """The triple, and when it has a span, its statement and annotation."""
    quads = [ox.Quad(fact.subject, fact.predicate, fact.object, graph)]
    if fact.span is None:
        return quads
    statement = N(source.base + "statement/" + digest(fact.subject, fact.predicate, fact.object))
    quads += [
        ox.Quad(statement, N(RDF.type), N(RDF.Statement), graph),
        ox.Quad(statement, N(RDF.subject), fact.subject, graph),
        ox.Quad(statement, N(RDF.predicate), fact.predicate, graph),
        ox.Quad(statement, N(RDF.object), fact.object, graph),
    ]
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
    """An ``oa:Annotation`` pointing from ``body`` to a passage of ``source``.

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
    return [ox.Quad(s, N(p), o, graph) for s, p, o in triples]
