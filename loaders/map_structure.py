"""A table of contents -> DoCO parts, chapters and sections, and what each treats.

Section numbers restart in every chapter, so a section's IRI sits under its
chapter's: ``…/chapter/3/section/3.1``. Headings come in document order; the
enclosing part, chapter and section are tracked as they go by.
"""

from __future__ import annotations

import pyoxigraph as ox

from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import Fact
from cxkg.loaders.records import Heading, Mention, Span
from cxkg.loaders.terms import TYPE, fr, iri, plain, slug
from cxkg.namespaces import CX, DCTERMS, DOCO, FABIO, PRISM, RDFS

KINDS = {
    "part": (DOCO.Part, "Partie"),
    "chapter": (DOCO.Chapter, "Chapitre"),
    "section": (DOCO.Section, "Section"),
    "matter": (DOCO.Section, ""),
}


def heading_iris(headings: list[Heading], ctx: MapContext) -> list[tuple[Heading, ox.NamedNode, ox.NamedNode]]:
    """Each heading with its IRI and the IRI of what encloses it."""
    current: dict[str, ox.NamedNode] = {}
    placed = []
    for heading in headings:
        if heading.kind == "part":
            node, parent = ctx.local("part", heading.number), ctx.document
            current = {"part": node}
        elif heading.kind == "chapter":
            node = ctx.local("chapter", heading.number)
            parent = current.get("part", ctx.document)
            current = {"part": parent, "chapter": node} if "part" in current else {"chapter": node}
        elif heading.kind == "section":
            chapter = current.get("chapter", ctx.document)
            node = ox.NamedNode(f"{chapter.value}/section/{heading.number}")
            parent = current.get("section", chapter) if "." in (heading.number or "") else chapter
            if "." not in (heading.number or ""):
                current["section"] = node
        else:
            parent = current.get("chapter", current.get("part", ctx.document))
            node = ox.NamedNode(f"{parent.value}/matter/{slug(heading.title.value)}")
        placed.append((heading, node, parent))
    return placed


def heading_facts(heading: Heading, node: ox.NamedNode, parent: ox.NamedNode) -> list[Fact]:
    """Type, title, number, page and place of one heading."""
    cls, word = KINDS[heading.kind]
    title = heading.title
    label = f"{word} {heading.number} : {title.value}" if heading.number else title.value
    facts = [
        Fact(node, TYPE, iri(cls)),
        Fact(node, iri(DCTERMS.title), fr(title.value), title.span),
        Fact(node, iri(RDFS.label), fr(label.strip())),
        Fact(node, iri(DCTERMS.isPartOf), parent),
        Fact(parent, iri(DCTERMS.hasPart), node),
    ]
    if heading.number:
        facts.append(Fact(node, iri(FABIO.hasSequenceIdentifier), plain(heading.number), heading.span))
    if heading.page:
        facts.append(Fact(node, iri(PRISM.startingPage), plain(heading.page), heading.span))
    return facts


def structure_facts(headings: list[Heading], ctx: MapContext) -> tuple[list[Fact], list[tuple[ox.NamedNode, Span]]]:
    """Facts for every heading, and each heading's IRI with the span of its title."""
    facts, spans = [], []
    for heading, node, parent in heading_iris(headings, ctx):
        facts += heading_facts(heading, node, parent)
        spans.append((node, heading.title.span))
    return facts, spans


def treats_facts(spans: list[tuple[ox.NamedNode, Span]], mentions: list[Mention]) -> list[Fact]:
    """A heading treats the concepts its title mentions."""
    facts = []
    for node, span in spans:
        for mention in mentions:
            if span.start <= mention.span.start and mention.span.end <= span.end:
                facts.append(Fact(node, iri(CX.treats), ox.NamedNode(mention.concept), mention.span))
    return facts
