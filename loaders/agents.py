"""Persons and organisations as resources: one minting rule for each, used by every mapper.

A person's IRI comes from the family name alone, its particle kept as in a
work's key (``person/<family>``, ``person/de-keyser``), so "M. Lefebvre" in a
quotation's credit and "Lefebvre (2019)" in a list of sources are one person; an organisation's is the project's IRI when its data names it,
else ``organisation/<slug>``. Citations, quotations, verbatims and interviews
all mint through :func:`agent`, so a name the project knows as an organisation
is never a person, and a word such as "Infographie" is no one.

>>> from cxkg.loaders.concepts import ConceptIndex
>>> ctx = MapContext("https://w3id.org/cxkg/id/", "d", ConceptIndex([]), {"fevad": "https://w3id.org/cxkg/id/organisation/fevad"})
>>> [agent(Author(n), ctx)[0].value.rsplit("/", 2)[-2:] for n in ("FEVAD", "M. Lefebvre", "Mediatech Solution")]
[['organisation', 'fevad'], ['person', 'lefebvre'], ['organisation', 'mediatech-solution']]
>>> agent(Author("Infographie"), ctx) is None
True
"""

from __future__ import annotations

import pyoxigraph as ox

from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import Fact
from cxkg.loaders.names import NameLists, full_name, is_not_author, is_organisation_name, person
from cxkg.loaders.records import Author
from cxkg.loaders.terms import TYPE, iri, plain, slug
from cxkg.namespaces import FOAF, ORG, PROV, RDFS


def person_iri(author: Author, ctx: MapContext) -> ox.NamedNode:
    """The one IRI of a person: ``person/<family name>``."""
    return ctx.mint("person", slug(author.family))


def person_facts(author: Author, ctx: MapContext) -> tuple[ox.NamedNode, list[Fact]]:
    """A person with its name, family name and given names (as the source gives them).

    The facts that tie the person to what the source says (creator, speaker) carry the span."""
    node = person_iri(author, ctx)
    name = full_name(author)
    facts = [
        Fact(node, TYPE, iri(FOAF.Person)),
        Fact(node, TYPE, iri(PROV.Agent)),
        Fact(node, iri(FOAF.familyName), plain(author.family)),
        Fact(node, iri(FOAF.name), plain(name)),
        Fact(node, iri(RDFS.label), plain(name)),
    ]
    if author.given:
        facts.append(Fact(node, iri(FOAF.givenName), plain(author.given)))
    return node, facts


def organisation_facts(name: str, ctx: MapContext) -> tuple[ox.NamedNode, list[Fact]]:
    """An organisation: the project's resource when it knows the name, else a new one."""
    node = ctx.organisation(name)
    if ctx.knows_organisation(name):
        return node, []
    return node, [
        Fact(node, TYPE, iri(ORG.Organization)),
        Fact(node, TYPE, iri(PROV.Agent)),
        Fact(node, iri(FOAF.name), plain(name)),
        Fact(node, iri(RDFS.label), plain(name)),
    ]


def is_organisation(name: str, ctx: MapContext, lists: NameLists | None = None) -> bool:
    """A name the project knows as an organisation, or written as a corporate name."""
    return ctx.knows_organisation(name) or is_organisation_name(name, lists)


def agent(author: Author, ctx: MapContext, lists: NameLists | None = None) -> tuple[ox.NamedNode, list[Fact]] | None:
    """Who a name in an author's or speaker's place designates; None when it names no one."""
    if is_not_author(author.family, lists):
        return None
    if author.given is None and is_organisation(author.family, ctx, lists):
        return organisation_facts(author.family, ctx)
    return person_facts(person(author, lists), ctx)
