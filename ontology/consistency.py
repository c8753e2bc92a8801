"""OWL 2 DL consistency with HermiT (through owlready2, on the machine's Java).

owlready2 reads N-Triples, not Turtle, and says nothing useful when the
ontology is inconsistent (its exception has an empty message), so the report is
ours: the individuals typed with disjoint classes, found by the
``disjoint-types-violation`` check, which is the usual cause here.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field

import owlready2
import pyoxigraph as ox

from cxkg.namespaces import RDF
from cxkg.store.interface import GraphStore

# Reification and annotation vocabulary HermiT does not need to see.
SKIPPED_PREDICATES = frozenset(
    {
        str(RDF.subject),
        str(RDF.predicate),
        str(RDF.object),
    }
)


@dataclass(frozen=True)
class Consistency:
    """The reasoner's verdict and, when inconsistent, why."""

    consistent: bool
    explanation: list[str] = field(default_factory=list)


def to_ntriples(store: GraphStore) -> bytes:
    """The union of the stated graphs, as N-Triples for owlready2."""
    triples = {
        quad.triple
        for quad in store.quads()
        if quad.predicate.value not in SKIPPED_PREDICATES
    }
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)


def check_consistency(store: GraphStore, explain) -> Consistency:
    """Run HermiT over the graph.

    :param store: the store to check (all graphs).
    :param explain: a callable returning readable lines about a likely cause,
        called only when the reasoner finds the graph inconsistent.
    :raises RuntimeError: if Java or the reasoner fails for another reason.
    """
    world = owlready2.World()
    onto = world.get_ontology("https://w3id.org/cxkg/check#")
    onto.load(fileobj=io.BytesIO(to_ntriples(store)), format="ntriples")
    logging.getLogger("owlready2").setLevel(logging.ERROR)
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        lines = list(explain()) or ["HermiT found the graph inconsistent; no disjointness clash was found, so look at cardinality and property axioms."]
        return Consistency(False, lines)
    except owlready2.base.OwlReadyJavaError as error:
        raise RuntimeError(f"the OWL reasoner failed: {error}") from error
    return Consistency(True)
