"""The competency questions answer as the domain brief says, for their examples and other values.

Each question runs on both stores: the embedded one (pyoxigraph) and a remote
Virtuoso holding the same graphs, and must give the same answers on each.
"""

from __future__ import annotations

import json

import pytest

from cxkg.store.embedded import OxigraphStore
from cxkg.queries.catalogue import load_catalogue
from cxkg.queries.resolve import UnknownValue
from cxkg.queries.run import run_catalogue_query


@pytest.fixture(scope="session")
def remote_catalogue_store(built, virtuoso):
    """The built graph pushed into Virtuoso, graph by graph, as `cxkg build --store URL` does."""
    from cxkg.store.open import open_store, publish

    settings, _ = built
    publish(OxigraphStore.open(settings.store, read_only=True), open_store(virtuoso.settings(settings)))
    return open_store(virtuoso.settings(settings))


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def store(request, store):
    """The store a question runs on: the embedded one (conftest's), then Virtuoso."""
    if request.param == "embedded":
        return store
    return request.getfixturevalue("remote_catalogue_store")


def rows(store, qid, **values):
    solutions = run_catalogue_query(load_catalogue()[qid], values, store)
    return [{n: (row[n].value if n in row else None) for n in solutions.variables} for row in solutions.rows]


def column(result, name):
    return {row[name] for row in result if row[name] is not None}


def test_catalogue_has_the_twenty_one_questions_with_fr_and_en():
    catalogue = load_catalogue()
    assert list(catalogue) == [f"cq{n:02d}" for n in range(1, 22)]
    for query in catalogue.values():
        assert query.title["fr"] and query.title["en"] and query.question["fr"] and query.question["en"]
        for param in query.params:
            assert param.default and param.description["en"] and param.description["fr"]


def test_cq01_capabilities_supporting_touchpoint_adaptation(store):
    result = rows(store, "cq01")
    assert column(result, "notation") == {"C1", "C7"}
    assert "touchpoint adaptation capability" in column(result, "label_en")
    assert len(column(result, "capability")) == 3


@pytest.mark.parametrize("practice, notations", [
    ("touchpoint journey design", {"C3", "C5", "C7"}),
    ("Touchpoint Prioritization", {"C2"}),
    ("ADAPTATION des points de contact", {"C1", "C7"}),  # French label, any case
    ("adaptation des points de contact", {"C1", "C7"}),
])
def test_cq01_other_practices(store, practice, notations):
    assert column(rows(store, "cq01", practice=practice), "notation") == notations


def test_cq01_accepts_slug_iri_and_accentless_french_label(store):
    by_slug = rows(store, "cq01", practice="touchpoint-journey-monitoring")
    assert column(by_slug, "notation") == {"C4"}
    iri = next(iter(column(by_slug, "practice")))
    assert column(rows(store, "cq01", practice=iri), "notation") == {"C4"}


def test_cq02_seven_capabilities_with_both_definitions(store):
    result = rows(store, "cq02")
    assert [r["notation"] for r in result] == [f"C{n}" for n in range(1, 8)]
    assert all(r["definition_fr"] and r["definition_en"] for r in result)
    c5 = next(r for r in result if r["notation"] == "C5")
    assert c5["definition_fr"].startswith("Capacité à engager les autres départements fonctionnels")


def test_cq03_homburg_alignment_and_c6_alone(store):
    result = rows(store, "cq03")
    unmatched = {r["notation"] for r in result if r["homburg_en"] is None}
    assert unmatched == {"C6"}
    by_homburg = {}
    for r in result:
        if r["homburg_en"]:
            by_homburg.setdefault(r["homburg_en"], set()).add(r["notation"])
    assert by_homburg == {
        "touchpoint adaptation capability": {"C1", "C7"},
        "touchpoint journey design capability": {"C3", "C5", "C7"},
        "touchpoint journey monitoring capability": {"C4"},
        "touchpoint prioritization capability": {"C2"},
    }


