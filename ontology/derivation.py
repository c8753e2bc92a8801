"""Derivation records: each inferred triple with its rule and the statements it rests on.

An inferred triple gets a ``cx:DerivedStatement`` (``statement/<hash>``, in the
graph of the triple) with ``cx:inferredBy`` its rule and ``prov:wasDerivedFrom``
every statement that asserts one of its premises: a source statement of a
document, an editorial statement, or the derivation record of a premise that
was itself inferred. A premise no statement reifies (a triple of the
editorial data or the ontology, a structural triple of a document) gets a
statement of its own, credited as its graph says: the project (role editor)
for the editorial and ontology graphs, the document (role author) for a
document's graph. So a derivation can be followed back to a passage or to a
decision, and cx:saidBy answers for every link.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from cxkg.ontology.files import ONTOLOGY_DIR
from cxkg.namespaces import CX, PROV, RDF, RDFS, digest

Premises = tuple[ox.Triple, ...]


@dataclass(frozen=True)
class Derivation:
    """How one triple was inferred: its rule, each set of premises found, its graph."""

    rule: str
    premises: tuple[Premises, ...]
    graph: ox.NamedNode | None = None


def N(term) -> ox.NamedNode:  # noqa: N802
    return ox.NamedNode(str(term))


def lookup(name: str) -> str:
    return (ONTOLOGY_DIR / "provenance" / f"{name}.rq").read_text(encoding="utf-8")


def derived_iri(base: str, triple: ox.Triple) -> ox.NamedNode:
    return N(f"{base}statement/{digest('derived', triple.subject, triple.predicate, triple.object)}")


def statement_index(store) -> dict[ox.Triple, list]:
    """Every triple a statement asserts -> those statements (for a whole-store run)."""
    asserting: dict[ox.Triple, list] = {}
    for row in store.query(lookup("statements")).rows:
        asserting.setdefault(ox.Triple(row["s"], row["p"], row["o"]), []).append(row["statement"])
    return asserting


class StatementLookup:
    """The statements asserting a triple, looked up one triple at a time.

    For a run that touches a few triples of a large store (adding or removing
    one document): it reads only what it is asked, where :func:`statement_index`
    reads every statement of the store.
    """

    def __init__(self, store, base: str) -> None:
        self.store, self.base, self.found = store, base, {}

    def get(self, triple: ox.Triple) -> list | None:
        """The statements asserting ``triple``, not counting one an earlier run made for a premise."""
        if triple not in self.found:
            rows = self.store.query(lookup("statements"), {"s": triple.subject, "p": triple.predicate, "o": triple.object}).rows
            made = stated_iri(self.base, triple)
            self.found[triple] = [row["statement"] for row in rows if row["statement"] != made]
        return self.found[triple] or None

    def __contains__(self, triple: ox.Triple) -> bool:
        return self.get(triple) is not None

    def __setitem__(self, triple: ox.Triple, statements: list) -> None:
        self.found[triple] = statements


def derivation_quads(store, derivations: dict[ox.Triple, Derivation], base: str, titles: dict[str, str],
                     asserting=None, derived=lambda triple: False) -> list[ox.Quad]:
    """The records of every derivation, and statements for premises no statement reifies.

    :param asserting: triple -> the statements asserting it (default: read them all from ``store``).
    :param derived: whether a premise outside ``derivations`` is itself an inferred triple
        (a run that adds to earlier inferences; its record has the same IRI).
    """
    asserting = statement_index(store) if asserting is None else asserting
    quads: list[ox.Quad] = []
    for triple, derivation in derivations.items():
        record, graph = derived_iri(base, triple), derivation.graph
        quads += [ox.Quad(record, p, o, graph) for p, o in (
            (N(RDF.type), N(RDF.Statement)), (N(RDF.type), N(CX.DerivedStatement)),
            (N(RDF.subject), triple.subject), (N(RDF.predicate), triple.predicate), (N(RDF.object), triple.object),
            (N(CX.inferredBy), N(f"{base}rule/{derivation.rule}")))]
        for premise in dict.fromkeys(p for premises in derivation.premises for p in premises):
            if premise in derivations or derived(premise):
                sources = [derived_iri(base, premise)]
            else:
                sources = asserting.get(premise) or [stated_iri(base, premise)]
                if premise not in asserting:
                    quads += stated_quads(store, premise, base, graph)
                    asserting[premise] = sources
            quads += [ox.Quad(record, N(PROV.wasDerivedFrom), source, graph) for source in sources]
    return quads + rule_quads(derivations, base, titles)


def stated_iri(base: str, triple: ox.Triple) -> ox.NamedNode:
    return N(f"{base}statement/{digest('stated', triple.subject, triple.predicate, triple.object)}")


def stated_quads(store, triple: ox.Triple, base: str, graph: ox.NamedNode) -> list[ox.Quad]:
    """A statement for a premise that no statement reifies, credited as its graph says."""
    node = stated_iri(base, triple)
    holders = [row["g"].value for row in store.query(lookup("graphs-of-triple"), {
        "s": triple.subject, "p": triple.predicate, "o": triple.object}).rows]
    documents = [g for g in holders if g.startswith(f"{base}graph/document/")]
    if documents:
        said_by, role = N(base + "document/" + documents[0].rsplit("/", 1)[-1]), "author"
        credit = PROV.hadPrimarySource
    else:
        said_by, role, credit = N(base + "agent/cxkg"), "editor", PROV.wasAttributedTo
    return [ox.Quad(node, p, o, graph) for p, o in (
        (N(RDF.type), N(RDF.Statement)),
        (N(RDF.subject), triple.subject), (N(RDF.predicate), triple.predicate), (N(RDF.object), triple.object),
        (N(CX.saidBy), said_by), (N(credit), said_by),
        (N(CX.attributionRole), N(f"{base}role/{role}")), (N(CX.modality), N(f"{base}modality/asserts")))]


def rule_quads(derivations: dict[ox.Triple, Derivation], base: str, titles: dict[str, str]) -> list[ox.Quad]:
    """Each rule used, as a prov:Plan labelled with its file's title, in the graph it served."""
    used = {(d.rule, d.graph) for d in derivations.values()}
    return [ox.Quad(N(f"{base}rule/{name}"), p, o, graph) for name, graph in sorted(used, key=str) for p, o in (
        (N(RDF.type), N(PROV.Plan)), (N(RDFS.label), ox.Literal(titles.get(name, name), language="en")))]


def title_of(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("# title:"):
            return line.removeprefix("# title:").strip()
    return ""
