"""The W3C SPARQL 1.1 Protocol and Service Description tests, replayed over HTTP.

Each manifest entry's requests are sent byte for byte to a live ``cxkg serve`` on a
scratch store holding the manifest's graph data, with a write token for the updates;
status class, result format and boolean are checked as the manifest states them, and
the service description as the W3C validator checks it.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pyoxigraph as ox
import pytest
import requests
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

from cxkg.config import PROJECT_ROOT

#: The W3C test suite, a read-only input beside the project, as the corpus is.
W3C = PROJECT_ROOT.parent / "shared" / "w3c-sparql11"
PROTOCOL, SERVICE = W3C / "protocol" / "manifest.ttl", W3C / "service-description" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
JSON_RESULTS = ("application/sparql-results+json", "application/json")
XML_RESULTS = ("application/sparql-results+xml", "application/xml", "text/xml")
TOKEN = "w3c-protocol-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}  # the harness sends it on every request to the scratch server
#: Media type -> rdflib parser, for the RDF answers.
RDF_PARSERS = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt", "text/plain": "nt",
               "application/ld+json": "json-ld", "application/n-quads": "nquads", "application/trig": "trig"}


@dataclass(frozen=True)
class Step:
    """One HTTP request of a test and what its answer must be."""

    method: str
    path: str
    headers: dict
    body: bytes | None
    statuses: frozenset
    format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class Case:
    name: str
    steps: tuple  # of Step, sent in order
    graph_data: tuple  # of (N-Triples file, graph IRI)


def manifest_entries(path: Path) -> tuple[Graph, list[URIRef]]:
    """The manifest's graph and its ``mf:entries``, in order (empty if missing)."""
    graph = Graph()
    if not path.is_file():
        return graph, []
    graph.parse(path, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    return graph, list(Collection(graph, graph.value(manifest, MF.entries)))


def read_body(g: Graph, content) -> bytes | None:
    """``cnt:chars`` encoded in ``cnt:characterEncoding`` (UTF-16 for the non-UTF-8 tests)."""
    if content is None:
        return None
    return str(g.value(content, CNT.chars)).encode(str(g.value(content, CNT.characterEncoding) or "UTF-8"))


def read_step(g: Graph, node) -> Step:
    headers = {
        str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue))
        for h in Collection(g, g.value(node, HT.headers) or RDF.nil)
    }
    response = g.value(node, HT.resp)
    boolean, fmt = g.value(response, MF.expectedBoolean), g.value(response, MF.expectedFormat)
    return Step(
        str(g.value(node, HT.methodName)), str(g.value(node, HT.absolutePath)), headers, read_body(g, g.value(node, HT.body)),
        statuses=frozenset(str(s).removeprefix(HTS) for s in g.objects(response, MF.expectedStatus)),
        format=None if fmt is None else str(fmt),
        boolean=None if boolean is None else boolean.toPython(),
    )


def read_case(g: Graph, entry: URIRef) -> Case:
    requests_list = g.value(g.value(entry, MF.action), HT.requests)
    data = tuple(
        (Path(url2pathname(urlparse(g.value(d, UT.graph)).path)), str(g.value(d, RDFS.label)))
        for d in g.objects(entry, UT.graphData)
    )
    return Case(entry.fragment, tuple(read_step(g, n) for n in Collection(g, requests_list)), data)


PROTOCOL_GRAPH, PROTOCOL_ENTRIES = manifest_entries(PROTOCOL)
CASES = [read_case(PROTOCOL_GRAPH, e) for e in PROTOCOL_ENTRIES]
_, SERVICE_ENTRIES = manifest_entries(SERVICE)


