"""Citation and mention quality on test documents the project wrote for the purpose.

``tests/data/documents`` holds research texts in English and French (never the corpus),
their CSL-JSON entries and hand-made lists of the works they cite (``citations.json``) and
of the concept mentions judged in them (``mentions.json``). Each document goes through the
same pipeline a build uses (:func:`cxkg.loaders.pipeline.document_quads`); the test reports
citation recall and precision and mention precision, and holds them to the targets.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest

from cxkg.config import Settings
from cxkg.loaders.build import Stopwatch, Summary
from cxkg.loaders.corpus import read_corpus
from cxkg.loaders.pipeline import document_quads, load_resources
from cxkg.namespaces import CITO, CX, DCTERMS, OA, RDF, RDFS, SKOS
from cxkg.ontology.labels import straight_apostrophes

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"
RECALL, PRECISION, MENTION_PRECISION = 0.95, 0.95, 0.95


def slug(text: str) -> str:
    """The hand-made list's surname as a lowercase ASCII slug (the way work IRIs end: an apostrophe of any
    form parts two words, "d’Astous" and "d'Astous" are both ``d-astous``)."""
    ascii_ = unicodedata.normalize("NFKD", straight_apostrophes(text)).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_))


@pytest.fixture(scope="module")
def graphs(tmp_path_factory) -> dict[str, list]:
    """Each test document's quads, as ``cxkg build`` makes them."""
    settings = Settings(corpus=DOCUMENTS, store=tmp_path_factory.mktemp("store"))
    resources = load_resources(settings)
    clock = Stopwatch(lambda line: None, Summary())
    out = {}
    for document in read_corpus(DOCUMENTS):
        graph = ox.NamedNode(settings.document_graph(document.identifier))
        out[document.identifier] = document_quads(document, resources, graph, clock)[0]
    return out


def cited(quads) -> set[str]:
    """The last path segment of every work the document cites."""
    return {q.object.value.rsplit("/", 1)[-1] for q in quads if q.predicate.value == str(CITO.cites)}


def expected() -> dict[str, set[str]]:
    lists = json.loads((DOCUMENTS / "citations.json").read_text(encoding="utf-8"))
    return {doc: {f"{slug(name)}-{year}" for name, year in works} for doc, works in lists.items() if doc != "about"}


def test_the_documents_are_in_both_languages_with_their_lists(graphs):
    languages = {d.identifier: d.meta["language"][:2] for d in read_corpus(DOCUMENTS)}
    assert set(languages.values()) == {"en", "fr"}
    assert set(expected()) == set(graphs) and all(expected().values())


@pytest.mark.parametrize("name", ["en-journey", "en-springer", "fr-pilotage", "en-capabilities", "fr-mesure", "en-wrapped"])
def test_citation_recall_and_precision(graphs, name):
    found, wanted = cited(graphs[name]), expected()[name]
    assert found
    hits = found & wanted
    recall, precision = len(hits) / len(wanted), len(hits) / len(found)
    print(f"{name}: citation recall {recall:.3f} ({len(hits)}/{len(wanted)}), "
          f"precision {precision:.3f} ({len(hits)}/{len(found)}); missed {sorted(wanted - found)}, spurious {sorted(found - wanted)}")
    assert recall >= RECALL and precision >= PRECISION, (sorted(wanted - found), sorted(found - wanted))


def test_a_work_cited_by_several_documents_is_one_work(graphs):
    works = [{q.object.value for q in quads if q.predicate.value == str(CITO.cites)} for quads in graphs.values()]
    shared = set.intersection(*works)
    assert {w.rsplit("/", 1)[-1] for w in shared} >= {"lemon-2016", "homburg-2017"}


