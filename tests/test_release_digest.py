"""The content digest a change updates graph by graph, and unique version IRIs, on stores the tests write.

The expected digests are computed here from the quads with ``hashlib``, as a
reader of the definition would, not with the code under test.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import pyoxigraph as ox
import pytest

from cxkg.config import Settings
from cxkg.ontology import release
from cxkg.store.embedded import OxigraphStore

CX = "https://w3id.org/cxkg/ontology#"
E = "http://example.org/"
P = ox.NamedNode(E + "p")


def quads(graph: str, *values: str) -> list[ox.Quad]:
    g = ox.NamedNode(E + graph)
    return [ox.Quad(ox.NamedNode(E + "s"), P, ox.Literal(v), g) for v in values]


def expected_digest(store: OxigraphStore, settings: Settings) -> str:
    """SHA-256 of the sorted lines '<graph IRI> <SHA-256 of its sorted N-Quads>' (ground quads only here)."""
    releases = settings.graph("releases")
    lines = []
    for graph in store.graphs():
        if graph.value != releases:
            text = sorted(ox.serialize(store.quads(graph), format=ox.RdfFormat.N_QUADS).decode().splitlines())
            assert text, f"{graph.value} is empty"
            lines.append(f"{graph.value} {hashlib.sha256(''.join(t + chr(10) for t in text).encode()).hexdigest()}")
    assert lines, "the store has no graph to digest"
    return hashlib.sha256("".join(line + "\n" for line in sorted(lines)).encode()).hexdigest()


def recorded_digest(store: OxigraphStore, settings: Settings, version: str) -> str:
    found = [q.object.value for q in store.match(ox.NamedNode(version), ox.NamedNode(CX + "contentDigest"), None,
                                                 ox.NamedNode(settings.graph("releases")))]
    assert len(found) == 1, f"{version} records {len(found)} content digests"
    return found[0]


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings whose store folder does not exist: no earlier history to continue."""
    return Settings(store=str(tmp_path / "none"))


def copied(store: OxigraphStore, path) -> OxigraphStore:
    """A checkpoint of ``store`` at ``path``, opened as a change opens it: nothing written through it yet."""
    store.flush()
    store.checkpoint(path)
    return OxigraphStore.open(path)


def test_a_change_digests_what_it_wrote_and_matches_a_full_recomputation(settings, tmp_path):
    store = OxigraphStore.open(tmp_path / "store")
    store.add(quads("a", "1", "2") + quads("b", "3") + quads("c", "4"))
    first = release.record_release(store, settings, action="build", documents=["a", "b", "c"])
    assert recorded_digest(store, settings, first) == expected_digest(store, settings)

    store = copied(store, tmp_path / "second")
    store.replace_graph(ox.NamedNode(E + "b"), quads("b", "5"))
    store.drop(ox.NamedNode(E + "c"))
    store.discard(quads("a", "2"))
    second = release.record_release(store, settings, action="replace", documents=["b"])
    assert recorded_digest(store, settings, second) == expected_digest(store, settings)

    store = copied(store, tmp_path / "third")
    store.replace_graph(ox.NamedNode(E + "b"), quads("b", "3"))
    store.add(quads("a", "2") + quads("c", "4"))
    third = release.record_release(store, settings, action="add", documents=["b", "c"])
    assert recorded_digest(store, settings, third) == recorded_digest(store, settings, first)


def test_the_graph_digests_of_a_release_hash_to_its_content_digest(settings):
    store = OxigraphStore.in_memory()
    store.add(quads("a", "1") + quads("b", "2"))
    version = release.record_release(store, settings, action="build", documents=["a"])
    lines = sorted(q.object.value for q in store.match(ox.NamedNode(version), ox.NamedNode(CX + "graphDigest")))
    assert [line.split(" ")[0] for line in lines] == [E + "a", E + "b"]
    joined = "".join(line + "\n" for line in lines).encode()
    assert hashlib.sha256(joined).hexdigest() == recorded_digest(store, settings, version)


def test_two_releases_of_the_same_content_in_one_second_have_their_own_version(settings, monkeypatch):
    moment = datetime(2026, 12, 2, 9, 30, 15, tzinfo=timezone.utc)
    monkeypatch.setattr(release, "now", lambda: moment)
    store = OxigraphStore.in_memory()
    store.add(quads("a", "1"))
    versions = [release.record_release(store, settings, action="build", documents=["a"]) for _ in range(3)]
    assert len(set(versions)) == 3
    assert versions[0].endswith("20261202T093015Z-" + recorded_digest(store, settings, versions[0])[:8])
    assert versions[1:] == [versions[0] + "-2", versions[0] + "-3"]
    history = {(q.subject.value, q.predicate.value, q.object.value) for q in store.quads(ox.NamedNode(settings.graph("releases")))}
    assert (versions[2], "http://www.w3.org/ns/prov#wasRevisionOf", versions[1]) in history
    latest = [o for s, p, o in history if p == "http://www.w3.org/2002/07/owl#versionIRI"]
    assert latest == [versions[2]]


def test_a_graph_dropped_by_a_sparql_update_leaves_the_next_digest(settings, tmp_path):
    """An update outside the store's own writes (SPARQL DROP through the service): the next change,
    told to digest every graph again, no longer counts the graph that went."""
    store = OxigraphStore.open(tmp_path / "store")
    store.add(quads("a", "1") + quads("b", "2"))
    release.record_release(store, settings, action="build", documents=["a", "b"])
    store.flush()
    del store
    service = ox.Store(str(tmp_path / "store"))  # the service's own writer, as its query process opens it
    service.update(f"DROP GRAPH <{E}b>")
    service.flush()
    del service
    store = copied(OxigraphStore.open(tmp_path / "store"), tmp_path / "second")
    store.written.update(store.graphs())  # what a change does when the store has the update's mark
    version = release.record_release(store, settings, action="add", documents=["a"])
    assert recorded_digest(store, settings, version) == expected_digest(store, settings)
