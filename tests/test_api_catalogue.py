"""/api/queries over HTTP (the catalogue, each query's answer, parameters as users
type them) and /openapi.json, the description of every endpoint.

Expected answers come from running the same query directly on the store
(:mod:`cxkg.queries.run`), never from values written here.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

import pyoxigraph as ox
import pytest
import requests

from cxkg.queries.catalogue import load_catalogue
from cxkg.queries.resolve import load_names
from cxkg.queries.run import run_catalogue_query, serialize

CATALOGUE = load_catalogue()
WITH_PARAMS = [(q.id, p) for q in CATALOGUE.values() for p in q.params if p.kind == "concept"]


def direct(store, qid: str, fmt: str, **values: str) -> bytes:
    return serialize(run_catalogue_query(CATALOGUE[qid], values, store), fmt)


def json_rows(body: bytes) -> tuple[list[str], list[tuple]]:
    """Variables and rows (as sortable tuples) of SPARQL JSON results."""
    data = json.loads(body)
    names = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        cells = [binding.get(n) or {} for n in names]
        rows.append(tuple((c.get("type", ""), c.get("value", ""), c.get("xml:lang", ""), c.get("datatype", "")) for c in cells))
    return names, sorted(rows)


def csv_rows(text: str) -> tuple[list[str], list[list[str]]]:
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, sorted(rows)


def unaccent(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def labels(store, iri: str) -> dict[str, str]:
    rows = store.select("SELECT ?c ?l WHERE { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }", {"c": ox.NamedNode(iri)})
    return {row["l"].language: row["l"].value for row in rows}


def test_catalogue_lists_every_query_with_texts_parameters_and_sparql(server):
    answer = requests.get(f"{server}/api/queries", timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/json")
    listed = answer.json()["queries"]
    assert listed, "the catalogue is empty"
    assert [q["id"] for q in listed] == list(CATALOGUE)
    for entry in listed:
        query = CATALOGUE[entry["id"]]
        assert entry["sparql"] == query.sparql
        for field in ("title", "question"):
            assert entry[field]["fr"] and entry[field]["en"]
        assert [p["name"] for p in entry["parameters"]] == [p.name for p in query.params]
        for param in entry["parameters"]:
            assert param["kind"] and param["description"]["fr"] and param["description"]["en"]
            assert param["example"] == param["default"]
        assert requests.get(entry["url"], timeout=30).status_code == 200


@pytest.mark.parametrize("qid", list(CATALOGUE))
def test_each_query_gives_over_http_the_rows_it_gives_on_the_store(server, store, qid):
    answer = requests.get(f"{server}/api/queries/{qid}", headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/sparql-results+json")
    assert "Accept" in answer.headers["Vary"]
    names, rows = json_rows(answer.content)
    assert rows, f"{qid} answers no rows"
    assert (names, rows) == json_rows(direct(store, qid, "json"))
    as_csv = requests.get(f"{server}/api/queries/{qid}", headers={"Accept": "text/csv"}, timeout=30)
    assert as_csv.status_code == 200 and as_csv.headers["Content-Type"].startswith("text/csv")
    assert csv_rows(as_csv.content.decode("utf-8")) == csv_rows(direct(store, qid, "csv").decode("utf-8"))


@pytest.mark.parametrize("fmt, media", [("xml", "application/sparql-results+xml"), ("tsv", "text/tab-separated-values"),
                                        ("csv", "text/csv"), ("json", "application/sparql-results+json")])
def test_format_parameter_wins_over_accept(server, fmt, media):
    answer = requests.get(f"{server}/api/queries/cq02", params={"format": fmt}, headers={"Accept": "text/csv"}, timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith(media)


def test_unacceptable_format_is_406(server):
    answer = requests.get(f"{server}/api/queries/cq02", headers={"Accept": "image/png"}, timeout=30)
    assert answer.status_code == 406 and answer.json()["error"]["code"]


@pytest.mark.parametrize("qid, param", WITH_PARAMS, ids=[f"{q}-{p.name}" for q, p in WITH_PARAMS])
def test_a_concept_parameter_takes_iri_slug_and_labels_in_any_case_and_accents(server, store, qid, param):
    iri = load_names(store, "concept").resolve(param.default, param.name).value
    expected = json_rows(direct(store, qid, "json", **{param.name: iri}))
    names = labels(store, iri)
    ways = [iri, iri.rsplit("/", 1)[-1], names["en"].upper(), unaccent(names["fr"]).upper(), names["fr"]]
    for value in ways:
        answer = requests.get(f"{server}/api/queries/{qid}", params={param.name: value}, timeout=30)
        assert answer.status_code == 200, (value, answer.text)
        assert json_rows(answer.content) == expected, value


def test_a_notation_names_a_capability(server, store):
    rows = store.select("SELECT ?c ?n WHERE { ?c <http://www.w3.org/2004/02/skos/core#notation> ?n } ORDER BY ?n LIMIT 1")
    assert rows, "no concept has a notation"
    qid, param = next((q, p) for q, p in WITH_PARAMS if p.name == "capability")
    by_notation = requests.get(f"{server}/api/queries/{qid}", params={param.name: rows[0]["n"].value.lower()}, timeout=30)
    assert by_notation.status_code == 200
    assert json_rows(by_notation.content) == json_rows(direct(store, qid, "json", **{param.name: rows[0]["c"].value}))


def test_a_document_parameter_takes_identifier_or_title(server, store):
    qid, param = next((q.id, p) for q in CATALOGUE.values() for p in q.params if p.kind == "document")
    iri = load_names(store, "document").resolve(param.default, param.name).value
    expected = json_rows(direct(store, qid, "json", **{param.name: iri}))
    title = store.select("SELECT ?d ?t WHERE { ?d <http://purl.org/dc/terms/title> ?t }", {"d": ox.NamedNode(iri)})[0]["t"].value
    for value in (iri.rsplit("/", 1)[-1], title.lower()):
        answer = requests.get(f"{server}/api/queries/{qid}", params={param.name: value}, timeout=30)
        assert answer.status_code == 200 and json_rows(answer.content) == expected


def test_an_unknown_value_is_404_naming_the_parameter_with_close_matches(server, store):
    qid, param = WITH_PARAMS[0]
    iri = load_names(store, "concept").resolve(param.default, param.name).value
    label = labels(store, iri)["en"]
    typo = label[:-2] + label[-1]  # one letter dropped
    answer = requests.get(f"{server}/api/queries/{qid}", params={param.name: typo}, timeout=30)
    assert answer.status_code == 404
    error = answer.json()["error"]
    assert error["code"] == "unknown-value" and error["param"] == param.name and typo in error["message"]
    assert label in error["suggestions"]


def test_an_unknown_parameter_is_400(server):
    qid = next(iter(CATALOGUE))
    answer = requests.get(f"{server}/api/queries/{qid}", params={"no-such-parameter": "x"}, timeout=30)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["param"] == "no-such-parameter" and error["message"]


def test_an_unknown_query_is_404_with_the_error_shape(server):
    answer = requests.get(f"{server}/api/queries/cq-none", timeout=30)
    assert answer.status_code == 404
    assert set(answer.json()["error"]) >= {"code", "message"}


@pytest.fixture(scope="module")
def openapi(server) -> dict:
    answer = requests.get(f"{server}/openapi.json", timeout=60)
    assert answer.status_code == 200
    return answer.json()


def resolve(document: dict, ref: str) -> dict:
    node = document
    for key in ref.removeprefix("#/").split("/"):
        node = node[key]
    return node


def refs(node) -> list[str]:
    if isinstance(node, dict):
        return ([node["$ref"]] if "$ref" in node else []) + [r for v in node.values() for r in refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in refs(v)]
    return []


def test_openapi_is_a_well_formed_3_document(openapi):
    assert openapi["openapi"].startswith("3.") and openapi["info"]["title"] and openapi["servers"]
    found = refs(openapi)
    assert found, "no $ref at all"
    for ref in found:
        assert resolve(openapi, ref) is not None, ref
    error = openapi["components"]["schemas"]["Error"]
    assert set(error["properties"]["error"]["required"]) == {"code", "message"}
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            assert operation["responses"], (path, method)
            params = [resolve(openapi, p["$ref"]) if "$ref" in p else p for p in operation.get("parameters", [])]
            for name in re.findall(r"{(\w+)}", path):
                assert any(p["name"] == name and p["in"] == "path" and p["required"] for p in params), (path, name)


def test_openapi_documents_every_api_route(app, openapi):
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()}
    api = {r for r in routes if r.startswith("/api/")}
    assert api, "the app routes nothing under /api"
    assert api | {"/sparql", "/openapi.json"} <= set(openapi["paths"])


def test_every_documented_path_answers_its_examples(server, openapi):
    for path, item in openapi["paths"].items():
        operation = item["get"]
        params = [resolve(openapi, p["$ref"]) if "$ref" in p else p for p in operation.get("parameters", [])]
        url = path
        query = {}
        for p in params:
            if "example" not in p:
                continue
            if p["in"] == "path":
                url = url.replace("{%s}" % p["name"], p["example"])
            elif isinstance(p["example"], dict):
                query.update(p["example"])
            else:
                query[p["name"]] = p["example"]
        answer = requests.get(server + url, params=query, timeout=60)
        assert answer.status_code == 200, (url, answer.text[:300])
        assert "200" in operation["responses"]
