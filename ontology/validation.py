"""Validate the graph: SHACL shapes and the ``*-violation.rq`` checks.

A violation query (the OBO convention) selects what is wrong; on good data it
returns no rows. Both kinds of finding come back as :class:`Violation`, so the
build summary and ``cxkg check`` report them alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from cxkg.ontology.files import SHAPES_FILE, scope_query, sparql_files
from cxkg.store.embedded import OxigraphStore
from cxkg.store.interface import GraphStore

#: The graph of a validation scope that holds what the changed graphs refer to.
NEIGHBOURHOOD = ox.NamedNode("urn:x-cxkg:neighbourhood")


@dataclass(frozen=True, order=True)
class Violation:
    """One thing wrong: which check found it, on what, and why."""

    check: str
    focus: str
    message: str


def run_checks(store: GraphStore) -> list[Violation]:
    """Run every ``ontology/checks/*-violation.rq`` over the union of the graphs."""
    found = []
    for path in sparql_files("checks", "-violation.rq"):
        for row in store.select(path.read_text(encoding="utf-8")):
            focus = row.get("focus")
            message = row.get("message")
            found.append(
                Violation(
                    path.stem,
                    focus.value if focus is not None else "",
                    message.value if message is not None else path.stem,
                )
            )
    return sorted(found)


def union_graph(store: GraphStore) -> Graph:
    """The union of the graphs as an rdflib graph (for pyshacl)."""
    triples = {quad.triple for quad in store.quads()}
    data = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def run_shacl(store: GraphStore) -> list[Violation]:
    """Validate the union of the graphs against ``ontology/shapes.ttl``."""
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, report, _ = validate(union_graph(store), shacl_graph=shapes, inference="none")
    if conforms:
        return []
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage) or "shape violated"
        where = f" ({path})" if path is not None else ""
        found.append(Violation("shacl", str(report.value(result, SH.focusNode)), f"{message}{where}"))
    return sorted(found)


def validate_all(store: GraphStore) -> list[Violation]:
    """SHACL and the violation queries together."""
    return run_shacl(store) + run_checks(store)


def neighbourhood(store: OxigraphStore, graphs: Iterable[ox.NamedNode], nodes: Iterable) -> OxigraphStore:
    """What a change touches, to validate it without the whole store.

    :param graphs: graphs taken whole (the ontology, the editorial data, the changed graph).
    :param nodes: the resources the change states or refers to; every triple whose subject
        is one of them comes along, from any graph (their types, labels, definitions), once
        (in one graph: a triple many documents state is validated once), and so do their
        namesakes (:func:`namesakes`), which a check compares them with.
    """
    whole = set(graphs)
    scope = OxigraphStore.in_memory()
    for graph in whole:
        scope.add(store.match(graph=graph))
    nodes = set(nodes)
    for node in nodes | namesakes(store, nodes):
        if not isinstance(node, ox.Literal):
            scope.add(q if q.graph_name in whole else ox.Quad(q.subject, q.predicate, q.object, NEIGHBOURHOOD)
                      for q in store.match(node))
    return scope


def namesakes(store: OxigraphStore, nodes: set) -> set:
    """Other resources that share a value of a compared property (``scope/compared-properties.rq``,
    such as a person's ``foaf:name``) with one of ``nodes``: a check that compares two
    resources (one person under two IRIs) needs both in the scope. Values are matched as
    they are written (a name that differs only in case is not brought in).
    """
    compared = [row["p"] for row in store.query(scope_query("compared-properties")).rows]
    values = {(q.predicate, q.object) for node in nodes if not isinstance(node, ox.Literal)
              for p in compared for q in store.match(node, p)}
    return {q.subject for p, value in values for q in store.match(None, p, value)} - nodes


def nodes_of(quads: Iterable[ox.Quad]) -> set:
    """The subjects and non-literal objects of ``quads``."""
    return {n for q in quads for n in (q.subject, q.object) if not isinstance(n, ox.Literal)}


def new_violations(before: GraphStore, after: GraphStore) -> list[Violation]:
    """What is wrong in ``after`` and was not in ``before`` (two scopes of one change).

    A scope misses what lies beyond it (a definition backed in another
    document, say), so a finding counts only if the change brought it:
    ``before`` is validated only when ``after`` has findings.
    """
    found = validate_all(after)
    if not found:
        return []
    known = {finding(v) for v in validate_all(before)}
    return [violation for violation in found if finding(violation) not in known]


def finding(violation: Violation) -> tuple[str, str, str]:
    """What a violation says, its focus left out when it is a blank node (relabelled per run)."""
    focus = violation.focus if violation.focus.startswith(("http://", "https://", "urn:")) else ""
    return violation.check, focus, violation.message
