"""Re-derive only what one document's graph touches: the rules of :mod:`reasoning`, run on its neighbourhood.

**Adding** a graph. Its triples entail something alone (types through
subclasses, subproperties, inverses, symmetric properties: one data premise and
the ontology's axioms) or joined with triples of other graphs, and they join
only on the properties of ``scope/joined-properties.rq`` (transitive ones and
``skos:broaderTransitive``). So the rules run on a small store: the ontology,
the new graph, and the triples of those properties that touch its resources,
fetched again as conclusions reach further; a conclusion is new only if no
graph of the store holds it yet. The work depends on the document and on the
hierarchy it reaches, not on how many documents the corpus holds.

**Removing** a graph (delete and re-derive). The inferred triples whose
derivation records rest on its statements, directly or through another record,
are taken away with their records; so are the triples only the graph stated
that the rules could now derive. The rules then run around those triples
(their resources' own triples and the joined properties) and put back what
still follows from the other graphs.

Both keep the two phases of :func:`cxkg.ontology.reasoning.infer`: what the
sources entail goes to the inferred graph, what needs an editorial decision to
the editorial-inferred graph, each with its derivation record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import pyoxigraph as ox

from cxkg.config import Settings
from cxkg.namespaces import CX, PROV, RDF
from cxkg.ontology.derivation import Derivation, StatementLookup, derivation_quads, derived_iri, title_of
from cxkg.ontology.files import scope_query
from cxkg.ontology.reasoning import MAX_ROUNDS, Inference, fire, rules
from cxkg.store.embedded import OxigraphStore

CONTEXT = ox.NamedNode("urn:x-cxkg:context")
SAID_BY = ox.NamedNode(str(CX.saidBy))
DERIVED_FROM = ox.NamedNode(str(PROV.wasDerivedFrom))
INFERRED_BY, PLAN, RDF_TYPE = (ox.NamedNode(str(term)) for term in (CX.inferredBy, PROV.Plan, RDF.type))
RECORD_PARTS = tuple(ox.NamedNode(str(p)) for p in (RDF.subject, RDF.predicate, RDF.object))


@dataclass(frozen=True)
class Graphs:
    """The project's graphs a run reads and writes, and the base its records are named under."""

    ontology: ox.NamedNode
    editorial: ox.NamedNode
    inferred: ox.NamedNode
    editorial_inferred: ox.NamedNode
    base: str

    @classmethod
    def of(cls, settings: Settings) -> "Graphs":
        kinds = ("ontology", "editorial", "inferred", "editorial-inferred")
        return cls(*(ox.NamedNode(settings.graph(kind)) for kind in kinds), settings.base)


class Known:
    """Whether a conclusion is already known: the run's own triples, then the store's graphs but ``skip``."""

    def __init__(self, store: OxigraphStore, skip: tuple[ox.NamedNode, ...]) -> None:
        self.store, self.skip, self.local = store, set(skip), set()

    def __contains__(self, triple: ox.Triple) -> bool:
        return triple in self.local or holds(self.store, triple, self.skip)


def holds(store: OxigraphStore, triple: ox.Triple, skip: Iterable[ox.NamedNode] = ()) -> bool:
    """Whether a graph of ``store`` other than ``skip`` holds ``triple``."""
    left_out = set(skip)
    return any(q.graph_name not in left_out for q in store.match(triple.subject, triple.predicate, triple.object))


def in_graphs(store: OxigraphStore, triple: ox.Triple, graphs: Iterable[ox.NamedNode]) -> bool:
    """Whether one of ``graphs`` holds ``triple``."""
    return any(any(store.match(triple.subject, triple.predicate, triple.object, g)) for g in graphs)


def add_inferences(store: OxigraphStore, graph: ox.NamedNode, graphs: Graphs,
                   texts: dict[str, str] | None = None) -> Inference:
    """Derive what the (already loaded) ``graph`` adds to the store's inferences, with records.

    A triple the graph states that was inferred before is stated now, not inferred (as a full
    run would have it): it leaves the inferred graphs, and what its record supported is derived
    again from the statement.
    """
    delta = {q.triple for q in store.match(graph=graph)}
    inferred = (graphs.inferred, graphs.editorial_inferred)
    records = [(derived_iri(graphs.base, t), g) for t in delta for g in inferred if in_graphs(store, t, (g,))]
    targets = set(take_away(store, records, inferred)) - delta
    return derive(store, graphs, rules() if texts is None else texts, lambda skip: delta | neighbours(store, targets, skip))


