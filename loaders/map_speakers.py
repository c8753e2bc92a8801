"""Speakers of verbatims and the sectors of a field study -> facts.

Every verbatim gets ``cx:spokenBy`` its speaker (see :mod:`cxkg.loaders.speakers`
for who that is): the respondent of the row of the table of interviews it
designates, or a speaker minted from the attribution
(``document/<id>/speaker/<slug>``, so the same attribution gives the same
speaker), typed ``foaf:Person`` and ``prov:Agent`` with what the attribution
says: job title, organisation (``org:memberOf``), sector, description. A sector
is a ``cx:Sector`` named by its value (``sector/<slug>``), whoever it is the
sector of.
"""

from __future__ import annotations

from typing import Sequence

import pyoxigraph as ox

from cxkg.loaders.agents import is_organisation, organisation_facts
from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import Fact
from cxkg.loaders.records import InterviewRow, Span, Text
from cxkg.loaders.speakers import Attribution, read_attribution, sector_name, speaking_row
from cxkg.loaders.terms import TYPE, en, fr, iri, slug
from cxkg.namespaces import CX, DCTERMS, FOAF, ORG, PROV, RDFS, SCHEMA


def sector_facts(value: str, ctx: MapContext, known: Sequence[str], span: Span | None = None
                 ) -> tuple[ox.NamedNode, list[Fact]]:
    """The sector a cell or attribution names, with its French label."""
    name = sector_name(value, known)
    node = ctx.mint("sector", slug(name))
    return node, [Fact(node, TYPE, iri(CX.Sector)), Fact(node, iri(RDFS.label), fr(name))]


def speaker_facts(verbatim: ox.NamedNode, attribution: Text, ctx: MapContext,
                  rows: Sequence[InterviewRow] = (), sectors: Sequence[str] = (),
                  company_types: Sequence[str] = ()) -> list[Fact]:
    """``verbatim cx:spokenBy`` its speaker, and what the attribution says of the speaker."""
    said = read_attribution(attribution.value, sectors, company_types, lambda name: is_organisation(name, ctx))
    span = attribution.span
    if said.function is None and said.row is None and said.organisation:
        organisation, facts = organisation_facts(said.organisation, ctx)
        return facts + [Fact(verbatim, iri(CX.spokenBy), organisation, span)]
    row = speaking_row(said, rows, sectors)
    if row is not None:
        speaker, facts = ctx.local("respondent", row.number), []
    else:
        speaker = ctx.local("speaker", slug(said.text))
        facts = minted_speaker(speaker, said)
    facts.append(Fact(verbatim, iri(CX.spokenBy), speaker, span))
    if said.function and row is None:
        facts.append(Fact(speaker, iri(SCHEMA.jobTitle), fr(said.function), span))
    if said.organisation:
        organisation, found = organisation_facts(said.organisation, ctx)
        facts += found + [Fact(speaker, iri(ORG.memberOf), organisation, span)]
    if said.sector:
        sector, found = sector_facts(said.sector, ctx, sectors)
        facts += found + [Fact(speaker, iri(CX.sector), sector, span)]
    description = ", ".join(p for p in (said.company_type if row is None else None, said.description) if p)
    if description:
        facts.append(Fact(speaker, iri(DCTERMS.description), fr(description), span))
    return facts


def minted_speaker(speaker: ox.NamedNode, said: Attribution) -> list[Fact]:
    """A speaker the table of interviews does not identify: a person, labelled by the attribution."""
    return [
        Fact(speaker, TYPE, iri(FOAF.Person)),
        Fact(speaker, TYPE, iri(PROV.Agent)),
        Fact(speaker, iri(RDFS.label), fr(f"Locuteur : {said.text}")),
        Fact(speaker, iri(RDFS.label), en(f"Speaker: {said.text}")),
    ]
