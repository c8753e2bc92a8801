"""The SPARQL rules give what the OWL-RL reference (owlrl) gives for the rules they cover."""

from __future__ import annotations

import owlrl
import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from cxkg.ontology.files import DATA_DIR, ONTOLOGY_FILE, read_all, read_turtle, turtle_files
from cxkg.ontology.reasoning import infer
from cxkg.store.embedded import OxigraphStore

G = ox.NamedNode("https://example.org/g")
INFERRED = ox.NamedNode("https://example.org/inferred")


def to_rdflib(triples) -> Graph:
    graph = Graph()
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    return graph.parse(data=data.decode("utf-8"), format="nt")


@pytest.mark.slow  # owlrl's full OWL-RL closure of the ontology and editorial data
def test_rules_agree_with_owlrl_on_ontology_and_editorial_data():
    quads = read_turtle(ONTOLOGY_FILE, G) + read_all(turtle_files(DATA_DIR), G)
    assert len(quads) > 1000
    store = OxigraphStore.in_memory()
    store.add(quads)
    result = infer(store, INFERRED)
    assert result.new_triples > 0
    records = {q.subject for q in store.quads(INFERRED)
               if q.predicate.value.endswith("#type") and q.object.value.endswith(("#Statement", "#Plan"))}
    assert records, "every inferred triple has its derivation record"
    ours = to_rdflib(q.triple for q in store.quads() if q.subject not in records)  # the conclusions, not their records

    reference = to_rdflib(q.triple for q in quads)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(reference)

    # what we infer is entailed by OWL-RL (SKOS axioms aside: owlrl does not load SKOS)
    skos = "http://www.w3.org/2004/02/skos/core#"
    # (blank nodes of two separate parses never compare equal: leave them out)
    extra = {
        t for t in ours
        if t not in reference and not str(t[1]).startswith(skos)
        and not any(isinstance(term, BNode) for term in t)
    }
    assert extra == set()

    # and the OWL-RL consequences the queries rely on are all there: types of
    # individuals through subclasses, and the values of inverse and transitive properties
    individuals = set(ours.subjects(RDF.type, OWL.NamedIndividual))
    cx = "https://w3id.org/cxkg/ontology#"
    wanted = {
        (s, p, o)
        for s, p, o in reference
        if s in individuals and isinstance(o, URIRef)
        and ((p == RDF.type and str(o).startswith(cx)) or (str(p).startswith(cx)))
    }
    assert wanted, "no consequence to compare"
    assert wanted - set(ours) == set()
