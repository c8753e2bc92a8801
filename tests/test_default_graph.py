"""The default graph is an RDF graph: a triple stated in several named graphs matches once.

Queries without a dataset read the store's default graph, the set union of the
named graphs; ``GRAPH ?g`` and ``FROM NAMED`` still tell which graphs hold a
triple. Checked through ``/sparql``, ``cxkg query`` and the store itself, on
the corpus graph (where the editorial data restates what documents say) and on
a small store written here.
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
import requests

from cxkg.store.embedded import OxigraphStore

JSON = "application/sparql-results+json"

#: The capabilities' notations, in the default graph and per named graph.
NOTATIONS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept ?notation WHERE { ?concept skos:notation ?notation FILTER(REGEX(STR(?notation), "^C[1-7]$")) }"""
NOTATIONS_BY_GRAPH = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept ?notation ?g WHERE { GRAPH ?g { ?concept skos:notation ?notation FILTER(REGEX(STR(?notation), "^C[1-7]$")) } }"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def sparql(base: str, text: str) -> list[dict]:
    response = requests.get(base + "/sparql", params={"query": text}, headers={"Accept": JSON}, timeout=60)
    assert response.status_code == 200, response.text[:300]
    return response.json()["results"]["bindings"]


def pairs(rows: list[dict]) -> list[tuple[str, str]]:
    return [(row["concept"]["value"], row["notation"]["value"]) for row in rows]


def test_a_doubly_held_triple_matches_once_over_sparql_and_keeps_both_graphs(server):
    by_graph = sparql(server, NOTATIONS_BY_GRAPH)
    assert by_graph, "no capability notation C1-C7 in any named graph"
    held = {}
    for row in by_graph:
        held.setdefault((row["concept"]["value"], row["notation"]["value"]), set()).add(row["g"]["value"])
    assert any(len(graphs) > 1 for graphs in held.values()), "no notation is stated in two graphs: nothing is tested"
    found = pairs(sparql(server, NOTATIONS))
    assert len(found) == len(set(found)) == len(held) == 7
    assert set(found) == set(held)


def test_count_star_counts_each_triple_once(server, store):
    distinct = len({quad.triple for quad in store.quads()})
    assert distinct > 0
    assert distinct < store.count(), "no triple is held by two graphs: nothing is tested"
    assert int(sparql(server, COUNT)[0]["n"]["value"]) == distinct


def test_from_named_still_gives_provenance(server):
    rows = sparql(server, NOTATIONS_BY_GRAPH)
    graphs = sorted({row["g"]["value"] for row in rows})
    assert len(graphs) > 1
    text = NOTATIONS_BY_GRAPH.replace("WHERE", " ".join(f"FROM NAMED <{g}>" for g in graphs[:1]) + " WHERE", 1)
    narrowed = sparql(server, text)
    assert narrowed and {row["g"]["value"] for row in narrowed} == set(graphs[:1])


def test_cxkg_query_matches_each_triple_once(cxkg, built, tmp_path):
    source = tmp_path / "notations.rq"
    source.write_text(NOTATIONS, encoding="utf-8")
    done = cxkg("query", str(source), "--format", "json", "--store", built[0].store)
    assert done.returncode == 0, done.stderr
    found = pairs(json.loads(done.stdout)["results"]["bindings"])
    assert found and len(found) == len(set(found)) == 7


# -- the store keeps it right as graphs change -------------------------------------------

E = "http://example.org/"
A, P, X = ox.NamedNode(E + "a"), ox.NamedNode(E + "p"), ox.Literal("x")
G1, G2 = ox.NamedNode(E + "g1"), ox.NamedNode(E + "g2")


def matches(store: OxigraphStore) -> int:
    return len(store.select("SELECT * WHERE { ?s ?p ?o }"))


def test_replacing_a_graph_keeps_a_triple_another_graph_still_holds():
    store = OxigraphStore.in_memory()
    store.replace_graph(G1, [ox.Quad(A, P, X, G1)])
    store.replace_graph(G2, [ox.Quad(A, P, X, G2)])
    assert matches(store) == 1
    assert len(store.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")) == 2
    store.replace_graph(G1, [])
    assert matches(store) == 1
    store.replace_graph(G2, [])
    assert matches(store) == 0


def test_counts_quads_and_dumps_leave_the_default_graph_out():
    store = OxigraphStore.in_memory()
    store.replace_graph(G1, [ox.Quad(A, P, X, G1)])
    store.replace_graph(G2, [ox.Quad(A, P, X, G2)])
    assert store.count() == 2 and len(list(store.quads())) == 2
    assert [g.value for g in store.graphs()] == [E + "g1", E + "g2"]
    out = io.BytesIO()
    store.dump(out, "nq")
    lines = [line for line in out.getvalue().decode().splitlines() if line]
    assert len(lines) == 2 and all(line.rstrip(" .").endswith(("<http://example.org/g1>", "<http://example.org/g2>")) for line in lines)


@pytest.fixture
def writer(tmp_path, start_server) -> str:
    """A writable server on a store written by hand (no default graph of its own yet)."""
    path = str(tmp_path / "store")
    raw = ox.Store(path)
    raw.extend([ox.Quad(A, P, X, G1), ox.Quad(A, P, X, G2)])
    raw.flush()
    del raw
    return start_server(path, workers=1, env={"CXKG_WRITE_TOKEN": "t0ken"})


def update(base: str, text: str) -> None:
    response = requests.post(base + "/sparql", data=text.encode(), timeout=60, headers={
        "Content-Type": "application/sparql-update", "Authorization": "Bearer t0ken"})
    assert response.status_code == 204, response.text[:300]


def test_updates_keep_the_default_graph_a_set(writer):
    assert len(sparql(writer, "SELECT * WHERE { ?s ?p ?o }")) == 1
    update(writer, f"DELETE DATA {{ GRAPH <{E}g1> {{ <{E}a> <{E}p> 'x' }} }}")
    assert len(sparql(writer, "SELECT * WHERE { ?s ?p ?o }")) == 1
    update(writer, f"DROP GRAPH <{E}g2>")
    assert sparql(writer, "SELECT * WHERE { ?s ?p ?o }") == []
    update(writer, f"INSERT DATA {{ GRAPH <{E}g3> {{ <{E}b> <{E}p> 'y' }} }}")
    rows = sparql(writer, "SELECT ?s WHERE { ?s ?p ?o }")
    assert [row["s"]["value"] for row in rows] == [E + "b"]
