"""Who said a verbatim: attributions read part by part, and the interview row they designate."""

from __future__ import annotations

from cxkg.loaders.concepts import ConceptIndex
from cxkg.loaders.context import MapContext
from cxkg.loaders.map_speakers import speaker_facts
from cxkg.loaders.records import InterviewRow, Span, Text
from cxkg.loaders.speakers import read_attribution, sector_name, speaking_row
from cxkg.namespaces import CX, DCTERMS, FOAF, ORG, RDF, SCHEMA

BASE = "https://w3id.org/cxkg/id/"
SECTORS = ["Tous secteurs", "GSA", "Equipements B2B", "Equipement B2B", "B2B"]
TYPES = ["Conseil en expérience client", "Conseil en relation client", "commerce intégré"]


def t(value: str) -> Text:
    return Text(value, Span(0, max(1, len(value))))


def row(number: int, function: str, company_type: str, sector: str) -> InterviewRow:
    return InterviewRow("Annexe 1", number, t(function), t(company_type), t(sector), False, Span(0, 1))


ROWS = [
    row(1, "Directeur associé", "Conseil en relation client", "Tous secteurs"),
    row(2, "Directeur associé", "Conseil en expérience client", "Tous secteurs"),
    row(3, "Directeur marketing", "commerce intégré", "GSA"),
    row(4, "Directeur marketing", "commerce intégré", "Equipement B2B"),
    row(5, "Consultant junior", "Conseil en expérience client", "Tous secteurs"),
    row(6, "Directeur adjoint service design", "commerce intégré", "GSA"),
]


def read(text: str):
    return read_attribution(text, SECTORS, TYPES, lambda name: name in {"Carrefour", "Intermarché"})


def test_parts_are_read_for_what_they_are():
    assert read("20").row == 20 and read("20").function is None
    b2b = read("Directeur de projet UX, B2B")
    assert (b2b.function, b2b.sector, b2b.organisation) == ("Directeur de projet UX", "B2B", None)
    assert read("Directeur marketing, Intermarché").organisation == "Intermarché"
    assert read("directeur associé, conseil en expérience client").company_type == "conseil en expérience client"
    assert read("Directeur, ici un projet").description == "ici un projet"
    assert read("Carrefour").organisation == "Carrefour"


def test_a_sector_variant_names_the_sector_of_the_first_value():
    assert sector_name("Equipement B2B", SECTORS) == "Equipements B2B"
    assert sector_name("Pharmacie", SECTORS) == "Pharmacie"


def test_the_row_an_attribution_designates():
    assert speaking_row(read("[5]"), ROWS).number == 5
    assert speaking_row(read("[9]"), ROWS) is None
    assert speaking_row(read("Directeur adjoint service design, Carrefour"), ROWS).number == 6
    assert speaking_row(read("directeur associé, conseil en expérience client"), ROWS).number == 2
    assert speaking_row(read("Directeur associé"), ROWS) is None  # two rows: no guess
    assert speaking_row(read("Directeur marketing, Equipements B2B"), ROWS, SECTORS).number == 4
    assert speaking_row(read("Conseil consultant junior"), ROWS).number == 5  # function and its company's words
    assert speaking_row(read("Directeur de projet UX, B2B"), ROWS, SECTORS) is None


def test_speaker_facts():
    ctx = MapContext(BASE, "d", ConceptIndex([]), {"carrefour": BASE + "organisation/carrefour"})
    verbatim = ctx.local("verbatim", 1)
    facts = speaker_facts(verbatim, t("Directeur de projet UX, B2B"), ctx, ROWS, SECTORS, TYPES)
    said = {(f.subject.value, f.predicate.value, f.object.value) for f in facts}
    speaker = BASE + "document/d/speaker/directeur-de-projet-ux-b2b"
    assert (verbatim.value, str(CX.spokenBy), speaker) in said
    assert {(speaker, str(RDF.type), str(FOAF.Person)), (speaker, str(SCHEMA.jobTitle), "Directeur de projet UX"),
            (speaker, str(CX.sector), BASE + "sector/b2b"), (BASE + "sector/b2b", str(RDF.type), str(CX.Sector))} <= said
    assert not any(p == str(ORG.memberOf) for _, p, _ in said)
    facts = speaker_facts(verbatim, t("Directeur adjoint service design, Carrefour"), ctx, ROWS, SECTORS, TYPES)
    said = {(f.subject.value, f.predicate.value, f.object.value) for f in facts}
    respondent = BASE + "document/d/respondent/6"
    assert (verbatim.value, str(CX.spokenBy), respondent) in said
    assert (respondent, str(ORG.memberOf), BASE + "organisation/carrefour") in said
    assert not any(s == respondent and p in (str(SCHEMA.jobTitle), str(DCTERMS.description)) for s, p, _ in said)
