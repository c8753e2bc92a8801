"""``/sparql`` as researchers use it: SPARQLWrapper (and plain HTTP) on the live service.

Every answer is read the way a client reads it and compared with the same
fact reached another way (another format, method or the store itself), so no
number the data could change is written here.
"""

from __future__ import annotations

import csv
import io
import re
import urllib.error

import pyoxigraph as ox
import pytest
import requests
from rdflib import RDF, Graph, Namespace, URIRef
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED, XML
from SPARQLWrapper import SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
PREFIX = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
CONCEPTS = PREFIX + "SELECT DISTINCT ?c WHERE { ?c a skos:Concept }"
COUNT = PREFIX + "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept }"
LABELS = PREFIX + "CONSTRUCT { ?c a skos:Concept ; skos:prefLabel ?l } WHERE { ?c a skos:Concept ; skos:prefLabel ?l }"


@pytest.fixture(scope="module")
def endpoint(server) -> str:
    return server + "/sparql"


@pytest.fixture(scope="module")
def concepts(store) -> set[str]:
    """The concepts, read from the store directly (not through the endpoint)."""
    found = {term.value for term in store.instances(ox.NamedNode(str(SKOS.Concept)))}
    assert found, "the built graph has no skos:Concept"
    return found


def client(endpoint: str, query: str, fmt: str, method: str = GET, request_method: str = URLENCODED) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint, returnFormat=fmt)
    sparql.setQuery(query)
    sparql.setMethod(method)
    sparql.setRequestMethod(request_method)
    return sparql


def read_column(fmt: str, result) -> set[str]:
    """The IRIs of column ``c`` of a SELECT answer, however it was written."""
    body = result.convert()
    if fmt == JSON:
        return {row["c"]["value"] for row in body["results"]["bindings"]}
    if fmt == XML:
        return {node.firstChild.data for node in body.getElementsByTagName("uri")}
    rows = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter="," if fmt == CSV else "\t"))
    assert rows[0] == (["c"] if fmt == CSV else ["?c"])
    return {cell.strip("<>") for row in rows[1:] for cell in row}


def content_type(result) -> str:
    return result.info()["content-type"].split(";")[0]


@pytest.mark.parametrize("fmt, media", [
    (JSON, "application/sparql-results+json"), (XML, "application/sparql-results+xml"),
    (CSV, "text/csv"), (TSV, "text/tab-separated-values"),
])
def test_select_lists_the_concepts_in_every_results_format(endpoint, concepts, fmt, media):
    result = client(endpoint, CONCEPTS, fmt).query()
    assert content_type(result) == media
    assert read_column(fmt, result) == concepts


@pytest.mark.parametrize("method, request_method", [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)])
def test_count_is_the_same_by_get_form_post_and_direct_post(endpoint, concepts, method, request_method):
    body = client(endpoint, COUNT, JSON, method, request_method).query().convert()
    assert int(body["results"]["bindings"][0]["n"]["value"]) == len(concepts)


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask_answers_true_and_false(endpoint, concepts, fmt):
    def ask(query: str) -> bool:
        body = client(endpoint, query, fmt).query().convert()
        if fmt == JSON:
            return body["boolean"]
        return body.getElementsByTagName("boolean")[0].firstChild.data == "true"

    some = sorted(concepts)[0]
    assert ask(PREFIX + f"ASK {{ <{some}> a skos:Concept }}") is True
    assert ask(PREFIX + f"ASK {{ <{some}x-not-there> a skos:Concept }}") is False


def graph_of(fmt: str, result) -> Graph:
    body = result.convert()
    if isinstance(body, Graph):
        return body
    return Graph().parse(data=body, format="turtle" if fmt == TURTLE else "nt")


@pytest.mark.parametrize("fmt, media, accept", [
    (TURTLE, "text/turtle", None), (JSONLD, "application/ld+json", None),
    (RDFXML, "application/rdf+xml", None), (XML, "application/rdf+xml", None),
    (N3, "application/n-triples", "application/n-triples"),
])
def test_construct_gives_the_concepts_in_every_rdf_format(endpoint, concepts, fmt, media, accept):
    sparql = client(endpoint, LABELS, fmt)
    if accept:
        sparql.setOnlyConneg(True)
        sparql.addCustomHttpHeader("Accept", accept)
    result = sparql.query()
    assert content_type(result) == media
    graph = graph_of(fmt, result)
    assert {str(c) for c in graph.subjects(RDF.type, SKOS.Concept)} == concepts
    assert all(graph.value(URIRef(c), SKOS.prefLabel) is not None for c in concepts)


@pytest.mark.parametrize("accept, parser", [("application/n-quads", "nquads"), ("application/trig", "trig")])
def test_construct_by_accept_in_dataset_formats(endpoint, concepts, accept, parser):
    answer = requests.get(endpoint, params={"query": LABELS}, headers={"Accept": accept}, timeout=60)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=answer.content, format=parser)
    assert {str(c) for c in graph.subjects(RDF.type, SKOS.Concept)} == concepts


def test_describe_a_concept_gives_its_labels(endpoint, store, concepts):
    concept = sorted(concepts)[0]
    graph = Graph().parse(data=client(endpoint, f"DESCRIBE <{concept}>", TURTLE).query().convert(), format="turtle")
    labels = {row["l"].value for row in store.select(PREFIX + f"SELECT ?l {{ <{concept}> skos:prefLabel ?l }}")}
    assert labels, f"{concept} has no prefLabel in the store"
    assert {str(label) for label in graph.objects(URIRef(concept), SKOS.prefLabel)} == labels