def remove_inferences(store: OxigraphStore, graph: ox.NamedNode, document: ox.NamedNode, graphs: Graphs,
                      texts: dict[str, str] | None = None) -> tuple[int, Inference]:
    """Drop ``graph`` and what rests on it, then derive again what still follows.

    :param document: the document the graph is about (premise statements are credited to it).
    :returns: how many inferred triples were taken away, and what was derived again.
    """
    stated = {q.triple for q in store.match(graph=graph)}
    rows = store.query(scope_query("records-resting-on"), {"graph": graph, "document": document}).rows
    inferred = (graphs.inferred, graphs.editorial_inferred)
    suspects = take_away(store, [(row["record"], row["g"]) for row in rows], inferred)
    for where in inferred:
        for quad in list(store.match(None, SAID_BY, document, where)):
            store.discard(list(store.match(quad.subject, None, None, where)))
    store.drop(graph)
    targets = set(suspects) | {t for t in stated if not holds(store, t)}
    texts = rules() if texts is None else texts
    return len(suspects), derive(store, graphs, texts, lambda skip: neighbours(store, targets, skip))


def take_away(store: OxigraphStore, records: list[tuple[ox.NamedNode, ox.NamedNode]],
              inferred: tuple[ox.NamedNode, ...]) -> set[ox.Triple]:
    """Remove these derivation records, those citing them (transitively) and their triples.

    :param records: (record, graph) pairs to start from.
    :param inferred: the inferred graphs (see :func:`drop_record`).
    :returns: the inferred triples removed.
    """
    found: dict[ox.NamedNode, ox.NamedNode] = {}
    waiting = list(records)
    while waiting:
        record, where = waiting.pop()
        if record in found:
            continue
        found[record] = where
        waiting += [(row["record"], row["g"]) for row in store.query(scope_query("records-citing"), {"premise": record}).rows]
    removed = set()
    for record, where in found.items():
        parts = [next(store.match(record, part, None, where), None) for part in RECORD_PARTS]
        if all(parts):
            triple = ox.Triple(*(q.object for q in parts))
            store.discard([ox.Quad(triple.subject, triple.predicate, triple.object, where)])
            removed.add(triple)
        drop_record(store, record, where, inferred)
    return removed


def drop_record(store: OxigraphStore, record: ox.NamedNode, where: ox.NamedNode, inferred: tuple[ox.NamedNode, ...]) -> None:
    """Remove one derivation record, and the premise statements made for it alone.

    :param inferred: the graphs where premise statements are made (a document's own statements stay).
    """
    cited = [q.object for q in store.match(record, DERIVED_FROM, None, where)]
    store.discard(list(store.match(record, None, None, where)))
    for statement in cited:
        if not any(store.match(None, DERIVED_FROM, statement)):
            for graph in inferred:
                if any(store.match(statement, SAID_BY, None, graph)):
                    store.discard(list(store.match(statement, None, None, graph)))


def neighbours(store: OxigraphStore, triples: set[ox.Triple], skip: tuple[ox.NamedNode, ...]) -> set[ox.Triple]:
    """What the rules need to derive ``triples`` again: their resources' own triples and joined properties."""
    nodes = {n for t in triples for n in (t.subject, t.object) if not isinstance(n, ox.Literal)}
    return around(store, nodes, skip, joined_properties(store)) | {t for n in nodes for t in own_triples(store, n, skip)}


def derive(store: OxigraphStore, graphs: Graphs, texts: dict[str, str],
           start: Callable[[tuple[ox.NamedNode, ...]], set[ox.Triple]]) -> Inference:
    """Both phases from the triples ``start(skip)`` gives; new triples and records go into ``store``."""
    joined = joined_properties(store)
    schema = {q.triple for q in store.match(graph=graphs.ontology)}
    editorial = {q.triple for q in store.match(graph=graphs.editorial)}
    sources_skip = (graphs.editorial, graphs.editorial_inferred)
    first, rounds = phase(store, texts, joined, sources_skip, schema, start(sources_skip), graphs.inferred)
    promote(store, first, graphs)
    store.add(ox.Quad(t.subject, t.predicate, t.object, graphs.inferred) for t in first)
    second, more = phase(store, texts, joined, (), schema | editorial, start(()) | set(first), graphs.editorial_inferred)
    store.add(ox.Quad(t.subject, t.predicate, t.object, graphs.editorial_inferred) for t in second)
    derivations = {**first, **second}
    titles = {name: title_of(text) for name, text in texts.items()}
    inferred = (graphs.inferred, graphs.editorial_inferred)
    store.add(derivation_quads(store, derivations, graphs.base, titles, StatementLookup(store, graphs.base),
                               derived=lambda t: in_graphs(store, t, inferred)))
    prune_rules(store, inferred)
    return Inference(len(derivations), rounds + more, derivations)


