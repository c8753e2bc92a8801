"""The build of the real corpus: what the graph holds and where it comes from."""

from __future__ import annotations

import pyoxigraph as ox

from cxkg.namespaces import DCTERMS, OA

EXACT, START, END = (ox.NamedNode(str(OA[n])) for n in ("exact", "start", "end"))
PREFIX, SUFFIX = ox.NamedNode(str(OA.prefix)), ox.NamedNode(str(OA.suffix))
HAS_SOURCE, HAS_SELECTOR = ox.NamedNode(str(OA.hasSource)), ox.NamedNode(str(OA.hasSelector))
IDENTIFIER = ox.NamedNode(str(DCTERMS.identifier))


def values(store, predicate):
    return {q.subject: q.object for q in store.quads() if q.predicate == predicate}


def test_summary_counts_documents_graphs_and_annotations(built, corpus_texts):
    settings, summary = built
    assert summary.documents == len(corpus_texts) == 5
    graphs = set(summary.triples)
    assert {"ontology", "editorial", "inferred"} <= graphs
    assert {f"document/{identifier}" for identifier in corpus_texts} <= graphs
    assert all(count > 0 for count in summary.triples.values())
    assert summary.annotations > 500
    assert summary.concepts > 80


def test_graph_has_no_violation(built):
    _, summary = built
    assert [f"[{v.check}] {v.focus}: {v.message}" for v in summary.violations] == []


def test_every_document_is_identified_by_its_file_stem(store, corpus_texts):
    identifiers = {literal.value for literal in values(store, IDENTIFIER).values()}
    assert set(corpus_texts) <= identifiers


def test_every_annotation_quotes_its_offsets_exactly(store, corpus_texts):
    """text[start:end] == exact, with prefix and suffix around it, for all annotations."""
    exact, start, end = values(store, EXACT), values(store, START), values(store, END)
    prefix, suffix = values(store, PREFIX), values(store, SUFFIX)
    source = values(store, HAS_SOURCE)
    documents = {q.subject: q.object.value for q in store.quads() if q.predicate == IDENTIFIER}
    selectors = {}
    for quad in store.quads():
        if quad.predicate == HAS_SELECTOR:
            selectors.setdefault(quad.subject, []).append(quad.object)
    assert selectors, "no annotation target in the graph"
    checked = 0
    for target, parts in selectors.items():
        text = corpus_texts[documents[source[target]]]
        quote = next(p for p in parts if p in exact)
        position = next(p for p in parts if p in start)
        s, e = int(start[position].value), int(end[position].value)
        assert text[s:e] == exact[quote].value, f"{target.value}: offsets {s}-{e} do not hold the quote"
        assert text[:s].endswith(prefix[quote].value) and text[e:].startswith(suffix[quote].value)
        checked += 1
    assert checked == len(selectors)
