"""`cxkg check` and `cxkg export` on real stores."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from cxkg.ontology.files import ONTOLOGY_FILE, read_turtle
from cxkg.store.embedded import OxigraphStore

CX = "https://w3id.org/cxkg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def test_check_passes_on_the_corpus_graph(cxkg, built):
    settings, _ = built
    result = cxkg("check", "--store", settings.store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SHACL shapes: 0 violation(s)" in result.stdout
    assert "violation queries: 0 violation(s)" in result.stdout
    assert "OWL reasoner (HermiT): consistent" in result.stdout


def test_check_explains_an_inconsistent_graph(cxkg, tmp_path):
    graph = ox.NamedNode("https://w3id.org/cxkg/id/graph/ontology")
    store = OxigraphStore.open(tmp_path / "store")
    store.replace_graph(graph, read_turtle(ONTOLOGY_FILE, graph))
    thing = ox.NamedNode("https://w3id.org/cxkg/id/concept/kiosk")
    data = ox.NamedNode("https://w3id.org/cxkg/id/graph/document/x")
    store.add(ox.Quad(thing, RDF_TYPE, ox.NamedNode(CX + c), data) for c in ("Touchpoint", "Channel"))
    store.add([ox.Quad(thing, RDF_TYPE, ox.NamedNode("http://www.w3.org/2002/07/owl#NamedIndividual"), data)])
    store.flush()
    del store
    result = cxkg("check", "--store", str(tmp_path / "store"))
    assert result.returncode == 1
    assert "OWL reasoner (HermiT): INCONSISTENT" in result.stdout
    assert "concept/kiosk" in result.stdout


def test_check_on_a_missing_store_is_a_clear_error(cxkg, tmp_path):
    result = cxkg("check", "--store", str(tmp_path / "none"))
    assert result.returncode == 1 and "run `cxkg build` first" in result.stderr


@pytest.mark.parametrize("fmt, rdf_format", [
    ("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG), ("ttl", ox.RdfFormat.TURTLE),
    ("nt", ox.RdfFormat.N_TRIPLES), ("rdf", ox.RdfFormat.RDF_XML), ("jsonld", ox.RdfFormat.JSON_LD),
])
def test_export_round_trips(cxkg, built, store, tmp_path, fmt, rdf_format):
    settings, summary = built
    target = tmp_path / f"dump.{fmt}"
    result = cxkg("export", "--format", fmt, "-o", str(target), "--store", settings.store)
    assert result.returncode == 0, result.stderr
    parsed = list(ox.parse(path=str(target), format=rdf_format))
    if fmt in ("nq", "trig", "jsonld"):
        assert len({(q.subject, q.predicate, q.object, q.graph_name) for q in parsed}) == sum(summary.triples.values())
    else:
        assert len({(t.subject, t.predicate, t.object) for t in parsed}) == len({q.triple for q in store.quads()})


def test_jsonld_export_uses_the_published_context(cxkg, built, tmp_path):
    settings, _ = built
    target = tmp_path / "dump.jsonld"
    cxkg("export", "--format", "jsonld", "-o", str(target), "--store", settings.store)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["@context"]["cx"] == CX
    assert "prefLabel" in document["@context"]
