"""The REST API over HTTP: concepts, documents and works as JSON-LD.

What each answer should hold is asked of the store directly (SPARQL on the
read-only build) or of the corpus text, never written here.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import requests

from cxkg.ontology.labels import fold
from cxkg.queries.resolve import load_names

PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX cx: <https://w3id.org/cxkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX doco: <http://purl.org/spar/doco/>
"""


def values(store, sparql: str, **iris: str) -> set[str]:
    """The values of the last projected variable; the bound ones come before it."""
    solutions = store.query(PREFIXES + sparql, {k: ox.NamedNode(v) for k, v in iris.items()})
    last = solutions.variables[-1]
    return {row[last].value for row in solutions.rows if last in row}


def get(server: str, path: str, **params) -> requests.Response:
    return requests.get(server + path, params=params, timeout=60)


def unaccent(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@pytest.fixture(scope="module")
def concept_count(store) -> int:
    return len(values(store, "SELECT DISTINCT ?c WHERE { ?c a skos:Concept }"))


def test_concept_pages_walk_through_every_concept_once(server, concept_count):
    first = get(server, "/api/concepts", limit=40)
    assert first.status_code == 200 and first.headers["Content-Type"].startswith("application/ld+json")
    body = first.json()
    assert body["@context"] and body["@id"] and body["total"] == concept_count
    assert body["items"], "the first page is empty"
    assert body["prev"] is None
    seen, url, pages = [], first.url, 0
    while url:
        page = requests.get(url, timeout=60).json()
        assert all(item["@id"] and item["slug"] and item["label"]["en"] and item["label"]["fr"] for item in page["items"])
        seen += [item["@id"] for item in page["items"]]
        assert page["total"] == concept_count
        url, pages = page["next"], pages + 1
    assert len(seen) == len(set(seen)) == concept_count
    assert pages == -(-concept_count // 40)
    last = get(server, "/api/concepts", offset=40, limit=40).json()
    assert urlsplit(last["prev"]).query and "offset=0" in last["prev"]


@pytest.mark.parametrize("name", ["Capability", "cx:Capability", "https://w3id.org/cxkg/ontology#Capability", "capability"])
def test_type_filter_takes_local_prefixed_or_full_name(server, store, name):
    expected = values(store, "SELECT DISTINCT ?c WHERE { ?c a cx:Capability, skos:Concept }")
    assert expected, "no capability in the store"
    body = get(server, "/api/concepts", type=name, limit=200).json()
    assert body["total"] == len(expected)
    assert {item["@id"] for item in body["items"]} == expected


def test_unknown_type_is_404_with_close_class_names(server):
    answer = get(server, "/api/concepts", type="Capabilty")
    assert answer.status_code == 404
    error = answer.json()["error"]
    assert error["param"] == "type" and "Capability" in error["suggestions"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": "ten"}, {"offset": -1}, {"limit": 100000}, {"offset": "1.5"}])
def test_bad_paging_is_400_with_the_error_shape(server, params):
    answer = get(server, "/api/concepts", **params)
    assert answer.status_code == 400
    assert set(answer.json()["error"]) >= {"code", "message", "param"}


def test_json_is_offered_beside_json_ld(server):
    answer = requests.get(server + "/api/concepts", headers={"Accept": "application/json"}, timeout=60)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/json")
    assert "Accept" in answer.headers["Vary"]
    assert requests.get(server + "/api/concepts", headers={"Accept": "image/png"}, timeout=60).status_code == 406


@pytest.fixture(scope="module")
def accented(store) -> tuple[str, str]:
    """A concept whose French label has an accent, and that label."""
    rows = store.select(PREFIXES + 'SELECT ?c ?l WHERE { ?c a skos:Concept ; skos:prefLabel ?l FILTER(LANG(?l) = "fr") } ORDER BY ?l')
    found = [(r["c"].value, r["l"].value) for r in rows if unaccent(r["l"].value) != r["l"].value]
    assert found, "no French label with an accent"
    return found[0]


def test_search_finds_a_concept_by_a_french_prefix_typed_without_accents(server, accented):
    iri, label = accented
    cut = next(i for i, ch in enumerate(label) if unaccent(ch) != ch) + 2
    answer = get(server, "/api/concepts/search", q=unaccent(label[:cut]).upper(), limit=200)
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert items, "the search found nothing"
    assert iri in [item["@id"] for item in items]


def test_search_matches_the_start_of_a_word_inside_a_label(server, store):
    names = load_names(store, "concept").names
    inner = sorted((iri, name.split()[-1][:4]) for iri, labels in names.items() for name in labels
                   if " " in name and not any(fold(n).startswith(fold(name.split()[-1][:4])) for n in labels))
    assert inner, "no label with a word inside that starts no label of its concept"
    iri, start = inner[0]
    items = get(server, "/api/concepts/search", q=start, limit=200).json()["items"]
    assert iri in [item["@id"] for item in items]


def test_search_without_q_is_400(server):
    assert get(server, "/api/concepts/search").status_code == 400


@pytest.fixture(scope="module")
def rich_concept(store) -> str:
    """A concept with a broader one, mentions in the corpus and an editorial cx: relation."""
    found = values(store, """SELECT DISTINCT ?c WHERE {
      ?c skos:broader ?b . GRAPH ?g { ?c ?p ?o } ?o a skos:Concept .
      FILTER(STRSTARTS(STR(?p), STR(cx:)) && STRENDS(STR(?g), "/graph/editorial"))
      ?a oa:hasBody ?c ; oa:motivatedBy oa:identifying }""")
    assert found, "no concept with links, relations and mentions"
    return sorted(found)[0]


def test_concept_detail_matches_the_store(server, store, corpus_texts, rich_concept):
    iri = rich_concept
    answer = get(server, f"/api/concepts/{iri.rsplit('/', 1)[-1]}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["@id"] == iri and body["@context"]
    labels = store.select(PREFIXES + "SELECT ?c ?l WHERE { ?c skos:prefLabel ?l }", {"c": ox.NamedNode(iri)})
    assert body["label"] == {row["l"].language: row["l"].value for row in labels}
    assert {b["@id"] for b in body["broader"]} == values(store, "SELECT ?c ?b WHERE { ?c skos:broader ?b }", c=iri)
    mentions = values(store, "SELECT ?c ?a WHERE { ?a oa:hasBody ?c ; oa:motivatedBy oa:identifying }", c=iri)
    assert mentions and len(body["mentions"]) == len(mentions)
    for mention in body["mentions"]:
        assert corpus_texts[mention["document"]["identifier"]][mention["start"]:mention["end"]] == mention["exact"]
    editorial = [r for r in body["relations"] if r["basis"] == "editorial"]
    assert editorial, "no editorial relation"
    for relation in editorial:
        s, o = (iri, relation["target"]["@id"]) if relation["direction"] == "out" else (relation["target"]["@id"], iri)
        graphs = values(store, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", s=s, p=relation["property"], o=o)
        assert any(g.endswith("/graph/editorial") for g in graphs), relation


def test_unknown_concept_is_404_with_close_slugs(server, rich_concept):
    slug = rich_concept.rsplit("/", 1)[-1]
    answer = get(server, f"/api/concepts/{slug[:-1]}")
    assert answer.status_code == 404
    assert slug in answer.json()["error"]["suggestions"]


def test_documents_list_and_detail_match_the_store(server, store):
    expected = values(store, "SELECT DISTINCT ?i WHERE { ?d dcterms:identifier ?i ; dcterms:title ?t }")
    listed = get(server, "/api/documents").json()["items"]
    assert listed, "no document listed"
    assert {d["identifier"] for d in listed} == expected
    for doc in listed:
        detail = get(server, f"/api/documents/{doc['identifier']}").json()
        assert detail["@id"] == doc["@id"] and detail["title"] == doc["title"]
        assert {w["@id"] for w in detail["cites"]} == values(store, "SELECT ?d ?w WHERE { ?d cito:cites ?w }", d=doc["@id"])
        mentions = values(store, "SELECT ?d ?a WHERE { ?a oa:motivatedBy oa:identifying ; oa:hasTarget/oa:hasSource ?d }", d=doc["@id"])
        assert sum(m["count"] for m in detail["mentions"]) == len(mentions)


def units(tree: list[dict]) -> list[dict]:
    return [u for unit in tree for u in [unit, *units(unit["children"])]]


def test_the_book_structure_holds_every_chapter_with_numbers_and_pages(server, store):
    books = values(store, "SELECT DISTINCT ?i WHERE { ?c a doco:Chapter ; dcterms:isPartOf+ ?d . ?d dcterms:identifier ?i }")
    assert books, "no document with chapters"
    book = sorted(books)[0]
    body = get(server, f"/api/documents/{book}").json()
    chapters = [u for u in units(body["parts"]) if u["kind"] == "chapter"]
    expected = values(store, "SELECT DISTINCT ?d ?c WHERE { ?c a doco:Chapter ; dcterms:isPartOf+ ?d }", d=body["@id"])
    assert {c["@id"] for c in chapters} == expected
    assert all(c["number"] and c["page"] and c["title"] for c in chapters)
    numbers = [int(c["number"]) for c in chapters]
    assert numbers == sorted(numbers)


def test_unknown_document_is_404(server):
    answer = get(server, "/api/documents/no-such-document")
    assert answer.status_code == 404 and answer.json()["error"]["code"]


def test_a_work_says_who_cites_it_and_what_it_studies(server, store):
    works = values(store, "SELECT DISTINCT ?w WHERE { ?w cx:studies ?c }")
    assert works, "no work studies a concept"
    for work in sorted(works):
        body = get(server, f"/api/works/{work.rsplit('/', 1)[-1]}").json()
        assert body["@id"] == work and body["authors"]
        assert {s["@id"] for s in body["studies"]} == values(store, "SELECT ?w ?c WHERE { ?w cx:studies ?c }", w=work)
        assert {d["@id"] for d in body["citedBy"]} == values(store, "SELECT ?w ?d WHERE { ?d cito:cites ?w }", w=work)
