"""Every path that writes RDF or results offers every format of the one table.

The tests are drawn from :data:`cxkg.store.formats.FORMATS`: a new entry there
is tested on every path below without another line here.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cxkg.ontology.export import EXPORT_FORMATS
from cxkg.queries.cli import FORMATS as QUERY_FORMATS
from cxkg.store.formats import FORMATS, rdf_formats, result_formats

RDF = [f.name for f in rdf_formats()]
RESULTS = [f.name for f in result_formats()]
CONSTRUCT = "CONSTRUCT WHERE { ?s a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }"
SELECT = "SELECT ?s WHERE { ?s a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }"


def test_the_table_holds_both_kinds():
    assert RDF and RESULTS
    assert len({f.media_types[0] for f in FORMATS.values()}) == len(FORMATS), "one answer type per format"


@pytest.mark.parametrize("name", RDF)
def test_sparql_writes_a_graph_in_each_rdf_format(client, name):
    answer = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": FORMATS[name].media_types[0]})
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    assert answer.mimetype == FORMATS[name].media_types[0]
    assert answer.data


@pytest.mark.parametrize("name", RESULTS)
def test_sparql_writes_solutions_in_each_results_format(client, name):
    answer = client.get("/sparql", query_string={"query": SELECT, "format": name})
    assert answer.status_code == 200 and answer.mimetype == FORMATS[name].media_types[0]


@pytest.mark.parametrize("name", RDF)
def test_dumps_and_export_offer_each_rdf_format(client, name):
    assert name in EXPORT_FORMATS and name in QUERY_FORMATS
    listed = {d["format"]: d["media_type"] for d in client.get("/dumps/").get_json()["dumps"]}
    assert listed[name] == FORMATS[name].media_types[0]


@pytest.mark.parametrize("name", [n for n in RDF if not FORMATS[n].datasets or n == "jsonld"])
def test_a_resource_and_the_ontology_are_described_in_each_graph_format(client, name):
    """One graph each: every RDF format but those made for named graphs (JSON-LD serves both)."""
    for path in (f"/data/scheme.{name}", f"/ontology.{name}"):
        answer = client.get(path)
        assert answer.status_code == 200 and answer.mimetype == FORMATS[name].media_types[0], path


def test_void_and_the_service_description_name_every_format(client):
    void = client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    triples = list(ox.parse(void.data, format=ox.RdfFormat.N_TRIPLES))
    media = {t.object.value.rsplit("/media-types/", 1)[-1] for t in triples if t.predicate.value.endswith("#mediaType")}
    assert media == {FORMATS[n].media_types[0] for n in RDF}
    description = client.get("/sparql", headers={"Accept": "application/n-triples"})
    named = {t.object.value for t in ox.parse(description.data, format=ox.RdfFormat.N_TRIPLES)
             if t.predicate.value.endswith("#resultFormat")}
    assert named == {"http://www.w3.org/ns/formats/" + f.w3c for f in FORMATS.values()}
