"""Adding, replacing and removing one document: ``cxkg add``, ``cxkg remove``, ``cxkg list``.

The base store is built once from a copy of one corpus document (the smallest);
each test works on its own checkpoint of it, with documents the tests write. The
incremental reasoning is compared with a full run on a copy of the corpus store.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from cxkg.config import Settings
from cxkg.ontology.incremental import Graphs, add_inferences, remove_inferences
from cxkg.ontology.reasoning import infer
from cxkg.ontology.validation import Violation, neighbourhood, new_violations, nodes_of
from cxkg.store.embedded import OxigraphStore

pytestmark = pytest.mark.slow

TEXT = """Le parcours client dans la distribution omnicanale

L'expérience client est devenue un enjeu central pour les enseignes (Homburg, Jozić et Kuehnl, 2017).
Selon Lemon et Verhoef (2016), le parcours client traverse de nombreux points de contact.
La cohérence des points de contact est une condition de la satisfaction.

Références

Homburg, C., Jozić, D. et Kuehnl, C. (2017). Customer experience management. Journal of the Academy of Marketing Science, 45(3), 377-401.
Lemon, K. N. et Verhoef, P. C. (2016). Understanding customer experience throughout the customer journey. Journal of Marketing, 80(6), 69-96.
"""
ADDED_SENTENCE = "Le Net Promoter Score est suivi par les directions marketing."
META = {"title": "Le parcours client omnicanal", "type": "article-journal", "language": "fr",
        "author": [{"family": "Martin", "given": "Claire"}], "issued": {"date-parts": [[2024]]}}
DOCUMENT_GRAPH = "https://w3id.org/cxkg/id/graph/document/"
RELEASES = "<https://w3id.org/cxkg/id/graph/releases>"
DOCUMENT = "<https://w3id.org/cxkg/id/document/parcours>"
CX = "https://w3id.org/cxkg/ontology#"
PROV = "http://www.w3.org/ns/prov#"


@pytest.fixture(scope="module")
def base(tmp_path_factory, corpus_dir) -> Settings:
    """A store built from a copy of the corpus's smallest document."""
    from cxkg.loaders.build import build

    entries = json.loads((corpus_dir / "corpus.json").read_text(encoding="utf-8"))
    assert entries, "the corpus lists no document"
    smallest = min(entries, key=lambda e: (corpus_dir / f"{e['id']}.txt").stat().st_size)
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(corpus_dir / f"{smallest['id']}.txt", corpus)
    (corpus / "corpus.json").write_text(json.dumps([smallest]), encoding="utf-8")
    settings = Settings(corpus=corpus, store=str(tmp_path_factory.mktemp("base") / "store"))
    build(settings, progress=lambda line: None)
    return settings


@pytest.fixture
def settings(base, tmp_path) -> Settings:
    """This test's own copy of the base store."""
    store = tmp_path / "store"
    OxigraphStore.open(base.store, read_only=True).checkpoint(store)
    return Settings(corpus=base.corpus, store=str(store))


def write_document(folder: Path, name: str = "parcours", text: str = TEXT, meta: dict | None = None) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps(meta or META), encoding="utf-8")
    return folder / f"{name}.txt", folder / f"{name}.json"


def fingerprint(store: str) -> str:
    """The store's quads, sorted, hashed: equal exactly when the graphs are the same."""
    opened = OxigraphStore.open(store, read_only=True)
    lines = sorted(str(quad) for quad in opened.quads())
    assert lines, "the store is empty"
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def listed(cxkg, store: str) -> dict[str, dict]:
    result = cxkg("list", "--format", "json", "--store", store)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows, "cxkg list shows no document"
    return {row["id"]: row for row in rows}


