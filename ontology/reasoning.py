"""Materialise the OWL-RL consequences the queries rely on, and say where each comes from.

Full OWL-RL closure (owlrl) takes over a minute on a graph of this size; the
queries need only types through subclasses, subproperties, inverses, symmetric
and transitive properties and the SKOS hierarchy. Those rules are SPARQL
SELECT queries in ``ontology/rules/``: each returns a conclusion ``?s ?p ?o``
and the data triples it rests on (``?s1 ?p1 ?o1``, ``?s2 ?p2 ?o2``; the
ontology's axioms are implied by the rule). They are applied until nothing new
appears.

What follows from the sources alone goes into the inferred graph; what needs
an editorial decision among its premises goes into the editorial-inferred
graph, so that a triple's graph tells its basis for inferred triples as for
stated ones. Each inferred triple has a derivation record
(:mod:`cxkg.ontology.derivation`).

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

from dataclasses import dataclass, field

import pyoxigraph as ox

from cxkg.ontology.derivation import Derivation, derivation_quads, title_of
from cxkg.namespaces import DEFAULT_BASE
from cxkg.ontology.files import sparql_files
from cxkg.store.embedded import OxigraphStore
from cxkg.store.interface import GraphStore

MAX_ROUNDS = 20
PREMISES = (("s1", "p1", "o1"), ("s2", "p2", "o2"))


@dataclass(frozen=True)
class Inference:
    """What a run of the rules added."""

    new_triples: int
    rounds: int
    derivations: dict = field(default_factory=dict, compare=False, repr=False)


def rules() -> dict[str, str]:
    """The rule files, by name."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sparql_files("rules")}


def infer(store: GraphStore, inferred: ox.NamedNode, editorial_inferred: ox.NamedNode | None = None,
          editorial: tuple[ox.NamedNode, ...] = (), rule_texts: dict[str, str] | None = None,
          base: str = DEFAULT_BASE) -> Inference:
    """Apply the rules to the union of the graphs until a fixpoint, recording derivations.

    :param store: the store; its graphs ``inferred`` and ``editorial_inferred`` are replaced.
    :param inferred: the graph that receives what the other graphs entail without ``editorial``.
    :param editorial_inferred: the graph that receives what needs ``editorial`` too
        (if None, everything goes to ``inferred``).
    :param editorial: the graphs holding the project's decisions.
    :param base: the resource base under which derivation records are named.
    :raises RuntimeError: if the rules have not converged after ``MAX_ROUNDS``.
    """
    texts = rules() if rule_texts is None else rule_texts
    store.replace_graph(inferred, [])
    if editorial_inferred is None:
        found = closure(store, texts, inferred)
    else:
        store.replace_graph(editorial_inferred, [])
        sources = OxigraphStore.in_memory()
        sources.add(q for q in store.quads() if q.graph_name not in editorial)
        found = closure(sources, texts, inferred)
        store.add(ox.Quad(t.subject, t.predicate, t.object, inferred) for t in found.derivations)
        more = closure(store, texts, editorial_inferred)
        found = Inference(found.new_triples + more.new_triples, found.rounds + more.rounds,
                          {**found.derivations, **more.derivations})
    titles = {name: title_of(text) for name, text in texts.items()}
    store.add(derivation_quads(store, found.derivations, base, titles))
    return found


def closure(store: GraphStore, texts: dict[str, str], target: ox.NamedNode) -> Inference:
    """Fire every rule until nothing is new; new triples go to ``target`` as they appear."""
    known = {quad.triple for quad in store.quads()}
    derivations: dict[ox.Triple, Derivation] = {}
    for round_number in range(1, MAX_ROUNDS + 1):
        fresh = fire(store, texts, known)
        if not fresh:
            return Inference(len(derivations), round_number, {t: replace_graph(d, target) for t, d in derivations.items()})
        store.add(ox.Quad(t.subject, t.predicate, t.object, target) for t in fresh)
        known |= set(fresh)
        derivations.update(fresh)
    raise RuntimeError(f"the reasoning rules did not converge in {MAX_ROUNDS} rounds")


def replace_graph(derivation: Derivation, graph: ox.NamedNode) -> Derivation:
    return Derivation(derivation.rule, derivation.premises, graph)


def fire(store: GraphStore, texts: dict[str, str], known: set) -> dict[ox.Triple, Derivation]:
    """One round: every rule once; each new conclusion with every premise set found for it."""
    fresh: dict[ox.Triple, Derivation] = {}
    for name, text in texts.items():
        for row in store.query(text).rows:
            conclusion = ox.Triple(row["s"], row["p"], row["o"])
            if conclusion in known:
                continue
            premises = tuple(ox.Triple(row[s], row[p], row[o]) for s, p, o in PREMISES if s in row)
            previous = fresh.get(conclusion)
            if previous is None:
                fresh[conclusion] = Derivation(name, (premises,))
            elif previous.rule == name and premises not in previous.premises:
                fresh[conclusion] = Derivation(name, previous.premises + (premises,))
    return fresh