class Scratch:
    """The live server on the scratch store, and how to talk to it."""

    def __init__(self, base: str) -> None:
        self.base, self.endpoint = base, base + "/sparql"

    def send(self, step: Step) -> requests.Response:
        assert step.path.startswith("/sparql/"), step.path
        path = "/sparql" + step.path.removeprefix("/sparql/")
        return requests.request(step.method, self.base + path, data=step.body, headers={**step.headers, **AUTH}, timeout=60)

    def load(self, graph_data: tuple) -> None:
        """Reset the store to exactly the test's graphs (earlier updates clear it)."""
        inserts = " ".join(f"GRAPH <{iri}> {{ {file.read_text(encoding='utf-8')} }}" for file, iri in graph_data)
        update = f"DROP ALL ; INSERT DATA {{ {inserts} }}".encode()
        answer = requests.post(self.endpoint, data=update, headers={"Content-Type": "application/sparql-update", **AUTH}, timeout=60)
        assert answer.ok, f"could not load the test's graph data: {answer.status_code} {answer.text}"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, start_server) -> Scratch:
    """A writable server on a fresh store holding every graph the manifest names."""
    path = str(tmp_path_factory.mktemp("w3c") / "store")
    store = ox.Store(path)
    graphs = {data for case in CASES for data in case.graph_data}
    assert graphs, "the protocol manifest names no graph data"
    for file, iri in graphs:
        store.load(path=str(file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    store.flush()
    del store  # the server opens it
    return Scratch(start_server(path, workers=1, env={"CXKG_WRITE_TOKEN": TOKEN}))


def test_manifests_have_their_entries():
    assert len(PROTOCOL_ENTRIES) == 34, f"expected 34 protocol tests in {PROTOCOL}"
    assert len(SERVICE_ENTRIES) == 3, f"expected 3 service description tests in {SERVICE}"


def media_type(response: requests.Response) -> str:  # without parameters
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def read_boolean(response: requests.Response) -> bool:
    """The value of a SPARQL JSON or XML boolean result."""
    kind = media_type(response)
    if kind in JSON_RESULTS:
        value = response.json()["boolean"]
    else:
        assert kind in XML_RESULTS, f"not a boolean result: {kind}"
        value = {"true": True, "false": False}[ET.fromstring(response.content).find(f"{RESULTS_NS}boolean").text.strip()]
    assert isinstance(value, bool)
    return value


def read_table(response: requests.Response) -> list[str]:
    """The variables of a JSON, XML, CSV or TSV results table."""
    kind = media_type(response)
    if kind in JSON_RESULTS:
        assert isinstance(response.json()["results"]["bindings"], list)
        return response.json()["head"]["vars"]
    if kind in XML_RESULTS:
        assert ET.fromstring(response.content).find(f"{RESULTS_NS}results") is not None
        return [v.get("name") for v in ET.fromstring(response.content).iter(f"{RESULTS_NS}variable")]
    assert kind in ("text/csv", "text/tab-separated-values"), f"not a results table: {kind}"
    rows = list(csv.reader(io.StringIO(response.text), delimiter="," if kind == "text/csv" else "\t"))
    return [name.lstrip("?") for name in rows[0]]


def read_rdf(response: requests.Response) -> Graph:
    kind = media_type(response)
    assert kind in RDF_PARSERS, f"not an RDF media type: {kind!r}"
    return Graph().parse(data=response.content, format=RDF_PARSERS[kind])


def check(step: Step, response: requests.Response) -> None:
    said = f"{step.method} {step.path} -> {response.status_code} {response.text[:300]}"
    assert f"{response.status_code // 100}xx" in step.statuses, said
    if step.format == "boolean" or step.boolean is not None:
        value = read_boolean(response)
        assert step.boolean is None or value == step.boolean, said
    elif step.format == "tabular":
        assert read_table(response), said
    elif step.format == "RDF":
        read_rdf(response)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_protocol(case: Case, scratch: Scratch):
    assert case.steps, f"{case.name} has no request"
    if case.graph_data:
        scratch.load(case.graph_data)
    for step in case.steps:
        check(step, scratch.send(step))


def schema_problems(g: Graph) -> list[str]:
    """Where the description departs from the SD vocabulary's use (W3C validator + best practice)."""
    problems = [f"sd:NamedGraph {n} has no sd:name" for n in g.subjects(RDF.type, SD.NamedGraph) if g.value(n, SD.name) is None]
    services = set(g.subjects(SD.endpoint)) | set(g.subjects(SD.supportedLanguage)) | set(g.subjects(SD.defaultDataset))
    problems += [] if services else ["no service: nothing has an sd:endpoint"]
    typed = {SD.Service: services, SD.Dataset: set(g.objects(None, SD.defaultDataset)),
             SD.NamedGraph: set(g.objects(None, SD.namedGraph)), SD.Graph: set(g.objects(None, SD.defaultGraph))}
    for kind, nodes in typed.items():
        problems += [f"{n} is not typed {kind}" for n in nodes if (n, RDF.type, kind) not in g]
    for service in services:
        for needed in (SD.endpoint, SD.supportedLanguage, SD.resultFormat, SD.defaultDataset):
            if g.value(service, needed) is None:
                problems.append(f"the service has no {needed}")
        languages = set(g.objects(service, SD.supportedLanguage))
        if not languages & {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}:
            problems.append(f"no recognised sd:supportedLanguage: {languages}")
    for dataset in typed[SD.Dataset]:
        if g.value(dataset, SD.defaultGraph) is None and g.value(dataset, SD.namedGraph) is None:
            problems.append(f"the dataset {dataset} has neither a default nor a named graph")
    return problems


def sd_returns_rdf(response: requests.Response, endpoint: str) -> None:
    assert response.status_code == 200, response.text
    assert len(read_rdf(response)) > 0, "the service description is empty"


def sd_has_endpoint_triple(response: requests.Response, endpoint: str) -> None:
    assert (None, SD.endpoint, URIRef(endpoint)) in read_rdf(response), f"no ?s sd:endpoint <{endpoint}>"


def sd_conforms_to_schema(response: requests.Response, endpoint: str) -> None:
    assert schema_problems(read_rdf(response)) == []


#: The W3C validator's three checks, by manifest entry.
SD_CHECKS = {"returns-rdf": sd_returns_rdf, "has-endpoint-triple": sd_has_endpoint_triple,
             "conforms-to-schema": sd_conforms_to_schema}


@pytest.mark.parametrize("entry", SERVICE_ENTRIES, ids=[e.fragment for e in SERVICE_ENTRIES])
def test_service_description(entry: URIRef, scratch: Scratch):
    """Each check on what a plain GET on the endpoint URL returns."""
    assert entry.fragment in SD_CHECKS, f"no check written for the W3C test {entry.fragment}"
    SD_CHECKS[entry.fragment](requests.get(scratch.endpoint, timeout=60), scratch.endpoint)