def ask(url: str, query: str) -> bool:
    answer = requests.get(url + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    answer.raise_for_status()
    return answer.json()["boolean"]


def test_add_replace_remove_seen_by_a_running_server(settings, tmp_path, cxkg, start_server):
    url = start_server(settings.store)
    graph = f"<{DOCUMENT_GRAPH}parcours>"
    assert not ask(url, f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    text, meta = write_document(tmp_path / "in")

    added = cxkg("add", str(text), "--meta", str(meta), "--store", settings.store)
    assert added.returncode == 0, added.stderr
    assert "parcours: added" in added.stdout
    row = listed(cxkg, settings.store)["parcours"]
    assert (row["title"], row["language"]) == (META["title"], "fr")
    assert row["triples"] > 0 and row["annotations"] > 0 and row["added"] != "corpus"
    assert ask(url, f'ASK {{ GRAPH {graph} {{ ?d <http://purl.org/dc/terms/title> "{META["title"]}"@fr }} }}')
    assert ask(url, f"ASK {{ GRAPH {graph} {{ ?d <http://purl.org/spar/cito/cites> <https://w3id.org/cxkg/id/work/homburg-2017> }} }}")
    assert ask(url, f'ASK {{ {DOCUMENT} <http://purl.org/dc/terms/title> "{META["title"]}"@fr }}'), "not in the default graph"
    assert "release:" in added.stdout
    assert ask(url, f"ASK {{ GRAPH {RELEASES} {{ ?change a <{CX}Addition> ; <{PROV}used> {DOCUMENT} }} }}")

    text.write_text(TEXT + "\n" + ADDED_SENTENCE + "\n", encoding="utf-8")
    before_others = {k: v["triples"] for k, v in listed(cxkg, settings.store).items() if k != "parcours"}
    replaced = cxkg("add", str(text), "--meta", str(meta), "--store", settings.store)
    assert replaced.returncode == 0, replaced.stderr
    assert "replaced" in replaced.stdout
    assert {k: v["triples"] for k, v in listed(cxkg, settings.store).items() if k != "parcours"} == before_others
    assert ask(url, f'ASK {{ GRAPH {graph} {{ ?d ?p ?text FILTER(CONTAINS(STR(?text), "{ADDED_SENTENCE}")) }} }}')

    again = cxkg("add", str(text), "--meta", str(meta), "--store", settings.store)
    assert again.returncode == 0 and "unchanged" in again.stdout

    removed = cxkg("remove", "parcours", "--store", settings.store)
    assert removed.returncode == 0, removed.stderr
    assert "parcours" not in listed(cxkg, settings.store)
    assert not ask(url, f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    assert not ask(url, f"ASK {{ ?s ?p {DOCUMENT} FILTER NOT EXISTS {{ GRAPH {RELEASES} {{ ?s ?p {DOCUMENT} }} }} }}")
    assert not ask(url, f'ASK {{ ?d <http://purl.org/dc/terms/title> "{META["title"]}"@fr }}'), "left in the default graph"
    assert ask(url, f"ASK {{ GRAPH {RELEASES} {{ ?change a <{CX}Removal> ; <{PROV}invalidated> {DOCUMENT} }} }}")
    assert not (Path(settings.store + ".documents") / "parcours.txt").exists()


def test_a_change_is_refused_while_a_writable_service_holds_the_store(settings, tmp_path, cxkg, server_control):
    """A writable service's SPARQL updates would be lost at a change's swap: the change is
    refused; once the service stops, the next change's release accounts for its updates."""
    text, meta = write_document(tmp_path / "in")
    port = server_control["free_port"]()
    service = server_control["launch"](settings.store, port, 1, None, {"CXKG_WRITE_TOKEN": "secret"})
    url = f"http://127.0.0.1:{port}"
    try:
        server_control["wait_until_up"](url, service)
        before = fingerprint(settings.store)
        refused = cxkg("add", str(text), "--meta", str(meta), "--store", settings.store)
        assert refused.returncode == 1
        assert "writes enabled" in refused.stderr and settings.store in refused.stderr
        assert "parcours" not in listed(cxkg, settings.store)
        assert fingerprint(settings.store) == before
        second = server_control["launch"](settings.store, server_control["free_port"](), 1, None, {"CXKG_WRITE_TOKEN": "secret"})
        assert second.wait(60) == 1, "a second writable service started on the same store"
        update = f'INSERT DATA {{ GRAPH <{DOCUMENT_GRAPH}note> {{ {DOCUMENT} <http://purl.org/dc/terms/title> "Note"@fr }} }}'
        written = requests.post(url + "/sparql", data={"update": update}, headers={"Authorization": "Bearer secret"}, timeout=30)
        assert written.status_code in (200, 204), written.text
    finally:
        server_control["stop"](service)
    unnoticed = cxkg("digest", settings.store)
    assert unnoticed.returncode == 1, "the update went unnoticed by the digest check"
    assert "SPARQL Update through a writable service" in unnoticed.stderr
    assert "next cxkg add or remove records a release" in unnoticed.stderr
    added = cxkg("add", str(text), "--meta", str(meta), "--store", settings.store)
    assert added.returncode == 0, added.stderr
    kept = OxigraphStore.open(settings.store, read_only=True)
    assert list(kept.match(graph=ox.NamedNode(f"{DOCUMENT_GRAPH}note"))), "the change lost the service's update"
    checked = cxkg("digest", settings.store)
    assert checked.returncode == 0, checked.stderr  # the release accounts for the service's update too


def test_bad_input_is_refused_and_the_store_left_alone(settings, tmp_path, cxkg, corpus_dir):
    before = fingerprint(settings.store)
    text, meta = write_document(tmp_path / "in")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (tmp_path / "latin1.txt").write_bytes("Un texte accentué".encode("latin-1"))
    (tmp_path / "broken.json").write_text('{"title": "x",', encoding="utf-8")
    corpus_id = json.loads((Path(settings.corpus) / "corpus.json").read_text(encoding="utf-8"))[0]["id"]
    cases = [
        (("add", str(tmp_path / "missing.txt")), "missing.txt"),
        (("add", str(tmp_path / "empty.txt")), "empty.txt"),
        (("add", str(tmp_path / "binary.txt")), "binary.txt"),
        (("add", str(tmp_path / "latin1.txt")), "latin1.txt"),
        (("add", str(text), "--meta", str(tmp_path / "broken.json")), "broken.json"),
        (("add", str(text), "--meta", str(meta), "--id", "../escape"), "../escape"),
        (("add", str(text), "--meta", str(meta), "--id", corpus_id), corpus_id),
        (("remove", "no-such-document"), "no-such-document"),
        (("remove", corpus_id), corpus_id),
    ]
    for args, named in cases:
        result = cxkg(*args, "--store", settings.store)
        assert result.returncode != 0, (args, result.stdout)
        assert "error:" in result.stderr and named in result.stderr, (args, result.stderr)
    assert fingerprint(settings.store) == before
    assert not Path(settings.store + ".documents").exists()


def test_an_id_taken_by_another_file_needs_replace(settings, tmp_path, cxkg):
    first, meta = write_document(tmp_path / "a")
    second, _ = write_document(tmp_path / "b", text=TEXT + "\n" + ADDED_SENTENCE + "\n")
    assert cxkg("add", str(first), "--meta", str(meta), "--store", settings.store).returncode == 0
    before = fingerprint(settings.store)
    refused = cxkg("add", str(second), "--meta", str(meta), "--store", settings.store)
    assert refused.returncode != 0 and "--replace" in refused.stderr and str(second) in refused.stderr
    assert fingerprint(settings.store) == before
    replaced = cxkg("add", str(second), "--meta", str(meta), "--replace", "--store", settings.store)
    assert replaced.returncode == 0, replaced.stderr
    assert "replaced" in replaced.stdout
    assert fingerprint(settings.store) != before


def test_a_failed_extraction_leaves_the_store(settings, tmp_path, cxkg):
    text, meta = write_document(tmp_path / "in", meta={**META, "URL": "not an IRI"})
    before = fingerprint(settings.store)
    result = cxkg("add", str(text), "--meta", str(meta), "--store", settings.store)
    assert result.returncode != 0
    assert "left as it was" in result.stderr and "parcours" in result.stderr
    assert fingerprint(settings.store) == before
    assert not (Path(settings.store + ".documents") / "parcours.txt").exists()


@pytest.mark.parametrize("failure", ["validation", "disk"])
def test_a_failure_after_the_change_leaves_the_store(settings, tmp_path, monkeypatch, failure):
    from cxkg.loaders import update
    from cxkg.loaders.intake import read_new_document

    text, meta = write_document(tmp_path / "in")
    before = fingerprint(settings.store)
    if failure == "validation":
        violation = Violation("shacl", "https://w3id.org/cxkg/id/document/parcours", "made to fail")
        monkeypatch.setattr(update, "new_violations", lambda before, after: [violation])
    else:
        def full_disk(new, target):
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(update, "swap_into_place", full_disk)
    with pytest.raises(update.UpdateError, match="left as it was"):
        update.add(settings, read_new_document(text, meta=meta), progress=lambda line: None)
    assert fingerprint(settings.store) == before
    assert not (Path(settings.store + ".documents") / "parcours.txt").exists()
    assert not Path(settings.store + ".change").exists()


def test_an_added_document_survives_a_rebuild(settings, tmp_path, cxkg):
    text, meta = write_document(tmp_path / "in")
    assert cxkg("add", str(text), "--meta", str(meta), "--store", settings.store).returncode == 0
    added = listed(cxkg, settings.store)["parcours"]
    rebuilt = cxkg("build", "--corpus", str(settings.corpus), "--store", settings.store)
    assert rebuilt.returncode == 0, rebuilt.stderr
    after = listed(cxkg, settings.store)["parcours"]
    assert (after["triples"], after["annotations"], after["title"]) == (added["triples"], added["annotations"], added["title"])


def test_an_added_pdf_gives_the_same_graph_after_a_rebuild(settings, tmp_path, cxkg):
    """The pages a PDF's reading found (each annotation's target says its page) are kept with the
    document, so a rebuild makes its graph again quad for quad; `cxkg add` and `cxkg list` count alike."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for part in TEXT.replace("ć", "c").split("\n\n"):
        pdf.add_page()
        pdf.multi_cell(0, 8, part)
    pdf.output(str(tmp_path / "parcours.pdf"))
    _, meta = write_document(tmp_path / "in")
    added = cxkg("add", str(tmp_path / "parcours.pdf"), "--meta", str(meta), "--store", settings.store)
    assert added.returncode == 0, added.stderr
    counted = int(re.search(r"([\d,]+) triples in its graph", added.stdout).group(1).replace(",", ""))
    assert counted == listed(cxkg, settings.store)["parcours"]["triples"]
    graph = ox.NamedNode(DOCUMENT_GRAPH + "parcours")

    def document_graph() -> set[str]:
        return {str(quad) for quad in OxigraphStore.open(settings.store, read_only=True).quads(graph)}

    before = document_graph()
    pages = {line for line in before if "prismstandard.org/namespaces/basic/2.0/startingPage" in line}
    assert {'"1"', '"2"'} <= {line.split()[2] for line in pages}
    rebuilt = cxkg("build", "--corpus", str(settings.corpus), "--store", settings.store)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert document_graph() == before


def test_incremental_reasoning_gives_what_a_full_run_gives(built, document, tmp_path):
    """Remove a corpus document's graph from a copy of the corpus store, then add it back:
    the inferred graphs (triples and derivation records) are those a full run makes."""
    settings = built[0]
    copy = tmp_path / "store"
    OxigraphStore.open(settings.store, read_only=True).checkpoint(copy)
    graphs = Graphs.of(settings)
    store = OxigraphStore.open(copy)
    graph = ox.NamedNode(settings.document_graph(document))
    quads = list(store.match(graph=graph))
    assert quads, f"the store has no graph for {document}"
    document = ox.NamedNode(settings.mint("document", document))
    original = inferred(store, graphs)
    assert original, "the base store has no inferred triple"

    remove_inferences(store, graph, document, graphs)
    full = OxigraphStore.in_memory()
    releases = ox.NamedNode(settings.graph("releases"))  # recorded after the reasoning, never reasoned over
    full.add(q for q in store.quads() if q.graph_name not in (graphs.inferred, graphs.editorial_inferred, releases))
    infer(full, graphs.inferred, graphs.editorial_inferred, (graphs.editorial,), base=settings.base)
    assert inferred(store, graphs) == inferred(full, graphs)

    store.replace_graph(graph, quads)
    add_inferences(store, graph, graphs)
    assert inferred(store, graphs) == original


def inferred(store: OxigraphStore, graphs: Graphs) -> set:
    return {(q.triple, q.graph_name) for g in (graphs.inferred, graphs.editorial_inferred) for q in store.match(graph=g)}


def test_only_violations_a_change_brings_count():
    concept = ox.NamedNode("https://w3id.org/cxkg/id/concept/x")
    skos = "http://www.w3.org/2004/02/skos/core#"
    graph = ox.NamedNode("https://w3id.org/cxkg/id/graph/document/x")
    before = OxigraphStore.in_memory()
    after = OxigraphStore.in_memory()
    after.add([ox.Quad(concept, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                       ox.NamedNode(skos + "Concept"), graph)])
    found = new_violations(before, after)
    assert found, "a concept without labels or definitions goes unnoticed"
    assert all(v.focus in (concept.value, "") or v.check == "shacl" for v in found)
    assert new_violations(after, after) == []


def test_a_namesake_in_another_document_is_in_the_scope():
    """Two IRIs for one person, stated by two documents: validating the change of one finds it."""
    foaf, rdf_type = "http://xmlns.com/foaf/0.1/", ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    other, changed = (ox.NamedNode(f"https://w3id.org/cxkg/id/graph/document/{n}") for n in ("a", "b"))
    store = OxigraphStore.in_memory()
    for person, graph in ((ox.NamedNode("https://w3id.org/cxkg/id/person/lee"), other),
                          (ox.NamedNode("https://w3id.org/cxkg/id/person/ann-lee"), changed)):
        store.add([ox.Quad(person, rdf_type, ox.NamedNode(foaf + "Person"), graph),
                   ox.Quad(person, ox.NamedNode(foaf + "name"), ox.Literal("Ann Lee"), graph)])
    nodes = nodes_of(store.match(graph=changed))
    assert nodes
    found = [v for v in new_violations(OxigraphStore.in_memory(), neighbourhood(store, [changed], nodes))
             if v.check == "person-identity-violation"]
    assert {v.focus for v in found} == {"https://w3id.org/cxkg/id/person/lee", "https://w3id.org/cxkg/id/person/ann-lee"}


def test_the_digest_a_change_records_is_that_of_the_whole_store(settings, tmp_path, cxkg, corpus_dir):
    """Each release of an add, a removal, the same add again, and the add of a document that
    brings inferred triples records what `cxkg digest` recomputes from the whole store; removing
    a document gives back the digest before it, adding it again the digest it gave."""
    def digest() -> str:
        result = cxkg("digest", settings.store)
        assert result.returncode == 0, result.stderr  # the latest release records the same digest
        return result.stdout.strip()

    text, meta = write_document(tmp_path / "in")
    before = digest()
    assert cxkg("add", str(text), "--meta", str(meta), "--store", settings.store).returncode == 0
    added = digest()
    assert cxkg("remove", "parcours", "--store", settings.store).returncode == 0
    assert digest() == before != added
    assert cxkg("add", str(text), "--meta", str(meta), "--store", settings.store).returncode == 0
    assert digest() == added

    entries = sorted(json.loads((corpus_dir / "corpus.json").read_text(encoding="utf-8")),
                     key=lambda e: (corpus_dir / f"{e['id']}.txt").stat().st_size)
    assert len(entries) > 1, "the corpus has one document only"
    largest = {**META, **{k: v for k, v in entries[-1].items() if k != "id"}}  # author and year if it has none
    text, meta = write_document(tmp_path / "in", "other", (corpus_dir / f"{entries[-1]['id']}.txt").read_text(encoding="utf-8"), largest)
    other = cxkg("add", str(text), "--meta", str(meta), "--id", "other", "--store", settings.store)
    assert other.returncode == 0, other.stderr
    assert int(re.search(r"(\d+) inferred triples added", other.stdout).group(1)) > 0
    assert digest() not in (before, added)