def prune_rules(store: OxigraphStore, inferred: tuple[ox.NamedNode, ...]) -> None:
    """Drop a rule's description from a graph where no record is inferred by it any more."""
    for graph in inferred:
        for quad in list(store.match(None, RDF_TYPE, PLAN, graph)):
            if not any(store.match(None, INFERRED_BY, quad.subject, graph)):
                store.discard(list(store.match(quad.subject, None, None, graph)))


def phase(store: OxigraphStore, texts: dict[str, str], joined: set[ox.NamedNode], skip: tuple[ox.NamedNode, ...],
          base: set[ox.Triple], seed: set[ox.Triple], target: ox.NamedNode) -> tuple[dict[ox.Triple, Derivation], int]:
    """Fire the rules on ``base | seed`` and what the joined properties reach, until nothing is new."""
    context, known = OxigraphStore.in_memory(), Known(store, skip)
    context.add(ox.Quad(t.subject, t.predicate, t.object, CONTEXT) for t in base | seed)
    known.local |= base | seed
    derivations: dict[ox.Triple, Derivation] = {}
    seen: set = set()
    frontier = set(seed)
    for round_number in range(1, 2 * MAX_ROUNDS + 1):
        nodes = {n for t in frontier if t.predicate in joined for n in (t.subject, t.object)} - seen
        seen |= nodes
        fetched = around(store, nodes, skip, joined) - known.local
        context.add(ox.Quad(t.subject, t.predicate, t.object, CONTEXT) for t in fetched)
        known.local |= fetched
        fresh = fire(context, texts, known)
        if not fresh and not fetched:
            return {t: Derivation(d.rule, d.premises, target) for t, d in derivations.items()}, round_number
        context.add(ox.Quad(t.subject, t.predicate, t.object, CONTEXT) for t in fresh)
        known.local |= set(fresh)
        derivations.update(fresh)
        frontier = fetched | set(fresh)
    raise RuntimeError(f"the reasoning rules did not converge in {2 * MAX_ROUNDS} rounds")


def joined_properties(store: OxigraphStore) -> set[ox.NamedNode]:
    return {row["p"] for row in store.query(scope_query("joined-properties")).rows}


def around(store: OxigraphStore, nodes: set, skip: Iterable[ox.NamedNode], joined: set[ox.NamedNode]) -> set[ox.Triple]:
    """The triples of the joined properties that touch ``nodes``, in the graphs but ``skip``."""
    left_out = set(skip)
    found = set()
    for node in nodes:
        if isinstance(node, ox.Literal):
            continue
        for p in joined:
            for quad in (*store.match(node, p, None), *store.match(None, p, node)):
                if quad.graph_name not in left_out:
                    found.add(quad.triple)
    return found


def own_triples(store: OxigraphStore, node, skip: Iterable[ox.NamedNode]) -> set[ox.Triple]:
    """The triples whose subject is ``node``, in the graphs but ``skip``."""
    left_out = set(skip)
    return {q.triple for q in store.match(node) if q.graph_name not in left_out}


def promote(store: OxigraphStore, first: dict[ox.Triple, Derivation], graphs: Graphs) -> None:
    """A triple the sources now entail leaves the editorial-inferred graph (as a full run would place it)."""
    for triple in first:
        if in_graphs(store, triple, (graphs.editorial_inferred,)):
            drop_record(store, derived_iri(graphs.base, triple), graphs.editorial_inferred,
                        (graphs.inferred, graphs.editorial_inferred))
            store.discard([ox.Quad(triple.subject, triple.predicate, triple.object, graphs.editorial_inferred)])
