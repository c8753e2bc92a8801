"""Running text -> facts: definitions, attributed quotations, figures."""

from __future__ import annotations

import pyoxigraph as ox

from cxkg.loaders.agents import agent, organisation_facts
from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import Fact
from cxkg.loaders.map_literature import work_iri
from cxkg.loaders.map_speakers import minted_speaker
from cxkg.loaders.names import people
from cxkg.loaders.records import Author, DefinitionSentence, Figure, Quotation, Span
from cxkg.loaders.speakers import Attribution
from cxkg.loaders.terms import TYPE, decimal, fr, iri, lang, plain, slug, year
from cxkg.namespaces import CX, DCTERMS, FABIO, ORG, RDFS, SCHEMA, SKOS

SCHEMA_QUOTATION = SCHEMA.Quotation


#: The language in which a document's definition of a concept is the concept's own: the project takes a
#: concept's French definition from the documents and writes the English one itself (README, "Whose words").
SOURCE_DEFINITION_LANGUAGE = "fr"


def definition_facts(sentence: DefinitionSentence, number: int, ctx: MapContext, language: str = "fr") -> list[Fact]:
    """A document's definition, in the document's language, never in place of the project's own.

    A French definition of a concept of the scheme is a ``skos:definition`` of the concept (a source's,
    beside the project's ``cx:editorialDefinition``). Any other (a term the scheme lacks, or a definition
    in English, the project's language for definitions) is a ``cx:CandidateDefinition`` for the project
    to curate, with ``dcterms:subject`` the concept where the term names one. Either way the evidence is
    the sentence, and attribution credits whoever the sentence cites.
    """
    definition = lang(sentence.definition.value, language)
    concept = ctx.concept(sentence.term.value)
    if concept is not None and language == SOURCE_DEFINITION_LANGUAGE:
        return [Fact(concept, iri(str(SKOS.definition)), definition, sentence.span)]
    node = ctx.local("definition", number)
    facts = [
        Fact(node, TYPE, iri(CX.CandidateDefinition)),
        Fact(node, iri(RDFS.label), lang(sentence.term.value, language), sentence.term.span),
        Fact(node, iri(SKOS.definition), definition, sentence.span),
        Fact(node, iri(DCTERMS.isPartOf), ctx.document),
    ]
    return facts + ([Fact(node, iri(DCTERMS.subject), concept, sentence.term.span)] if concept is not None else [])


def quotation_facts(quotation: Quotation, number: int, ctx: MapContext) -> list[Fact]:
    """A quotation (schema:Quotation) spoken by its speakers (``cx:spokenBy``; both persons
    of a pair), with their role and organisation, or by the organisation alone."""
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
    organisation = None
    if quotation.organisation:
        organisation, found = organisation_facts(quotation.organisation, ctx)
        facts += found
    speakers = [s for s in (agent(a, ctx) for a in people(quotation.speaker or "")) if s is not None]
    for speaker, found in speakers:
        facts += found + [Fact(node, iri(CX.spokenBy), speaker, span)]
        if quotation.role and len(speakers) == 1:
            facts.append(Fact(speaker, iri(SCHEMA.jobTitle), plain(quotation.role), span))
        if organisation is not None and len(speakers) == 1:
            facts.append(Fact(speaker, iri(ORG.memberOf), organisation, span))
    if not speakers and organisation is not None:
        facts.append(Fact(node, iri(CX.spokenBy), organisation, span))
    elif not speakers and quotation.role and quotation.attribution is not None:
        facts += described_speaker_facts(node, quotation.role, quotation.attribution.value, span, ctx)
    return facts


def described_speaker_facts(quotation: ox.NamedNode, role: str, attribution: str, span: Span,
                            ctx: MapContext) -> list[Fact]:
    """A speaker the text describes by a role only ("Un directeur marketing nous a confié"): a person of
    the document, minted from the words that describe them, so the same words give the same speaker."""
    speaker = ctx.local("speaker", slug(attribution))
    return minted_speaker(speaker, Attribution(attribution)) + [
        Fact(speaker, iri(SCHEMA.jobTitle), plain(role), span), Fact(quotation, iri(CX.spokenBy), speaker, span)]


def figure_facts(figure: Figure, number: int, ctx: MapContext) -> list[Fact]:
    """A figure: value, unit, qualifier, year, the sentence that gives it, and its source
    (``dcterms:source`` the work credited, or the organisation or person named)."""
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
    if figure.qualifier:
        where = figure.qualified.span if figure.qualified else span
        facts.append(Fact(node, iri(CX.qualifier), ctx.mint("qualifier", slug(figure.qualifier)), where))
    if figure.year is not None:
        facts.append(Fact(node, iri(CX.year), year(figure.year), figure.year_span or span))
    facts += figure_source_facts(node, figure, ctx)
    return facts


def figure_source_facts(node, figure: Figure, ctx: MapContext) -> list[Fact]:
    """``dcterms:source``: the work a citation credits, else who the text names."""
    where = figure.source_span or figure.sentence.span
    if figure.credit is not None and figure.credit.authors:
        work = work_iri(figure.credit, ctx)
        return [Fact(work, TYPE, iri(FABIO.Expression)), Fact(node, iri(DCTERMS.source), work, where)]
    found = agent(Author(figure.source), ctx) if figure.source else None
    if found is None:
        return []
    source, facts = found
    return facts + [Fact(node, iri(DCTERMS.source), source, where)]