def test_cq04_works_studying_capabilities(store):
    assert column(rows(store, "cq04"), "citation") == {"Ieva & Ziliani 2018", "Duran & Uray 2018"}
    prioritise = column(rows(store, "cq04", capability="touchpoint prioritization capability"), "citation")
    assert prioritise == {"Varnali 2018", "Maklan, Antonetti & Whitty 2017"}


def test_cq05_kinds_of_experience(store):
    result = {r["kind_en"]: r for r in rows(store, "cq05")}
    assert set(result) == {"user experience", "customer experience", "brand experience"}
    assert result["user experience"]["practice_en"] == "design"
    assert result["customer experience"]["practice_en"] == "customer relationship"
    assert result["brand experience"]["practice_en"] == "marketing"
    assert {"product", "service", "touchpoint"} <= set(result["user experience"]["about"].split(", "))
    assert "brand" in result["brand experience"]["about"]


def test_cq06_experiences_within_brand_experience_and_customer_experience(store):
    within_bx = column(rows(store, "cq06"), "kind_en")
    assert {"customer experience", "user experience"} <= within_bx
    within_cx = column(rows(store, "cq06", experience="CX"), "kind_en")
    assert "user experience" in within_cx and "brand experience" not in within_cx


def test_cq07_brand_values_guide_experiences(store):
    result = rows(store, "cq07")
    assert column(result, "value_en") == {"conviviality", "simplicity", "authenticity"}
    assert {"target experience", "customer experience", "employee experience"} <= column(result, "guided_en")
    assert column(result, "modality") == {"prescribes"}  # "doivent guider", "doit permettre de vivre"


def test_cq08_four_dimensions_and_holders(store):
    result = {r["dimension_en"]: r["holder_en"] for r in rows(store, "cq08")}
    assert result == {"wanted experience": "leaders", "proposed experience": "organisation",
                      "expected experience": "future customers", "lived experience": "consumers"}


def test_cq09_works_cited_by_the_blog_post(store):
    result = rows(store, "cq09")
    citations = column(result, "citation")
    assert {"Body & Tallec 2015", "Lefranc 2013", "Schoder 2019", "Langenier 2019", "FEVAD 2019"} <= citations
    assert column(result, "cited_by_several") == {"false"}
    paper = column(rows(store, "cq09", document="000_065cf485da171822"), "citation")
    assert len(paper) == 16 and "Homburg, Jozić & Kuehnl 2017" in paper


def test_cq10_verbatims_of_a_capability(store):
    result = rows(store, "cq10")
    assert [(r["function"], r["organisation"]) for r in result] == [("Directeur marketing", "Intermarché")]
    c1 = rows(store, "cq10", capability="C1")
    assert column(c1, "organisation") == {"Carrefour"} and "chariot" in c1[0]["text"]


def test_cq11_indicators_in_chapter_three(store):
    result = rows(store, "cq11")
    assert {"Net Promoter Score", "Customer Effort Score"} <= column(result, "indicator_en")
    places = {(r["chapter_number"], r["section_number"]) for r in result}
    assert {("3", "1"), ("3", "3"), ("3", "4")} <= places


def test_cq12_successful_journey_criteria(store):
    result = rows(store, "cq12")
    assert len(column(result, "criterion")) == 5
    assert {"predictability", "fluidity", "channel consistency"} <= column(result, "criterion_en")
    assert column(result, "section_number") == {"8.1", "8.2", "8.3", "8.4", "8.5"}
    assert column(result, "chapter_number") == {"12"}


def test_cq13_channels_touchpoints_and_digital(store):
    result = rows(store, "cq13")
    digital = {r["label_en"] for r in result if r["digital"] == "true"}
    assert {"website", "mobile app"} <= digital
    assert "store" in column(result, "label_en") and "store" not in digital
    assert "touchpoint" in {r["kind"] for r in result}


def test_cq14_five_priorities_with_verbatims(store):
    result = rows(store, "cq14")
    assert len(column(result, "priority")) == 5
    assert all(r["verbatim"] for r in result)
    assert len(column(result, "verbatim")) == 6


