"""Cited works: one resource per work, however often and however it is cited.

A work's IRI comes from its citation key (first author's family name and
year), so "Homburg, Jozić et Kuehnl (2017)" and "Homburg et al., 2017" meet.
The fullest author list seen wins; authors are kept in order with a
``bibo:authorList`` whose nodes have stable IRIs (so two documents citing the
same work write the same list).
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from cxkg.loaders.citations import bibliographic_citation, citation_key
from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import Fact
from cxkg.loaders.map_documents import person_facts
from cxkg.loaders.records import Citation
from cxkg.loaders.terms import TYPE, iri, plain, year
from cxkg.namespaces import BIBO, CITO, CX, DCTERMS, FABIO, RDF, RDFS


def work_iri(citation: Citation, ctx: MapContext) -> ox.NamedNode:
    return ctx.mint("work", citation_key(citation))


def group_citations(citations: list[Citation]) -> dict[str, list[Citation]]:
    """Citations by work, in order of first appearance."""
    groups: dict[str, list[Citation]] = defaultdict(list)
    for citation in citations:
        groups[citation_key(citation)].append(citation)
    return dict(groups)


def fullest(citations: list[Citation]) -> Citation:
    """The citation that names the most authors (then: has a title, is a reference entry)."""
    return max(citations, key=lambda c: (len(c.authors) - c.et_al, c.title is not None, c.kind == "reference"))


def citation_facts(citations: list[Citation], ctx: MapContext) -> list[Fact]:
    """The document cites each work (one fact per citation, each with its span),
    and the works' bibliographic descriptions."""
    facts = []
    for group in group_citations(citations).values():
        work = work_iri(group[0], ctx)
        facts += work_facts(fullest(group), work, ctx)
        facts += [Fact(ctx.document, iri(CITO.cites), work, c.span) for c in group]
    return facts


def work_facts(citation: Citation, work: ox.NamedNode, ctx: MapContext) -> list[Fact]:
    """Type, short citation, year, title, publisher and ordered authors of a work."""
    label = bibliographic_citation(citation)
    facts = [
        Fact(work, TYPE, iri(FABIO.Expression)),
        Fact(work, iri(DCTERMS.bibliographicCitation), plain(label), citation.span),
        Fact(work, iri(RDFS.label), plain(label)),
    ]
    if citation.year is not None:
        facts.append(Fact(work, iri(DCTERMS.issued), year(citation.year), citation.span))
    if citation.title:
        facts.append(Fact(work, iri(DCTERMS.title), plain(citation.title), citation.span))
    if citation.publisher:
        facts.append(Fact(work, iri(DCTERMS.publisher), plain(citation.publisher), citation.span))
    if citation.authors:
        facts += author_list(citation, work, ctx)
    return facts


def author_list(citation: Citation, work: ox.NamedNode, ctx: MapContext) -> list[Fact]:
    """``dcterms:creator`` for each author and a ``bibo:authorList`` in source order."""
    facts: list[Fact] = []
    nodes = [ox.NamedNode(f"{work.value}/authors/{n}") for n in range(1, len(citation.authors) + 1)]
    facts.append(Fact(work, iri(BIBO.authorList), nodes[0]))
    for n, (author, node) in enumerate(zip(citation.authors, nodes)):
        person_fact_list = person_facts(author.family, author.given, ctx, work)
        facts += person_fact_list
        facts.append(Fact(node, iri(RDF.first), person_fact_list[0].object))
        rest = nodes[n + 1] if n + 1 < len(nodes) else iri(RDF.nil)
        facts.append(Fact(node, iri(RDF.rest), rest))
    return facts


def studies_facts(work: ox.NamedNode, concept: ox.NamedNode, citation: Citation) -> list[Fact]:
    """A work studies a concept (a table row lists it under the concept)."""
    return [Fact(work, iri(CX.studies), concept, citation.span)]
