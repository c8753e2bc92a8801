"""Running text -> facts: definitions, attributed quotations, figures."""

from __future__ import annotations

from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import Fact
from cxkg.loaders.records import DefinitionSentence, Figure, Quotation
from cxkg.loaders.terms import TYPE, decimal, fr, iri, plain, slug, year
from cxkg.namespaces import CX, DCTERMS, FOAF, ORG, RDFS, SCHEMA, SKOS

SCHEMA_QUOTATION = SCHEMA.Quotation


def definition_facts(sentence: DefinitionSentence, ctx: MapContext) -> list[Fact]:
    """A French definition of the concept the defined term resolves to."""
    concept = ctx.concept(sentence.term.value)
    if concept is None:
        return []
    return [Fact(concept, iri(str(SKOS.definition)),
                 fr(sentence.definition.value), sentence.span)]


def quotation_facts(quotation: Quotation, number: int, ctx: MapContext) -> list[Fact]:
    """A quotation (schema:Quotation) with its speaker, role, organisation and year."""
    node = ctx.local("quotation", number)
    span = quotation.attribution.span if quotation.attribution else quotation.quote.span
    facts = [
        Fact(node, TYPE, iri(SCHEMA_QUOTATION)),
        Fact(node, iri(RDFS.label), fr(f"Citation {number}")),
        Fact(node, iri(SCHEMA.text), fr(quotation.quote.value), quotation.quote.span),
        Fact(node, iri(DCTERMS.isPartOf), ctx.document),
    ]
    if quotation.attribution is not None:
        facts.append(Fact(node, iri(DCTERMS.description), fr(quotation.attribution.value), span))
    if quotation.year is not None:
        facts.append(Fact(node, iri(DCTERMS.date), year(quotation.year), span))
    organisation = ctx.organisation(quotation.organisation) if quotation.organisation else None
    if organisation is not None and not ctx.knows_organisation(quotation.organisation):
        facts += [Fact(organisation, TYPE, iri(ORG.Organization)),
                  Fact(organisation, iri(RDFS.label), plain(quotation.organisation))]
    if quotation.speaker:
        person = ctx.mint("person", slug(quotation.speaker))
        facts += [
            Fact(node, iri(SCHEMA.creator), person, span),
            Fact(person, TYPE, iri(FOAF.Person)),
            Fact(person, iri(FOAF.name), plain(quotation.speaker)),
            Fact(person, iri(RDFS.label), plain(quotation.speaker)),
        ]
        if quotation.role:
            facts.append(Fact(person, iri(SCHEMA.jobTitle), plain(quotation.role), span))
        if organisation is not None:
            facts.append(Fact(person, iri(ORG.memberOf), organisation, span))
    elif organisation is not None:
        facts.append(Fact(node, iri(SCHEMA.creator), organisation, span))
    return facts


def figure_facts(figure: Figure, number: int, ctx: MapContext) -> list[Fact]:
    """A figure: value, unit, year, the sentence that gives it, and its source."""
    node = ctx.local("figure", number)
    span = figure.sentence.span
    facts = [
        Fact(node, TYPE, iri(CX.Figure)),
        Fact(node, iri(RDFS.label), fr(figure.quantity.value)),
        Fact(node, iri(CX.value), decimal(figure.value), figure.quantity.span),
        Fact(node, iri(CX.quantity), fr(figure.quantity.value), figure.quantity.span),
        Fact(node, iri(RDFS.comment), fr(figure.sentence.value), span),
        Fact(node, iri(DCTERMS.isPartOf), ctx.document),
    ]
    if figure.unit:
        facts.append(Fact(node, iri(CX.unit), plain(figure.unit), figure.quantity.span))
    if figure.year is not None:
        facts.append(Fact(node, iri(CX.year), year(figure.year), span))
    source = getattr(figure, "source", None)
    if source:
        organisation = ctx.organisation(source)
        facts.append(Fact(node, iri(DCTERMS.source), organisation, span))
        if not ctx.knows_organisation(source):
            facts += [Fact(organisation, TYPE, iri(ORG.Organization)),
                      Fact(organisation, iri(RDFS.label), plain(source))]
    return facts