def judged_mentions() -> dict[tuple[str, int, int, str], bool]:
    """The mentions judged by hand in the test documents: (document, start, end, concept slug) -> right."""
    lines = (DOCUMENTS / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return {(r["document"], r["start"], r["end"], r["concept"]): r["verdict"] == "yes" for r in rows}


def mentions(document: str, quads) -> set[tuple[str, int, int, str]]:
    """The concept mentions of a document's graph: its ``oa:identifying`` annotations with their offsets."""
    body = {q.subject: q.object.value for q in quads if q.predicate.value == str(OA.hasBody)}
    start = {q.subject: int(q.object.value) for q in quads if q.predicate.value == str(OA.start)}
    end = {q.subject: int(q.object.value) for q in quads if q.predicate.value == str(OA.end)}
    annotations = {q.subject for q in quads if q.predicate.value == str(OA.motivatedBy) and q.object.value == str(OA.identifying)}
    target = {q.subject: q.object for q in quads if q.predicate.value == str(OA.hasTarget)}
    position = {q.subject: q.object for q in quads if q.predicate.value == str(OA.hasSelector) and q.object in start}
    return {(document, start[position[target[a]]], end[position[target[a]]], body[a].rsplit("/", 1)[-1])
            for a in annotations if target.get(a) in position}


def test_english_and_french_mentions_reach_the_precision_target(graphs):
    verdicts = judged_mentions()
    found = {m for name, quads in graphs.items() for m in mentions(name, quads)}
    assert found and {m[0] for m in found} == set(graphs)
    right = sum(verdicts.get(m, False) for m in found)  # a mention nobody judged counts as wrong
    for language in ("en", "fr"):
        of = [m for m in found if m[0].startswith(language)]
        print(f"{language}: mention precision {sum(verdicts.get(m, False) for m in of) / len(of):.3f} ({len(of)} mentions)")
    print(f"mention precision {right / len(found):.3f} ({right}/{len(found)}; {len(found - set(verdicts))} unjudged)")
    assert right / len(found) >= MENTION_PRECISION
    assert ("en-journey", 1826, 1849, "touchpoint-journey-design") in found  # English lemmas: "Customer journey design"
    assert any(m[0] == "en-journey" and m[3] == "touchpoint" and m[1] == 39 for m in found)  # "touchpoints" -> touchpoint


def candidates(quads) -> dict[str, dict[str, ox.Literal | ox.NamedNode]]:
    """The candidate definitions of a document graph: the term -> the node's properties."""
    nodes = {q.subject for q in quads if q.object.value == str(CX.CandidateDefinition)}
    props = {n: {q.predicate.value: q.object for q in quads if q.subject == n} for n in nodes}
    return {p[str(RDFS.label)].value: p for p in props.values()}


def test_french_definitions_are_the_concepts_and_english_ones_candidates(graphs):
    definition, subject = str(SKOS.definition), str(DCTERMS.subject)
    french = {q.subject.value.rsplit("/", 1)[-1]: q.object for q in graphs["fr-pilotage"] if q.predicate.value == definition}
    assert french["customer-experience"].language == "fr"
    assert french["customer-experience"].value.startswith("l’ensemble des réponses cognitives")
    english = graphs["en-journey"]
    assert not [q for q in english if q.predicate.value == definition and "/concept/" in q.subject.value]
    found = candidates(english)
    assert set(found) == {"Customer experience", "Customer experience management", "Brand experience"}
    cx = found["Customer experience"]
    assert cx[definition].language == "en" and cx[definition].value.startswith("the customer's cognitive, emotional")
    assert cx[subject].value.endswith("/concept/customer-experience")
    new_term = candidates(graphs["en-springer"])["Omnichannel management"]
    assert new_term[definition].value.startswith("the synergetic management of the numerous available channels")
    assert subject not in new_term and str(SKOS.Concept) not in {o.value for o in new_term.values()}


def test_a_definition_is_credited_to_the_work_its_sentence_cites(graphs):
    credits = set()
    for quads in graphs.values():
        statements = {q.subject for q in quads if q.predicate.value == str(RDF.predicate) and q.object.value == str(SKOS.definition)}
        about = {q.subject: q.object for q in quads if q.subject in statements and q.predicate.value == str(RDF.subject)}
        terms = {q.subject: q.object.value for q in quads if q.predicate.value == str(RDFS.label)}
        credits |= {(terms.get(about[q.subject], about[q.subject].value.rsplit("/", 1)[-1]), q.object.value.rsplit("/", 1)[-1])
                    for q in quads if q.subject in statements and q.predicate.value == str(CX.saidBy)}
    assert credits
    assert ("Omnichannel management", "verhoef-2015") in credits  # "… is defined as … (Verhoef et al. 2015)"
    assert ("Brand experience", "brakus-2009") in credits
    assert ("customer-experience-management", "homburg-2017") in credits  # the French one, "(Homburg, Jozić et Kuehnl, 2017)"


def test_the_english_model_loads_only_for_an_english_document(tmp_path):
    settings = Settings(corpus=DOCUMENTS, store=tmp_path)
    resources = load_resources(settings)
    clock = Stopwatch(lambda line: None, Summary())
    documents = {d.identifier: d for d in read_corpus(DOCUMENTS)}
    document_quads(documents["fr-pilotage"], resources, ox.NamedNode(settings.document_graph("fr-pilotage")), clock)
    assert set(resources.languages) == {"fr"}
    document_quads(documents["en-journey"], resources, ox.NamedNode(settings.document_graph("en-journey")), clock)
    assert set(resources.languages) == {"fr", "en"} and resources.languages["en"].nlp.lang == "en"