def get(endpoint: str, query: str = COUNT, params: dict | None = None, headers: dict | None = None) -> requests.Response:
    return requests.get(endpoint, params={"query": query, **(params or {})}, headers=headers, timeout=60)


def test_accept_q_values_choose_the_preferred_format(endpoint):
    answer = get(endpoint, headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml"})
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/sparql-results+xml")
    assert "Accept" in answer.headers["Vary"]


def test_format_parameter_overrides_accept(endpoint, concepts):
    answer = get(endpoint, params={"format": "csv"}, headers={"Accept": "application/sparql-results+json"})
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert int(answer.text.splitlines()[1]) == len(concepts)


def error(answer: requests.Response, status: int) -> dict:
    assert answer.status_code == status, answer.text
    body = answer.json()["error"]
    assert body["code"] and body["message"]  # the service's one error shape
    return body


def test_unacceptable_accept_is_406(endpoint):
    assert "offered" in error(get(endpoint, headers={"Accept": "image/png"}), 406)["message"]


def test_wrong_media_type_is_415(endpoint):
    answer = requests.post(endpoint, data=COUNT.encode(), headers={"Content-Type": "text/plain"}, timeout=60)
    assert "application/sparql-query" in error(answer, 415)["message"]


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_other_methods_are_405(endpoint, method):
    answer = requests.request(method, endpoint, params={"query": COUNT}, timeout=60)
    assert answer.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in answer.headers["Allow"].split(",")}


def test_syntax_error_is_400_with_the_parser_position(endpoint):
    broken = PREFIX + "SELECT ?c WHERE {\n  ?c a skos:Concept .\n  ?c skos:prefLabel }"
    with pytest.raises(QueryBadFormed) as raised:
        client(endpoint, broken, JSON).query()
    assert re.search(r"\b4:\d+", str(raised.value)), str(raised.value)


def test_update_is_refused_on_the_read_only_service(endpoint):
    sparql = SPARQLWrapper(endpoint)
    sparql.setMethod(POST)
    sparql.setQuery("INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }")
    with pytest.raises(urllib.error.HTTPError) as raised:
        sparql.query()
    assert raised.value.code == 403


def concepts_in(store, graph: str) -> set[str]:
    """The concepts typed in one named graph, read from the store."""
    quads = store.quads(ox.NamedNode(graph))
    return {q.subject.value for q in quads if (q.predicate.value, q.object.value) == (str(RDF.type), str(SKOS.Concept))}


def test_default_graph_uri_narrows_the_dataset(endpoint, built, store):
    editorial = built[0].graph("editorial")
    assert concepts_in(store, editorial), "the editorial graph holds no concept"
    sparql = client(endpoint, CONCEPTS, JSON)
    sparql.addDefaultGraph(editorial)
    assert read_column(JSON, sparql.query()) == concepts_in(store, editorial)
    other = next(g.value for g in store.graphs() if g.value != editorial)
    sparql.addDefaultGraph(other)  # two graphs: their merge
    assert read_column(JSON, sparql.query()) == concepts_in(store, editorial) | concepts_in(store, other)


def test_named_graph_uri_gives_exactly_those_graphs(endpoint, store):
    graphs = sorted(g.value for g in store.graphs())[:2]
    assert len(graphs) == 2, "the store should hold several named graphs"
    sparql = client(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", JSON)
    for graph in graphs:
        sparql.addNamedGraph(graph)
    bindings = sparql.query().convert()["results"]["bindings"]
    assert {row["g"]["value"] for row in bindings} == set(graphs)
    sparql.setQuery("ASK { ?s ?p ?o }")  # and the default graph is empty
    assert sparql.query().convert()["boolean"] is False


def test_protocol_dataset_replaces_from(endpoint, built, store):
    """FROM of a graph the store lacks is refused, unless the protocol dataset replaces it."""
    editorial = built[0].graph("editorial")
    query = PREFIX + "SELECT (COUNT(DISTINCT ?c) AS ?n) FROM <http://example.org/elsewhere> WHERE { ?c a skos:Concept }"
    assert error(get(endpoint, query), 400)["code"] == "refused"
    answer = get(endpoint, query, params={"default-graph-uri": editorial})
    assert answer.status_code == 200, answer.text
    assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) == len(concepts_in(store, editorial))


def test_service_description_states_union_default_graph_and_named_graphs(endpoint, store):
    answer = requests.get(endpoint, headers={"Accept": "text/turtle"}, timeout=60)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=answer.content, format="turtle")
    service = graph.value(None, SD.endpoint, URIRef(endpoint))
    assert service is not None, f"no sd:endpoint <{endpoint}>"
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    names = {str(graph.value(n, SD.name)) for n in graph.objects(None, SD.namedGraph)}
    assert names == {g.value for g in store.graphs()}


def test_cors_on_get_and_preflight(endpoint):
    origin = {"Origin": "https://researcher.example"}
    assert get(endpoint, headers=origin).headers["Access-Control-Allow-Origin"] == "*"
    asking = {**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "Content-Type"}
    preflight = requests.options(endpoint, headers=asking, timeout=60)
    assert preflight.status_code in (200, 204)
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