def test_cq15_nps_mentioned_in_chapter_three(store, corpus_texts):
    result = rows(store, "cq15")
    assert result and column(result, "identifier") == {"002_7be3e768dc10d506"}
    text = corpus_texts["002_7be3e768dc10d506"]
    for r in result:
        assert text[int(r["start"]):int(r["end"])] == r["passage"]
    assert any(r["unit_label"] and "NPS" in r["unit_label"] for r in result)
    touchpoints = column(rows(store, "cq15", concept="point de contact"), "identifier")
    assert len(touchpoints) >= 3


def test_cq16_morgan_types(store):
    result = rows(store, "cq16")
    typed = {r["notation"]: r["type"] for r in result if r["notation"]}
    assert set(typed) == {f"C{n}" for n in range(1, 8)}
    assert set(typed.values()) == {"https://w3id.org/cxkg/ontology#SpecializedCapability"}
    bundles = {r["type"]: r["bundles"] for r in result if r["type"] and r["bundles"]}
    assert bundles["https://w3id.org/cxkg/ontology#CrossFunctionalCapability"].endswith("#SpecializedCapability")
    homburg = [r for r in result if r["capability_en"] == "touchpoint adaptation capability"]
    assert homburg and homburg[0]["type"] is None


def test_cq17_champions(store):
    assert column(rows(store, "cq17"), "name") == {"Nespresso", "Starbucks", "Amazon", "Mercedes"}


def test_cq18_three_challenges_in_order(store):
    result = rows(store, "cq18")
    assert [r["rank"] for r in result] == ["1", "2", "3"]
    assert "target experience" in result[0]["challenge_en"]


def test_cq19_technologies_and_relations(store):
    result = rows(store, "cq19")
    assert {"CRM", "CEM", "CCM"} <= column(result, "technology_en")
    assert any(r["technology_en"] == "CEM" and r["related_en"] == "CRM" for r in result)


def test_cq20_interview_sample(store):
    result = rows(store, "cq20")
    total = next(r for r in result if r["dimension"] == "all")
    assert (total["respondents"], total["confidential_count"]) == ("26", "11")
    sectors = {r["value"]: int(r["respondents"]) for r in result if r["dimension"] == "sector"}
    assert sum(sectors.values()) == 26 and sectors["GSA"] == 6
    types = {r["value"]: int(r["respondents"]) for r in result if r["dimension"] == "company type"}
    assert sum(types.values()) == 26


def test_cq21_gives_the_passage_of_each_statement_about_the_concept(store):
    """The concept as subject, as object, and under an inferred triple: each statement with its quote."""
    concept = "https://w3id.org/cxkg/id/concept/wait-management"
    result = rows(store, "cq21", concept="wait-management")
    assert result and column(result, "concept") == {concept}
    stated = [r for r in result if r["derived"] == "false" and r["basis"] == "source"]
    assert stated and all(r["quote"] and r["document"] for r in stated)
    assert {"subject", "object"} == {side for r in stated for side in ("subject", "object") if r[side] == concept}
    assert any(r["quote"] and r["document"] for r in result if r["derived"] == "true")


def test_unknown_parameter_value_suggests_close_matches(store):
    with pytest.raises(UnknownValue) as error:
        rows(store, "cq04", capability="touchpoint adaptaton capability")
    assert error.value.param == "capability"
    assert "touchpoint adaptation capability" in error.value.suggestions


def test_cli_runs_a_catalogue_query_as_json(cxkg, built):
    settings, _ = built
    result = cxkg("query", "--cq", "cq01", "--param", "practice=touchpoint adaptation",
                  "--format", "json", "--store", settings.store)
    assert result.returncode == 0, result.stderr
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert {b["notation"]["value"] for b in bindings if "notation" in b} == {"C1", "C7"}


def test_cli_unknown_value_is_a_clear_error(cxkg, built):
    settings, _ = built
    result = cxkg("query", "--cq", "cq10", "--param", "capability=C9", "--store", settings.store)
    assert result.returncode == 2
    assert "parameter 'capability'" in result.stderr and "Traceback" not in result.stderr


def test_cli_lists_the_catalogue(cxkg):
    result = cxkg("query", "--list")
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 21
