"""Names in an author's or speaker's place: persons, organisations, no one; one IRI per person."""

from __future__ import annotations

import pytest

from cxkg.loaders.agents import agent, person_iri
from cxkg.loaders.concepts import ConceptIndex
from cxkg.loaders.context import MapContext
from cxkg.loaders.citations import citation_key
from cxkg.loaders.map_literature import citation_facts, group_citations
from cxkg.loaders.names import NameLists, is_not_author, is_organisation_name, name_lists, people
from cxkg.loaders.normalize import clean
from cxkg.loaders.records import Author, Citation, Span
from cxkg.loaders.references import reference_list, source_lines
from cxkg.namespaces import DCTERMS, FOAF, ORG, RDF

BASE = "https://w3id.org/cxkg/id/"


@pytest.fixture
def ctx() -> MapContext:
    return MapContext(BASE, "d", ConceptIndex([]), {"fevad": BASE + "organisation/fevad"})


def types(facts, node) -> set[str]:
    return {f.object.value for f in facts if f.subject == node and f.predicate.value == str(RDF.type)}


def test_the_project_lists_are_read():
    lists = name_lists()
    assert lists.not_authors and lists.corporate_words and lists.person_titles
    assert is_not_author("Infographie") and is_not_author("Source") and is_not_author("photo")
    assert not is_not_author("Tallec")


def test_organisation_names_by_shape():
    assert all(is_organisation_name(n) for n in ("FEVAD", "Mediatech Solution", "Satmetrix France", "acme.com"))
    assert not any(is_organisation_name(n) for n in ("Morgan", "Arnaud Vincent", "Body", "M. Lefebvre"))
    own = NameLists(corporate_words=frozenset({"holding"}))
    assert is_organisation_name("Durand Holding", own) and not is_organisation_name("Mediatech Solution", own)


def test_pairs_are_split_and_given_names_set_apart():
    assert [(a.family, a.given) for a in people("Body et Tallec")] == [("Body", None), ("Tallec", None)]
    assert [(a.family, a.given) for a in people("Dupont & Durand")] == [("Dupont", None), ("Durand", None)]
    assert [(a.family, a.given) for a in people("Mme Claire Durand")] == [("Durand", "Claire")]
    assert people("Infographie") == ()


def test_one_minting_rule_for_persons(ctx):
    """However the source writes a person's name, the person has one IRI."""
    forms = [Author("Lefebvre", "M."), Author("M. Lefebvre"), Author("Lefebvre")]
    iris = {agent(a, ctx)[0].value for a in forms}
    assert iris == {BASE + "person/lefebvre"} == {person_iri(people("M. Lefebvre")[0], ctx).value}


def test_organisations_are_organisations_and_words_are_no_one(ctx):
    fevad, facts = agent(Author("FEVAD"), ctx)
    assert fevad.value == BASE + "organisation/fevad" and facts == []  # the project's resource
    mediatech, facts = agent(Author("Mediatech Solution"), ctx)
    assert types(facts, mediatech) >= {str(ORG.Organization)} and str(FOAF.Person) not in types(facts, mediatech)
    assert agent(Author("Infographie"), ctx) is None


def test_a_list_of_sources_credits_a_work_not_a_word(ctx):
    text = ("Mediatech Solution (2018) – Infographie – Le management de l’expérience client\n\n"
            "Sources\n\n  • Infographie (2018) – Le management de l’expérience client, mediatech-solutions.com\n"
            "  • FEVAD (2019) – Les chiffres clés\n")
    n = clean(text, lambda w: False)
    citations = source_lines(n) + reference_list(n)
    assert citations and all("Infographie" not in [a.family for a in c.authors] for c in citations)
    groups = group_citations(citations)
    assert list(groups) == ["mediatech-solution-2018", "fevad-2019"]
    facts = citation_facts(citations, ctx)
    creators = {f.object.value for f in facts if f.predicate.value == str(DCTERMS.creator)}
    assert creators == {BASE + "organisation/mediatech-solution", BASE + "organisation/fevad"}
    publishers = {f.object.value for f in facts if f.predicate.value == str(DCTERMS.publisher)}
    assert publishers == {"mediatech-solutions.com"}
    persons = {f.subject.value for f in facts if f.object.value == str(FOAF.Person)}
    assert persons == set()


def test_an_authorless_citation_keeps_its_own_work_without_a_match():
    lone = Citation((), 2018, Span(0, 1), "reference", title="Un titre")
    assert list(group_citations([lone])) == ["un-titre-2018"]


def test_straight_and_curly_apostrophes_name_one_person(ctx):
    found = [agent(Author(name, "Alain"), ctx) for name in ("d’Astous", "d'Astous")]
    assert {node.value for node, _ in found} == {BASE + "person/d-astous"}
    names = {f.object.value for _, facts in found for f in facts if f.predicate.value == str(FOAF.familyName)}
    assert names == {"d'Astous"}



def test_a_person_keeps_the_particle_a_work_keeps(ctx):
    """Arne De Keyser is ``person/de-keyser``, as the work is ``de-keyser-2020``, however the source writes him."""
    forms = [Author("De Keyser", "Arne"), Author("Arne De Keyser"), Author("De Keyser"), people("A. De Keyser")[0]]
    assert {agent(a, ctx)[0].value for a in forms} == {BASE + "person/de-keyser"}
    assert citation_key(Citation((Author("De Keyser"),), 2020, Span(0, 1))) == "de-keyser-2020"
    assert agent(Author("Jenny van Doorn"), ctx)[0].value == BASE + "person/van-doorn"
    assert agent(Author("Arnaud Vincent"), ctx)[0].value == BASE + "person/vincent"



def test_the_persons_of_a_journal_of_marketing_list(ctx):
    text = 'References\n\nDe Smet, Luc, Anna K. Berg, and Jan van Hove (2019), "Touchpoints," Retail Review, 8, 1–20.\n'
    facts = citation_facts(reference_list(clean(text, lambda w: False)), ctx)
    persons = {f.subject.value for f in facts if f.object.value == str(FOAF.Person)}
    assert persons == {BASE + "person/de-smet", BASE + "person/berg", BASE + "person/van-hove"}
    given = {f.subject.value: f.object.value for f in facts if f.predicate.value == str(FOAF.givenName)}
    assert given == {BASE + "person/de-smet": "Luc", BASE + "person/berg": "Anna K.", BASE + "person/van-hove": "Jan"}
