"""Releases a researcher can cite, canonical N-Quads and `cxkg diff`, as a user checks them.

Expected values come from the store (the ``store`` fixture) or from graphs the
tests write themselves, never from the code under test.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from urllib.parse import urljoin, urlparse

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV

from cxkg.ontology.canonical import canonical
from cxkg.store.embedded import OxigraphStore

CX = "https://w3id.org/cxkg/ontology#"
E = "http://example.org/"
SUB_CLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
ON_PROPERTY = ox.NamedNode("http://www.w3.org/2002/07/owl#onProperty")
SOME = ox.NamedNode("http://www.w3.org/2002/07/owl#someValuesFrom")


def restriction(cls: str, prop: str, value: str, graph: ox.NamedNode, label: str) -> list[ox.Quad]:
    """``cls rdfs:subClassOf [ owl:onProperty prop ; owl:someValuesFrom value ]`` with blank node ``label``."""
    node = ox.BlankNode(label)
    return [ox.Quad(ox.NamedNode(E + cls), SUB_CLASS, node, graph),
            ox.Quad(node, ON_PROPERTY, ox.NamedNode(E + prop), graph),
            ox.Quad(node, SOME, ox.NamedNode(E + value), graph)]


def write_store(path, quads: list[ox.Quad]) -> str:
    store = OxigraphStore.open(path)
    store.add(quads)
    store.flush()
    del store
    return str(path)


def latest_release(store: OxigraphStore, settings) -> str:
    releases = ox.NamedNode(settings.graph("releases"))
    found = [q.object.value for q in store.quads(releases)
             if q.subject.value == settings.mint("dataset") and q.predicate.value == str(OWL.versionIRI)]
    assert len(found) == 1, "the dataset names exactly one current release"
    return found[0]


# --- Canonical labels ---------------------------------------------------------------------------


def test_blank_nodes_are_labelled_by_what_they_say_not_by_the_store():
    g = ox.NamedNode(E + "g")
    first = restriction("A", "p", "B", g, "x1") + restriction("C", "q", "D", g, "x2")
    second = restriction("C", "q", "D", g, "zz") + restriction("A", "p", "B", g, "yy")
    assert sorted(map(str, canonical(first))) == sorted(map(str, canonical(second)))


def test_a_new_restriction_leaves_the_labels_of_the_others_alone():
    g = ox.NamedNode(E + "g")
    before = {str(q) for q in canonical(restriction("A", "p", "B", g, "x1"))}
    after = {str(q) for q in canonical(restriction("A", "p", "B", g, "n") + restriction("A", "p", "C", g, "m"))}
    assert before and before < after


# --- cxkg diff ----------------------------------------------------------------------------------


@pytest.fixture
def two_stores(tmp_path):
    """Two stores that differ by one graph: g2 loses one quad and gains another."""
    g1, g2 = ox.NamedNode(E + "g1"), ox.NamedNode(E + "g2")
    kept = ox.Quad(ox.NamedNode(E + "s"), ox.NamedNode(E + "p"), ox.Literal("kept"), g2)
    gone = ox.Quad(ox.NamedNode(E + "s"), ox.NamedNode(E + "p"), ox.Literal("gone", language="fr"), g2)
    new = ox.Quad(ox.NamedNode(E + "s"), ox.NamedNode(E + "p"), ox.NamedNode(E + "new"), g2)
    same = restriction("A", "p", "B", g1, "old1") + [ox.Quad(ox.NamedNode(E + "A"), ox.NamedNode(E + "p"), ox.Literal("a"), g1)]
    renamed = [ox.Quad(q.subject if not isinstance(q.subject, ox.BlankNode) else ox.BlankNode("new1"), q.predicate,
                       q.object if not isinstance(q.object, ox.BlankNode) else ox.BlankNode("new1"), g1) for q in same]
    old = write_store(tmp_path / "old", same + [kept, gone])
    now = write_store(tmp_path / "new", renamed + [kept, new])
    return old, now, g2.value, ox.serialize([new], format=ox.RdfFormat.N_QUADS).decode().strip(), \
        ox.serialize([gone], format=ox.RdfFormat.N_QUADS).decode().strip()


def test_diff_of_two_stores_lists_exactly_the_graph_that_differs(cxkg, two_stores):
    old, new, graph, added, removed = two_stores
    result = cxkg("diff", old, new, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [g["graph"] for g in report["graphs"]] == [graph]
    assert report["graphs"][0]["quads"] == {"added": [added], "removed": [removed]}
    assert (report["added"], report["removed"]) == (1, 1)


def test_diff_in_text_gives_counts_then_the_quads(cxkg, two_stores):
    old, new, graph, added, removed = two_stores
    result = cxkg("diff", old, new)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{graph}: 1 added, 1 removed"
    assert f"+ {added}" in lines and f"- {removed}" in lines
    assert not [line for line in lines if line.startswith(("+", "-")) and E + "g1" in line]


def test_diff_reads_dumps_gzipped_or_not(cxkg, two_stores, tmp_path):
    old, new, graph, added, removed = two_stores
    plain, packed = tmp_path / "old.nq", tmp_path / "new.trig.gz"
    assert cxkg("export", "--store", old, "--format", "nq", "-o", str(plain)).returncode == 0
    assert cxkg("export", "--store", new, "--format", "trig", "-o", str(tmp_path / "new.trig")).returncode == 0
    with open(tmp_path / "new.trig", "rb") as source, gzip.open(packed, "wb") as target:
        shutil.copyfileobj(source, target)
    report = json.loads(cxkg("diff", str(plain), str(packed), "--format", "json").stdout)
    assert [(g["graph"], g["quads"]["added"], g["quads"]["removed"]) for g in report["graphs"]] == [(graph, [added], [removed])]


def test_diff_of_a_store_with_itself_is_empty_and_an_unreadable_side_is_an_error(cxkg, two_stores, tmp_path):
    old, *_ = two_stores
    same = cxkg("diff", old, old, "--format", "json")
    assert same.returncode == 0 and json.loads(same.stdout)["graphs"] == []
    missing = cxkg("diff", old, str(tmp_path / "nowhere"))
    assert missing.returncode != 0 and "nowhere" in missing.stderr
    (tmp_path / "notes.txt").write_text("hello")
    unknown = cxkg("diff", old, str(tmp_path / "notes.txt"))
    assert unknown.returncode != 0 and "notes.txt" in unknown.stderr


# --- Two builds of the same input -----------------------------------------------------------------


@pytest.fixture(scope="module")
def rebuilt(built, tmp_path_factory):
    """A second build of the same corpus, over a copy of the first store (so it continues its history)."""
    from cxkg.loaders.build import build

    settings, _ = built
    target = tmp_path_factory.mktemp("rebuilt") / "store"
    shutil.copytree(settings.store, target)
    again = settings.with_options(store=str(target))
    summary = build(again, progress=lambda line: None)
    return again, summary


@pytest.mark.slow
def test_two_builds_of_the_same_input_give_the_same_sorted_nquads(cxkg, built, rebuilt, tmp_path):
    (settings, _), (again, _) = built, rebuilt
    dumps = []
    for name, store in (("first", settings.store), ("second", again.store)):
        result = cxkg("export", "--store", store, "--format", "nq", "--no-releases", "-o", str(tmp_path / f"{name}.nq"))
        assert result.returncode == 0, result.stderr
        dumps.append(sorted((tmp_path / f"{name}.nq").read_text(encoding="utf-8").splitlines()))
    assert dumps[0] and dumps[0] == dumps[1]
    assert any("_:" in line for line in dumps[0]), "the graph has blank nodes (OWL restrictions) to compare"
    assert not any(settings.graph("releases") in line for line in dumps[0])


@pytest.mark.slow
def test_a_rebuild_is_a_new_release_that_revises_the_previous_one(built, store, rebuilt, tmp_path):
    (settings, _), (again, _) = built, rebuilt
    first = latest_release(store, settings)
    copy = OxigraphStore.open(again.store, read_only=True)
    second = latest_release(copy, again)
    assert first != second
    history = {(q.subject.value, q.predicate.value, q.object.value) for q in copy.quads(ox.NamedNode(again.graph("releases")))}
    assert (second, str(PROV.wasRevisionOf), first) in history
    assert (again.mint("dataset"), str(DCTERMS.hasVersion), first) in history
    digests = {o for s, p, o in history if s in (first, second) and p == CX + "contentDigest"}
    assert len(digests) == 1, "the same input gives the same content digest"
    assert first.rsplit("-", 1)[1] == second.rsplit("-", 1)[1] == digests.pop()[:8]


@pytest.mark.slow
def test_a_dump_is_checked_against_its_release_graph_by_graph(cxkg, built, store, tmp_path):
    settings, _ = built
    target = tmp_path / "dump.nq"
    result = cxkg("export", "--store", settings.store, "--format", "nq", "-o", str(target))
    assert result.returncode == 0 and latest_release(store, settings) in result.stderr
    release = latest_release(store, settings)
    said = {q.object.value for q in store.quads() if q.subject.value == release and q.predicate.value == CX + "contentDigest"}
    recorded = sorted(q.object.value for q in store.quads() if q.subject.value == release and q.predicate.value == CX + "graphDigest")
    assert recorded and said == {hashlib.sha256("".join(line + "\n" for line in recorded).encode("utf-8")).hexdigest()}

    checked = cxkg("digest", str(target))
    assert checked.returncode == 0 and {checked.stdout.strip()} == said and release in checked.stderr
    listed = cxkg("digest", "--graphs", str(target))
    assert listed.stdout.splitlines() == recorded

    lines = target.read_text(encoding="utf-8").splitlines()
    ground = 0
    for graph, value in (line.rsplit(" ", 1) for line in recorded):
        own = sorted(line for line in lines if line.endswith(f" <{graph}> ."))
        if own and not any("_:" in line for line in own):
            ground += 1
            assert hashlib.sha256("".join(line + "\n" for line in own).encode("utf-8")).hexdigest() == value, graph
    assert ground, "no graph without blank nodes to check by hand"

    dropped = next(line for line in lines if "/graph/document/" in line)
    (tmp_path / "altered.nq").write_text("".join(line + "\n" for line in lines if line != dropped), encoding="utf-8")
    altered = cxkg("digest", str(tmp_path / "altered.nq"))
    assert altered.returncode == 1 and "another content digest" in altered.stderr


@pytest.mark.slow
def test_the_build_records_its_change_with_prov(built, store, corpus_texts):
    settings, _ = built
    release = latest_release(store, settings)
    change = [q.object for q in store.quads() if q.subject.value == release and q.predicate.value == str(PROV.wasGeneratedBy)]
    assert len(change) == 1
    about = {(q.predicate.value, q.object.value) for q in store.quads() if q.subject == change[0]}
    assert ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", CX + "Build") in about
    used = {o for p, o in about if p == str(PROV.used)}
    assert corpus_texts and {settings.mint("document", d) for d in corpus_texts} <= used
    assert {str(PROV.startedAtTime), str(PROV.endedAtTime), str(PROV.wasAssociatedWith)} <= {p for p, _ in about}


# --- On the service ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_version_iri_dereferences_to_its_release_and_change(server, built, store):
    settings, _ = built
    release = latest_release(store, settings)
    url = f"{server}/id/{release[len(settings.base):]}"
    response = requests.get(url, headers={"Accept": "text/turtle"}, allow_redirects=False)
    assert response.status_code == 303
    document = requests.get(urljoin(url, response.headers["Location"]))
    assert document.status_code == 200
    graph = Graph().parse(data=document.content, format="turtle")
    assert graph.value(URIRef(release), OWL.versionInfo) is not None
    change = graph.value(URIRef(release), PROV.wasGeneratedBy)
    assert change is not None and graph.value(change, PROV.endedAtTime) is not None
    page = requests.get(url, headers={"Accept": "text/html"})
    assert page.status_code == 200 and release.rsplit("/", 1)[1] in page.text


@pytest.mark.slow
def test_void_and_the_service_description_list_the_release(server, built, store):
    settings, _ = built
    release = URIRef(latest_release(store, settings))
    void = Graph().parse(data=requests.get(f"{server}/.well-known/void").content, format="turtle")
    dataset = URIRef(settings.mint("dataset"))
    assert void.value(dataset, OWL.versionIRI) == release
    assert release in set(void.objects(dataset, DCTERMS.hasVersion))
    assert void.value(release, DCTERMS.issued) is not None
    described = requests.get(f"{server}/sparql", headers={"Accept": "text/turtle"})
    assert described.status_code == 200
    service = Graph().parse(data=described.content, format="turtle")
    assert set(service.objects(None, OWL.versionIRI)) == {release}
    assert {str(g) for g in service.objects(None, URIRef("http://www.w3.org/ns/sparql-service-description#name"))} \
        >= {settings.graph("releases")}


@pytest.mark.slow
def test_a_dump_names_its_version(server, built, store):
    settings, _ = built
    release = latest_release(store, settings)
    response = requests.get(f"{server}/dumps/cxkg.nq")
    assert response.status_code == 200
    assert f"cxkg-{release.rsplit('/', 1)[1]}.nq" in response.headers["Content-Disposition"]
    line = f"<{settings.mint('dataset')}> <{OWL.versionIRI}> <{release}> <{settings.graph('releases')}> ."
    assert line in response.text.splitlines()
    assert urlparse(response.url).path == "/dumps/cxkg.nq"
