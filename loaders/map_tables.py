"""Rows of a research paper's tables -> facts about capabilities, respondents, verbatims.

Names in cells are resolved to the scheme's concepts; a name that resolves to
none gets a new concept with the French label the source gives, so nothing is
lost (and the missing English label shows up as a violation to fix in the
project's data).
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from cxkg.ontology.labels import fold
from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import Fact
from cxkg.loaders.map_literature import citation_facts, studies_facts, work_iri
from cxkg.loaders.records import CapabilityRow, InterviewRow, Text, VerbatimRow
from cxkg.loaders.terms import TYPE, boolean, en, fr, integer, iri, plain, slug
from cxkg.namespaces import CX, DCTERMS, ORG, OWL, RDFS, SKOS

ORGANISATION_NAME = re.compile(r"^[A-ZÀ-Ý][\wÀ-ÿ'’-]*(?: [A-ZÀ-Ý][\wÀ-ÿ'’-]*)*$")


def label_fact(concept: ox.NamedNode, name: Text, ctx: MapContext) -> Fact:
    """Evidence that the source names the concept so: the matching label if the
    scheme has it, else a new French altLabel."""
    for iri_, label, language, kind in ctx.index.labels:
        if iri_ == concept.value and fold(label) == fold(name.value):
            predicate = SKOS.prefLabel if kind == "pref" else SKOS.altLabel
            return Fact(concept, iri(predicate), ox.Literal(label, language=language or None), name.span)
    return Fact(concept, iri(SKOS.altLabel), fr(name.value), name.span)


def new_concept(name: Text, cls, ctx: MapContext) -> tuple[ox.NamedNode, list[Fact]]:
    """A concept for a name the scheme lacks, with the source's French label."""
    concept = ctx.mint("concept", slug(name.value))
    return concept, [
        Fact(concept, TYPE, iri(SKOS.Concept)),
        Fact(concept, TYPE, iri(OWL.NamedIndividual)),
        Fact(concept, TYPE, iri(cls)),
        Fact(concept, iri(SKOS.inScheme), ctx.mint("scheme")),
        Fact(concept, iri(SKOS.prefLabel), fr(name.value), name.span),
    ]


def find_or_add(name: Text, notation: str | None, cls, ctx: MapContext) -> tuple[ox.NamedNode, list[Fact]]:
    concept = (ctx.concept(notation) if notation else None) or ctx.concept(name.value)
    if concept is None:
        return new_concept(name, cls, ctx)
    return concept, [label_fact(concept, name, ctx)]


def capability_facts(row: CapabilityRow, ctx: MapContext) -> list[Fact]:
    """Name, notation, French definition and studying works of one capability."""
    concept, facts = find_or_add(row.name, row.notation, CX.Capability, ctx)
    facts.append(Fact(concept, iri(SKOS.definition), fr(row.definition.value), row.definition.span))
    if row.notation:
        facts.append(Fact(concept, iri(SKOS.notation), ox.Literal(row.notation), row.name.span))
    facts += citation_facts(list(row.studied_by), ctx)
    for citation in row.studied_by:
        facts += studies_facts(work_iri(citation, ctx), concept, citation)
    return facts


def interview_facts(row: InterviewRow, ctx: MapContext) -> list[Fact]:
    """One interviewee: function, company type, sector, confidentiality."""
    person = ctx.local("respondent", row.number)
    return [
        Fact(person, TYPE, iri(CX.Respondent)),
        Fact(person, iri(RDFS.label), fr(f"Répondant {row.number} : {row.function.value}")),
        Fact(person, iri(RDFS.label), en(f"Respondent {row.number}")),
        Fact(person, iri(CX.rank), integer(row.number), row.span),
        Fact(person, iri(CX.interviewedFor), ctx.document),
        Fact(person, iri(CX.function), fr(row.function.value), row.function.span),
        Fact(person, iri(CX.companyType), fr(row.company_type.value), row.company_type.span),
        Fact(person, iri(CX.sector), fr(row.sector.value), row.sector.span),
        Fact(person, iri(CX.confidential), boolean(row.confidential), row.span),
    ]


def verbatim_facts(row: VerbatimRow, number: int, ctx: MapContext) -> list[Fact]:
    """A verbatim, what it illustrates, and who said it."""
    verbatim = ctx.local("verbatim", number)
    about, facts = find_or_add(row.about, row.notation, CX.StrategicPriority, ctx)
    facts += [
        Fact(verbatim, TYPE, iri(CX.Verbatim)),
        Fact(verbatim, iri(RDFS.label), fr(f"Verbatim {number}")),
        Fact(verbatim, iri(RDFS.label), en(f"Verbatim {number}")),
        Fact(verbatim, iri(CX.text), fr(row.quote.value), row.quote.span),
        Fact(verbatim, iri(CX.illustrates), about, row.about.span),
        Fact(verbatim, iri(DCTERMS.isPartOf), ctx.document),
    ]
    if row.attribution is not None:
        facts += speaker_facts(verbatim, row.attribution, ctx)
    return facts


def speaker_facts(verbatim: ox.NamedNode, attribution: Text, ctx: MapContext) -> list[Fact]:
    """"[Function, Organisation]": the last part is an organisation when the
    project knows it or it is written as a proper name."""
    parts = [p.strip() for p in attribution.value.strip("[]. ").split(",") if p.strip()]
    if not parts:
        return []
    facts = [Fact(verbatim, iri(CX.speakerFunction), fr(parts[0]), attribution.span)]
    last = parts[-1]
    if len(parts) > 1 and (ctx.knows_organisation(last) or ORGANISATION_NAME.match(last)):
        organisation = ctx.organisation(last)
        facts.append(Fact(verbatim, iri(CX.speakerOrganisation), organisation, attribution.span))
        if not ctx.knows_organisation(last):
            facts += [
                Fact(organisation, TYPE, iri(ORG.Organization)),
                Fact(organisation, iri(RDFS.label), plain(last)),
            ]
    elif len(parts) > 1:
        facts.append(Fact(verbatim, iri(DCTERMS.description), fr(", ".join(parts[1:])), attribution.span))
    return facts
