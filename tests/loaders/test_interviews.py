"""Interviews a document announces: the interviewee, their role, and who wrote the document."""

from __future__ import annotations

from cxkg.loaders.concepts import ConceptIndex
from cxkg.loaders.context import MapContext
from cxkg.loaders.interviews import find_interviewees
from cxkg.loaders.map_documents import catalogue_facts, front_matter_facts, interviewee_facts, is_interview
from cxkg.loaders.normalize import clean
from cxkg.loaders.records import FrontMatter, Span
from cxkg.namespaces import CX, DCTERMS, FOAF, ORG, SCHEMA

BASE = "https://w3id.org/cxkg/id/"


def ctx() -> MapContext:
    return MapContext(BASE, "d", ConceptIndex([]), {"acme": BASE + "organisation/acme"})


def triples(facts) -> set[tuple[str, str, str]]:
    return {(f.subject.value, f.predicate.value, f.object.value) for f in facts}


def test_announcements_of_an_interview():
    text = ("Nous avons interviewé Arnaud Vincent, notre\n  responsable des opérations Suisse. Il répond.\n\n"
            "Un entretien avec Marie Durand, directrice marketing chez Acme.\n\n"
            "Read our interview with Jane Doe, head of CX.\n\n"
            "Nous avons interviewé des clients, puis des vendeurs.\n")
    found = find_interviewees(clean(text, lambda w: False))
    assert [(i.name.value, i.role and i.role.value, i.organisation and i.organisation.value) for i in found] == [
        ("Arnaud Vincent", "responsable des opérations Suisse", None),
        ("Marie Durand", "directrice marketing", "Acme"),
        ("Jane Doe", "head of CX", None),
    ]
    for i in found:
        quoted = " ".join(text[i.span.start:i.span.end].split())
        assert i.name.value in quoted and i.role.value in quoted
        assert text[i.name.span.start:i.name.span.end] == i.name.value


def test_the_interviewee_is_no_author():
    text = "Nous avons interviewé Marie Durand, directrice marketing chez Acme."
    (found,) = find_interviewees(clean(text, lambda w: False))
    said = triples(interviewee_facts(found, ctx()))
    person = BASE + "person/durand"
    assert (BASE + "document/d", str(CX.interviewee), person) in said
    assert {(person, str(SCHEMA.jobTitle), "directrice marketing"), (person, str(FOAF.name), "Marie Durand"),
            (person, str(ORG.memberOf), BASE + "organisation/acme")} <= said
    assert not any(p == str(DCTERMS.creator) for _, p, _ in said)


def test_a_handle_is_an_agent_and_a_name_a_person():
    for author, creator in (("arv", BASE + "author/arv"), ("Claire Durand", BASE + "person/durand")):
        said = triples(front_matter_facts(FrontMatter({"author": author}, Span(0, 10)), ctx(), "fr"))
        assert (BASE + "document/d", str(DCTERMS.creator), creator) in said
    said = triples(front_matter_facts(FrontMatter({"author": "arv"}, Span(0, 10)), ctx(), "fr"))
    assert (BASE + "author/arv", str(FOAF.nick), "arv") in said and (BASE + "author/arv", str(FOAF.Person)) not in {
        (s, o) for s, _, o in said}


def test_the_authors_of_an_interview_entry_are_its_interviewees():
    entry = {"id": "d", "type": "post-weblog", "note": "Interview; also in the front matter",
             "author": [{"family": "Vincent", "given": "Arnaud"}]}
    assert is_interview(entry)
    said = triples(catalogue_facts(entry, ctx()))
    assert (BASE + "document/d", str(CX.interviewee), BASE + "person/vincent") in said
    assert not any(p == str(DCTERMS.creator) for _, p, _ in said)
    said = triples(catalogue_facts({**entry, "note": "A post"}, ctx()))
    assert (BASE + "document/d", str(DCTERMS.creator), BASE + "person/vincent") in said
