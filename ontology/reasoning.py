"""Materialise the OWL-RL consequences the queries rely on.

Full OWL-RL closure (owlrl) takes over a minute on a graph of this size; the
queries need only types through subclasses, subproperties, inverses, symmetric
and transitive properties and the SKOS hierarchy. Those rules are SPARQL
CONSTRUCT queries in ``ontology/rules/``, applied until nothing new appears; the
new triples go into the inferred graph, so what is inferred stays apart from
what was stated.

>>> from pyoxigraph import NamedNode as N, Quad
>>> from cxkg.store.embedded import OxigraphStore
>>> s = OxigraphStore.in_memory()
>>> g, rdfs = N("https://example.org/g"), "http://www.w3.org/2000/01/rdf-schema#"
>>> a = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
>>> s.add([Quad(N("https://example.org/A"), N(rdfs + "subClassOf"), N("https://example.org/B"), g),
...        Quad(N("https://example.org/x"), N(a), N("https://example.org/A"), g)])
>>> infer(s, N("https://example.org/inferred")).new_triples
1
"""

from __future__ import annotations

from dataclasses import dataclass
import pyoxigraph as ox

from cxkg.ontology.files import sparql_files
from cxkg.store.interface import GraphStore

MAX_ROUNDS = 20


@dataclass(frozen=True)
class Inference:
    """What a run of the rules added."""

    new_triples: int
    rounds: int


def rules() -> dict[str, str]:
    """The rule files, by name."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sparql_files("rules")}


def infer(store: GraphStore, inferred: ox.NamedNode, rule_texts: dict[str, str] | None = None) -> Inference:
    """Apply the rules to the union of the graphs until a fixpoint.

    :param store: the store; its graph ``inferred`` is replaced.
    :param inferred: the graph that receives the consequences.
    :raises RuntimeError: if the rules have not converged after ``MAX_ROUNDS``.
    """
    rule_texts = rules() if rule_texts is None else rule_texts
    store.replace_graph(inferred, [])
    known = {quad.triple for quad in store.quads()}
    added = 0
    for round_number in range(1, MAX_ROUNDS + 1):
        fresh = _fire(store, rule_texts.values(), known)
        if not fresh:
            return Inference(added, round_number)
        store.add(ox.Quad(t.subject, t.predicate, t.object, inferred) for t in fresh)
        known |= fresh
        added += len(fresh)
    raise RuntimeError(f"the reasoning rules did not converge in {MAX_ROUNDS} rounds")


def _fire(store: GraphStore, texts, known: set) -> set:
    """One round: every rule once, keeping only triples not yet known."""
    fresh: set = set()
    for text in texts:
        for triple in store.query(text).triples:
            if triple not in known:
                fresh.add(triple)
    return fresh

