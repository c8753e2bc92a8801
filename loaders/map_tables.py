"""Rows of a research paper's tables -> facts about capabilities, respondents, verbatims.

Names in cells are resolved to the scheme's concepts; a name that resolves to
none gets a new concept with the French label the source gives, so nothing is
lost (and the missing English label shows up as a violation to fix in the
project's data). A respondent's sector is a ``cx:Sector``; a verbatim's speaker
is read by :mod:`cxkg.loaders.map_speakers`.
"""

from __future__ import annotations

from typing import Sequence

import pyoxigraph as ox

from cxkg.ontology.labels import fold
from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import Fact
from cxkg.loaders.map_literature import citation_facts, studies_facts, work_iri
from cxkg.loaders.map_speakers import sector_facts, speaker_facts
from cxkg.loaders.records import CapabilityRow, InterviewRow, Text, VerbatimRow
from cxkg.loaders.terms import TYPE, boolean, en, fr, integer, iri, slug
from cxkg.namespaces import CX, DCTERMS, OWL, RDFS, SKOS


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


def interview_facts(row: InterviewRow, ctx: MapContext, sectors: Sequence[str] = ()) -> list[Fact]:
    """One interviewee: function, company type, sector, confidentiality.

    :param sectors: the known sector values (a variant names the sector of the first).
    """
    person = ctx.local("respondent", row.number)
    sector, facts = sector_facts(row.sector.value, ctx, sectors) if row.sector.value else (None, [])
    facts += [
        Fact(person, TYPE, iri(CX.Respondent)),
        Fact(person, iri(RDFS.label), fr(f"Répondant {row.number} : {row.function.value}")),
        Fact(person, iri(RDFS.label), en(f"Respondent {row.number}")),
        Fact(person, iri(CX.rank), integer(row.number), row.span),
        Fact(person, iri(CX.interviewedFor), ctx.document),
        Fact(person, iri(CX.function), fr(row.function.value), row.function.span),
        Fact(person, iri(CX.companyType), fr(row.company_type.value), row.company_type.span),
        Fact(person, iri(CX.confidential), boolean(row.confidential), row.span),
    ]
    if sector is not None:
        facts.append(Fact(person, iri(CX.sector), sector, row.sector.span))
    return facts


def verbatim_facts(row: VerbatimRow, number: int, ctx: MapContext, interviews: Sequence[InterviewRow] = (),
                   sectors: Sequence[str] = (), company_types: Sequence[str] = ()) -> list[Fact]:
    """A verbatim, what it illustrates, and who said it.

    :param interviews: the rows of the document's table of interviews, where its speaker may be.
    """
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
        facts += speaker_facts(verbatim, row.attribution, ctx, interviews, sectors, company_types)
    return facts
