"""Linked data over HTTP, as a client sees it: IRIs that dereference, the
ontology document, the dumps and the VoID description.

Expected values come from the store itself (the ``store`` fixture) or from
``ontology/cx.ttl``, never from the service under test.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlparse

import pytest
import requests
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cxkg.ontology.files import ONTOLOGY_FILE

CX = Namespace("https://w3id.org/cxkg/ontology#")
VOID = Namespace("http://rdfs.org/ns/void#")
PARSERS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml", "nt": "nt", "nq": "nquads", "trig": "trig"}
MEDIA = {"ttl": "text/turtle", "jsonld": "application/ld+json", "rdf": "application/rdf+xml",
         "nt": "application/n-triples", "nq": "application/n-quads", "trig": "application/trig"}
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def quads(store) -> list:
    return list(store.quads())


@pytest.fixture(scope="module")
def concept(built, quads) -> dict:
    """One concept of the graph, with its prefLabels and triples, read from the store."""
    settings, _ = built
    iri = settings.base + "concept/customer-experience"
    triples = {q.triple for q in quads if q.subject.value == iri}
    labels = {(t.object.value, t.object.language) for t in triples if t.predicate.value == str(SKOS.prefLabel)}
    return {"iri": iri, "path": "concept/customer-experience", "triples": triples, "labels": labels}


def parse(response: requests.Response, fmt: str) -> Graph:
    graph = Dataset() if fmt in ("nq", "trig", "jsonld") else Graph()
    return graph.parse(data=response.content, format=PARSERS[fmt])


def pref_labels(graph: Graph, iri: str) -> set:
    return {(str(o), o.language) for o in graph.objects(URIRef(iri), SKOS.prefLabel) if isinstance(o, Literal)}


# --- Dereferenceable IRIs ---------------------------------------------------------------------


def test_a_concept_iri_sends_a_browser_to_an_html_page(server, concept):
    url = f"{server}/id/{concept['path']}"
    response = requests.get(url, headers={"Accept": "text/html"}, allow_redirects=False)
    assert response.status_code == 303
    assert "Accept" in response.headers["Vary"]
    location = urljoin(url, response.headers["Location"])
    assert urlparse(location).path in ("/concept/customer-experience", "/data/concept/customer-experience.html")
    page = requests.get(location)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")


def test_a_concept_iri_sends_an_rdf_client_to_its_turtle_description(server, concept):
    assert concept["labels"], "the concept has prefLabels in the store"
    url = f"{server}/id/{concept['path']}"
    response = requests.get(url, headers={"Accept": "text/turtle"}, allow_redirects=False)
    assert response.status_code == 303
    assert "Accept" in response.headers["Vary"]
    location = urljoin(url, response.headers["Location"])
    assert urlparse(location).path == f"/data/{concept['path']}.ttl"
    document = requests.get(location)
    assert document.headers["Content-Type"].startswith("text/turtle")
    assert pref_labels(parse(document, "ttl"), concept["iri"]) == concept["labels"]


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "rdf", "nt"])
def test_each_suffix_gives_the_whole_description_in_its_format(server, concept, fmt):
    assert concept["triples"]
    response = requests.get(f"{server}/data/{concept['path']}.{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(MEDIA[fmt])
    graph = parse(response, fmt)
    about = set(graph.predicate_objects(URIRef(concept["iri"])))
    assert len(about) == len(concept["triples"])
    assert {str(p) for p, _ in about} == {t.predicate.value for t in concept["triples"]}
    assert pref_labels(graph, concept["iri"]) == concept["labels"]


def test_a_named_graph_iri_describes_the_graph_and_its_size(server, built, quads):
    settings, _ = built
    graph_iri = settings.graph("editorial")
    size = sum(1 for q in quads if q.graph_name.value == graph_iri)
    assert size > 0
    response = requests.get(f"{server}/id/graph/editorial", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.history[0].status_code == 303
    graph = parse(response, "ttl")
    assert graph.value(URIRef(graph_iri), VOID.triples).toPython() == size


def test_an_unknown_iri_is_a_404_in_the_error_shape(server):
    for url in (f"{server}/id/concept/no-such-concept", f"{server}/data/concept/no-such-concept.ttl"):
        response = requests.get(url, headers={"Accept": "text/turtle"}, allow_redirects=False)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not-found"


def test_an_unknown_format_is_a_406(server, concept):
    asked = requests.get(f"{server}/id/{concept['path']}", headers={"Accept": "image/png"}, allow_redirects=False)
    suffixed = requests.get(f"{server}/data/{concept['path']}.png")
    for response in (asked, suffixed):
        assert response.status_code == 406
        assert response.json()["error"]["code"] == "not-acceptable"


# --- The ontology -----------------------------------------------------------------------------


def ontology_terms() -> list[str]:
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return sorted({
        str(s)[len(str(CX)):] for kind in TERM_TYPES for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(CX))
    })


def test_the_ontology_page_documents_every_class_and_property(server):
    names = ontology_terms()
    assert names
    response = requests.get(f"{server}/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    assert "Accept" in response.headers["Vary"]
    page = html.unescape(response.text)
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    for name in names:
        assert f'id="{name}"' in page, name
        for label in graph.objects(CX[name], RDFS.label):
            assert str(label) in page, (name, str(label))


def test_the_ontology_in_turtle_is_cx_ttl(server):
    response = requests.get(f"{server}/ontology", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in response.headers["Vary"]
    assert isomorphic(parse(response, "ttl"), Graph().parse(ONTOLOGY_FILE, format="turtle"))


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "rdf", "nt"])
def test_each_ontology_suffix_holds_the_same_graph(server, fmt):
    response = requests.get(f"{server}/ontology.{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(MEDIA[fmt])
    graph = Graph().parse(data=response.content, format=PARSERS[fmt])
    assert isomorphic(graph, Graph().parse(ONTOLOGY_FILE, format="turtle"))


# --- Dumps ------------------------------------------------------------------------------------


def dump_urls(server: str, key: str = "url") -> list[str]:
    """The dumps' URLs from the listing (``key="gzip_url"``: their gzip twins')."""
    response = requests.get(f"{server}/dumps/")
    assert response.status_code == 200
    return [d[key] for d in response.json()["dumps"]]


def test_the_dumps_are_listed_at_stable_urls(server):
    urls = dump_urls(server)
    assert sorted(urlparse(u).path for u in urls) == sorted(f"/dumps/cxkg.{fmt}" for fmt in PARSERS)
    packed = dump_urls(server, "gzip_url")
    assert sorted(urlparse(u).path for u in packed) == sorted(f"/dumps/cxkg.{fmt}.gz" for fmt in PARSERS)


@pytest.mark.parametrize("fmt", list(PARSERS))
def test_each_dump_parses_and_holds_the_whole_store(server, quads, fmt):
    assert quads
    response = requests.get(f"{server}/dumps/cxkg.{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(MEDIA[fmt])
    assert re.search(rf"cxkg-\d{{8}}T\d{{6}}Z-[0-9a-f]{{8}}\.{fmt}", response.headers["Content-Disposition"]), "named by its release"
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    again = requests.get(f"{server}/dumps/cxkg.{fmt}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    graph = parse(response, fmt)
    if isinstance(graph, Dataset):
        assert sum(1 for _ in graph.quads((None, None, None, None))) == len(quads)
    else:
        assert len(graph) == len({q.triple for q in quads})


# --- VoID -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def void(server) -> tuple[requests.Response, Graph]:
    response = requests.get(f"{server}/.well-known/void")
    return response, parse(response, "ttl")


def test_void_counts_the_store(void, quads):
    response, graph = void
    assert response.headers["Content-Type"].startswith("text/turtle")
    datasets = list(graph.subjects(VOID.dataDump, None))
    assert datasets
    dataset = datasets[0]
    assert graph.value(dataset, VOID.triples).toPython() == len({q.triple for q in quads})
    subsets = list(graph.objects(dataset, VOID.subset))
    assert {str(s) for s in subsets} == {q.graph_name.value for q in quads}
    assert sum(graph.value(s, VOID.triples).toPython() for s in subsets) == len(quads)
    classes = {str(c) for c in graph.objects(None, VOID["class"])}
    assert {q.object.value for q in quads if q.predicate.value == str(RDF.type)} <= classes


def test_void_lists_every_dump_and_the_endpoint(server, void):
    _, graph = void
    dumps = {str(u) for u in graph.objects(None, VOID.dataDump)}
    assert dumps and dumps == set(dump_urls(server)) | set(dump_urls(server, "gzip_url"))
    for url in dumps:
        assert requests.head(url).status_code == 200, url
    endpoint = next(graph.objects(None, VOID.sparqlEndpoint))
    assert urlparse(str(endpoint)).path == "/sparql"
    assert requests.get(str(endpoint), params={"query": "ASK {}"}).status_code == 200


def test_void_speaks_other_rdf_formats(server, void):
    _, turtle = void
    response = requests.get(f"{server}/.well-known/void", headers={"Accept": "application/ld+json"})
    assert response.headers["Content-Type"].startswith("application/ld+json")
    assert "Accept" in response.headers["Vary"]
    graph = Graph().parse(data=response.content, format="json-ld")
    assert set(graph.objects(None, VOID.triples)) == set(turtle.objects(None, VOID.triples))
