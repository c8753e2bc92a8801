"""Cited works: one resource per work, however often and however it is cited.

A work's IRI comes from its citation key (first author's family name and
year), so "Homburg, Jozić et Kuehnl (2017)" and "Homburg et al., 2017" meet.
A citation that names no author (a list of sources may give only title and
year) is the work of a citation of the same document with the same title and
year, when there is one. The fullest author list seen wins; authors are kept
in order with a ``bibo:authorList`` whose nodes have stable IRIs (so two
documents citing the same work write the same list). An author is a person or
an organisation, minted by :mod:`cxkg.loaders.agents`.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from cxkg.loaders.agents import agent
from cxkg.loaders.citations import bibliographic_citation, citation_key
from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import Fact
from cxkg.loaders.records import Citation
from cxkg.ontology.labels import fold
from cxkg.loaders.terms import TYPE, iri, plain, year
from cxkg.namespaces import BIBO, CITO, CX, DCTERMS, FABIO, RDF, RDFS


def work_iri(citation: Citation, ctx: MapContext) -> ox.NamedNode:
    return ctx.mint("work", citation_key(citation))


def _title_year(citation: Citation) -> tuple[str, int | None] | None:
    return (fold(citation.title), citation.year) if citation.title else None


def group_citations(citations: list[Citation]) -> dict[str, list[Citation]]:
    """Citations by work, in order of first appearance; an authorless citation joins
    the work of a citation with authors, the same title and the same year."""
    authored = {_title_year(c): citation_key(c) for c in citations if c.authors and _title_year(c)}
    groups: dict[str, list[Citation]] = defaultdict(list)
    for citation in citations:
        key = citation_key(citation) if citation.authors else authored.get(_title_year(citation), citation_key(citation))
        groups[key].append(citation)
    return dict(groups)


def fullest(citations: list[Citation]) -> Citation:
    """The citation that names the most authors (then: has a title, is a reference entry)."""
    return max(citations, key=lambda c: (len(c.authors) - c.et_al, c.title is not None, c.kind == "reference"))


def citation_facts(citations: list[Citation], ctx: MapContext) -> list[Fact]:
    """The document cites each work (one fact per citation, each with its span),
    and the works' bibliographic descriptions."""
    facts = []
    for key, group in group_citations(citations).items():
        work = ctx.mint("work", key)
        best = fullest(group)
        facts += work_facts(best, work, ctx)
        if best.publisher is None:
            facts += [Fact(work, iri(DCTERMS.publisher), plain(c.publisher), c.span) for c in group if c.publisher][:1]
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
    """``dcterms:creator`` for each author (person or organisation) and a
    ``bibo:authorList`` in source order."""
    agents = [found for found in (agent(author, ctx) for author in citation.authors) if found is not None]
    if not agents:
        return []
    facts: list[Fact] = []
    nodes = [ox.NamedNode(f"{work.value}/authors/{n}") for n in range(1, len(agents) + 1)]
    facts.append(Fact(work, iri(BIBO.authorList), nodes[0]))
    for n, ((author, author_facts), node) in enumerate(zip(agents, nodes)):
        facts += author_facts
        facts.append(Fact(work, iri(DCTERMS.creator), author))
        facts.append(Fact(node, iri(RDF.first), author))
        rest = nodes[n + 1] if n + 1 < len(nodes) else iri(RDF.nil)
        facts.append(Fact(node, iri(RDF.rest), rest))
    return facts


def studies_facts(work: ox.NamedNode, concept: ox.NamedNode, citation: Citation) -> list[Fact]:
    """A work studies a concept (a table row lists it under the concept)."""
    return [Fact(work, iri(CX.studies), concept, citation.span)]
