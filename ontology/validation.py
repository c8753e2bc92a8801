"""Validate the graph: SHACL shapes and the ``*-violation.rq`` checks.

A violation query (the OBO convention) selects what is wrong; on good data it
returns no rows. Both kinds of finding come back as :class:`Violation`, so the
build summary and ``cxkg check`` report them alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from cxkg.ontology.files import SHAPES_FILE, sparql_files
from cxkg.store.interface import GraphStore

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
