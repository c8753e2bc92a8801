"""Who says what, and how firmly, checked on the built corpus by pattern.

Each test asserts what a researcher reading the graph against the documents
would check, over every statement of its kind, so that a new instance of a
defect is caught as well as the known ones.
"""

from __future__ import annotations

import re

import pytest

from cxkg.queries.run import run_catalogue_query
from cxkg.queries.catalogue import load_catalogue

pytestmark = pytest.mark.slow

PREFIXES = """PREFIX cx: <https://w3id.org/cxkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def select(store, body: str) -> list[dict]:
    return [{k: v.value for k, v in row.items()} for row in store.select(PREFIXES + body)]


CLAIMS = """SELECT ?statement ?s ?p ?o ?said_by ?role ?modality ?exact ?g WHERE {
  GRAPH ?g { ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
             cx:saidBy ?said_by ; cx:attributionRole ?r ; cx:modality ?m .
             ?a oa:hasBody ?statement ; oa:hasTarget/oa:hasSelector/oa:exact ?exact }
  FILTER(CONTAINS(STR(?g), "/graph/document/"))
  BIND(STRAFTER(STR(?r), "/role/") AS ?role) BIND(STRAFTER(STR(?m), "/modality/") AS ?modality)
}"""


@pytest.fixture(scope="module")
def claims(store) -> list[dict]:
    found = select(store, CLAIMS)
    assert found
    return found


def is_concept(iri: str) -> bool:
    return "/id/concept/" in iri


def test_every_source_statement_has_an_attribution_and_a_modality(store) -> None:
    statements = select(store, """SELECT ?statement WHERE { GRAPH ?g { ?statement a rdf:Statement }
        FILTER(CONTAINS(STR(?g), "/graph/document/")) }""")
    assert statements
    bare = select(store, """SELECT ?statement WHERE { GRAPH ?g { ?statement a rdf:Statement }
        FILTER(CONTAINS(STR(?g), "/graph/document/"))
        FILTER NOT EXISTS { ?statement cx:saidBy ?x ; cx:attributionRole ?r ; cx:modality ?m } }""")
    assert bare == []


def test_a_question_is_never_a_plain_triple(store, claims) -> None:
    asked = [c for c in claims if is_concept(c["s"]) and is_concept(c["o"]) and c["exact"].rstrip().endswith("?")]
    assert asked, "the corpus has claims read from questions (a book's chapter titles)"
    assert {c["modality"] for c in asked} == {"questions"}
    facts = [c for c in asked if select(store, f"SELECT ?x WHERE {{ GRAPH <{c['g']}> {{ <{c['s']}> <{c['p']}> <{c['o']}> }} BIND(1 AS ?x) }}")]
    assert facts == []


@pytest.mark.parametrize("cue, modalities", [
    (r"\b(?:dans le but de|afin de)\b", {"aims"}),
    (r"\bécueils?\b", {"warns-against", "prescribes"}),  # a pitfall, or the pitfall of the claim's absence
    (r"\bpar exemple\b", {"exemplifies", "aims"}),
    (r"\bil est (?:important|essentiel) de\b|\bdoi(?:t|vent)\b(?! comprendre)", {"prescribes"}),
])
def test_claims_between_concepts_take_the_modality_of_their_cue(claims, cue, modalities) -> None:
    cued = [c for c in claims if is_concept(c["s"]) and is_concept(c["o"]) and re.search(cue, c["exact"], re.I)]
    assert cued
    wrong = [(c["s"], c["p"], c["o"], c["modality"], c["exact"][:80]) for c in cued if c["modality"] not in modalities]
    assert wrong == []


def test_a_claim_with_a_citation_in_its_sentence_is_credited_to_the_work(claims) -> None:
    cited = [c for c in claims if is_concept(c["s"]) and re.search(r"\(\s*[A-Z][\w’'-]+[^()]*,?\s(?:19|20)\d\d\s*\)\s*$", c["exact"])]
    assert cited
    assert {c["role"] for c in cited} == {"cited-work"}
    assert all("/id/work/" in c["said_by"] for c in cited)


def test_the_cem_definition_is_credited_to_homburg_and_the_tables_definitions_to_the_work_their_header_names(claims) -> None:
    definitions = [c for c in claims if c["p"].endswith("#definition") and c["role"] == "cited-work"]
    assert definitions
    homburg = {c["s"].rsplit("/", 1)[-1] for c in definitions if c["said_by"].endswith("/work/homburg-2017")}
    assert "customer-experience-management" in homburg  # "… fidéliser les clients (Homburg, Jozić et Kuehnl, 2017)"
    # Table 1's header: "Définition d'après Homburg, Jozić et Kuehnl, 2017" credits its four definitions
    assert len({s for s in homburg if s.startswith("touchpoint-") and s.endswith("-capability")}) == 4


def test_a_document_never_credits_a_work_with_its_own_citation(claims) -> None:
    literature = [c for c in claims if c["p"].endswith("cites") or c["p"].endswith("#studies")]
    assert literature
    assert {c["role"] for c in literature} == {"author"}


def test_editorial_decisions_and_all_they_entail_are_editorial(store) -> None:
    decided = select(store, """SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRENDS(STR(?g), "/graph/editorial"))
        FILTER(?p = cx:supports) }""")
    assert decided
    inverses = select(store, """SELECT ?g ?s ?o WHERE { GRAPH ?g { ?s cx:supportedBy ?o } }""")
    assert inverses
    editorial = {(r["s"], r["o"]) for r in decided}
    leaked = [r for r in inverses if (r["o"], r["s"]) in editorial and not r["g"].endswith("/graph/editorial-inferred")
              and not select(store, f"""SELECT ?x WHERE {{ GRAPH ?h {{ <{r['o']}> cx:supports <{r['s']}> }}
                  FILTER(CONTAINS(STR(?h), "/graph/document/")) }}""")]
    assert leaked == []


def test_every_inferred_triple_can_be_traced_to_the_statements_it_comes_from(store) -> None:
    inferred = select(store, """SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o }
        FILTER(STRENDS(STR(?g), "inferred"))
        FILTER NOT EXISTS { GRAPH ?g { ?s a cx:DerivedStatement } } FILTER NOT EXISTS { GRAPH ?g { ?s rdf:subject ?x } }
        FILTER NOT EXISTS { GRAPH ?g { ?s a prov:Plan } } }""")
    assert inferred
    untraced = select(store, """SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o }
        FILTER(STRENDS(STR(?g), "inferred"))
        FILTER NOT EXISTS { GRAPH ?g { ?s rdf:subject ?x } } FILTER NOT EXISTS { GRAPH ?g { ?s a prov:Plan } }
        FILTER NOT EXISTS { ?d a cx:DerivedStatement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                              cx:inferredBy ?rule ; prov:wasDerivedFrom ?premise } }""")
    assert untraced == []
    ends = select(store, """SELECT ?d WHERE { ?d a cx:DerivedStatement .
        FILTER NOT EXISTS { ?d prov:wasDerivedFrom+ ?origin . ?origin cx:saidBy ?who } }""")
    assert ends == []


def test_the_readme_recipe_tells_every_triple_its_basis(store) -> None:
    graphs = select(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert graphs
    def basis(g: str) -> str:
        if g.endswith("/graph/releases"):
            return "release"
        return "editorial" if "/graph/editorial" in g else "ontology" if g.endswith("/graph/ontology") else "source"
    for row in graphs:
        g = row["g"]
        if basis(g) == "source":
            assert "/graph/document/" in g or g.endswith("/graph/inferred"), g


def test_cq21_answers_who_says_what_with_its_columns(store) -> None:
    query = load_catalogue()["cq21"]
    solutions = run_catalogue_query(query, {"concept": "target experience"}, store)
    assert ["subject", "predicate", "object", "basis", "derived", "said_by", "role", "modality", "document", "start",
            "end", "quote"] == [v for v in solutions.variables if v != "concept"]
    rows = [{k: v.value for k, v in row.items()} for row in solutions.rows]
    assert rows
    assert {r["role"] for r in rows} <= {"author", "cited-work", "interviewee", "editor"}
    sources = [r for r in rows if r["basis"] == "source" and r["derived"] == "false"]
    assert sources and all(r.get("quote") and r.get("document") for r in sources)
    assert "prescribes" in {r["modality"] for r in sources}
    assert {r["basis"] for r in rows if r["role"] == "editor"} == {"editorial"}


VOICED = """SELECT ?claim ?said_by ?role ?speaker WHERE {
  GRAPH ?g {
    ?words rdf:subject ?voice ; rdf:predicate ?text_predicate .
    ?wa oa:hasBody ?words ; oa:hasTarget/oa:hasSelector ?wp . ?wp oa:start ?ws ; oa:end ?we .
    ?claim rdf:subject ?s ; cx:saidBy ?said_by ; cx:attributionRole ?r .
    ?ca oa:hasBody ?claim ; oa:hasTarget/oa:hasSelector ?cp . ?cp oa:start ?cs ; oa:end ?ce .
  }
  VALUES ?text_predicate { cx:text <https://schema.org/text> }
  ?voice cx:spokenBy ?speaker .
  FILTER(CONTAINS(STR(?g), "/graph/document/") && ?s != ?voice && ?cs >= ?ws && ?ce <= ?we)
  BIND(STRAFTER(STR(?r), "/role/") AS ?role)
}"""


def test_words_inside_a_verbatim_or_quotation_are_credited_to_its_speaker(store) -> None:
    voiced = select(store, VOICED)
    assert voiced, "the paper's verbatims hold claims (CRM and IT systems serve the processes)"
    wrong = [r for r in voiced if r["role"] != "interviewee" or r["said_by"] != r["speaker"]]
    assert wrong == []


def test_the_answers_of_an_interview_are_the_interviewees(store) -> None:
    answers = select(store, """SELECT ?claim ?said_by ?person ?role ?exact WHERE {
        ?document cx:interviewee ?person ; dcterms:identifier ?id .
        GRAPH ?g { ?claim rdf:subject ?s ; rdf:object ?o ; cx:saidBy ?said_by ; cx:attributionRole ?r .
                   ?a oa:hasBody ?claim ; oa:hasTarget ?t . ?t oa:hasSource ?document ; oa:hasSelector/oa:exact ?exact }
        FILTER(CONTAINS(STR(?s), "/id/concept/") && CONTAINS(STR(?o), "/id/concept/"))
        BIND(STRAFTER(STR(?r), "/role/") AS ?role) }""")
    assert answers, "a blog post reports an interview"
    wrong = [r for r in answers if not r["exact"].rstrip().endswith("?") and (r["role"], r["said_by"]) != ("interviewee", r["person"])]
    assert wrong == []
