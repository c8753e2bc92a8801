"""Canonical blank-node labels, so that the same graph always reads the same.

The store gives blank nodes (the ontology's OWL restrictions and ``owl:unionOf``
lists) fresh labels at each build; OWL class expressions must stay blank nodes
for OWL DL tools (HermiT), so they are relabelled at export rather than
skolemised in the store.

The quads that hold blank nodes fall into groups, the blank nodes linked to
each other (one restriction, one RDF list with the triple that points to it).
Each group is canonicalised on its own with RDFC-1.0, the W3C recommendation
(pyoxigraph's ``CanonicalizationAlgorithm.RDFC_1_0``, whose labels the
recommendation fixes, unlike the library's ``UNSTABLE`` algorithm), and its
labels are prefixed by the hash of the group's canonical form:
``_:b<12 hex digits>_<n>``. So a label depends only on its own group: adding
or changing one restriction leaves the others' labels alone, and a diff of
two builds shows only what changed. (Two groups identical but for their
blank nodes say the same thing, and are written once.) The ground quads,
nearly all of them, stream through untouched.

>>> p, g = ox.NamedNode("http://e/p"), ox.NamedNode("http://e/g")
>>> one = [ox.Quad(ox.NamedNode("http://e/s"), p, ox.BlankNode("x"), g), ox.Quad(ox.BlankNode("x"), p, ox.Literal("a"), g)]
>>> two = [ox.Quad(ox.NamedNode("http://e/s"), p, ox.BlankNode("y"), g), ox.Quad(ox.BlankNode("y"), p, ox.Literal("a"), g)]
>>> lines(one) == lines(two)
True
>>> lines(one)[0]
'<http://e/s> <http://e/p> _:bd8035bd69884_0 <http://e/g> .'
"""

from __future__ import annotations

import hashlib
from typing import Iterable, Iterator, Mapping

import pyoxigraph as ox

ALGORITHM = ox.CanonicalizationAlgorithm.RDFC_1_0


def has_blank(quad: ox.Quad) -> bool:
    """Whether a blank node is the subject, the object or the graph of ``quad``."""
    return any(isinstance(term, ox.BlankNode) for term in (quad.subject, quad.object, quad.graph_name))


def canonical(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """``quads`` with canonical blank-node labels: the ground quads first, in
    their order, then those holding a blank node, group by group."""
    blank: list[ox.Quad] = []
    for quad in quads:
        if has_blank(quad):
            blank.append(quad)
        else:
            yield quad
    for group in groups(blank):
        yield from relabel(group)


def groups(quads: list[ox.Quad]) -> list[list[ox.Quad]]:
    """The quads in groups whose blank nodes are linked, through quads holding two of them."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for quad in quads:
        first, *others = blanks(quad)
        for other in others:
            parent[root(other)] = root(first)
    grouped: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        grouped.setdefault(root(blanks(quad)[0]), []).append(quad)
    return list(grouped.values())


def blanks(quad: ox.Quad) -> list[str]:
    return [term.value for term in (quad.subject, quad.object, quad.graph_name) if isinstance(term, ox.BlankNode)]


def relabel(group: list[ox.Quad]) -> list[ox.Quad]:
    """One group canonicalised with RDFC-1.0, its labels prefixed by its hash."""
    dataset = ox.Dataset(group)
    dataset.canonicalize(ALGORITHM)
    form = ox.serialize(sorted(dataset, key=str), format=ox.RdfFormat.N_QUADS)
    prefix = "b" + hashlib.sha256(form).hexdigest()[:12] + "_"

    def name(term):
        return ox.BlankNode(prefix + term.value.removeprefix("c14n")) if isinstance(term, ox.BlankNode) else term

    return [ox.Quad(name(q.subject), q.predicate, name(q.object), name(q.graph_name)) for q in dataset]


def lines(quads: Iterable[ox.Quad]) -> list[str]:
    """The canonical N-Quads lines of ``quads``, sorted by code point (as
    ``LC_ALL=C sort`` sorts their UTF-8 bytes), without line ends."""
    text = ox.serialize(canonical(quads), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return sorted(set(text.splitlines()))


def digest(quads: Iterable[ox.Quad]) -> str:
    """The SHA-256 of the sorted canonical N-Quads lines of ``quads``, each ended by a line feed.

    >>> digest([]) == hashlib.sha256(b"").hexdigest()
    True
    """
    sha = hashlib.sha256()
    for line in lines(quads):
        sha.update(line.encode("utf-8") + b"\n")
    return sha.hexdigest()


def graph_digests(quads: Iterable[ox.Quad]) -> dict[str, str]:
    """Per named graph of ``quads``, by IRI: the :func:`digest` of its quads,
    canonicalised on their own (so one graph's digest never depends on another).
    Quads of the default graph are left out."""
    grouped: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        if isinstance(quad.graph_name, ox.NamedNode):
            grouped.setdefault(quad.graph_name.value, []).append(quad)
    return {graph: digest(group) for graph, group in grouped.items()}


def digest_line(graph: str, graph_digest: str) -> str:
    """One line of :func:`content_digest`: the graph's IRI, a space, its digest."""
    return f"{graph} {graph_digest}"


def content_digest(graphs: Mapping[str, str]) -> str:
    """The SHA-256 of the sorted :func:`digest_line` of each graph, each ended by a line feed:
    what ``cxkg digest --graphs DUMP | sha256sum`` prints. A change recomputes only
    the digests of the graphs it wrote.

    >>> content_digest({}) == hashlib.sha256(b"").hexdigest()
    True
    """
    text = "".join(line + "\n" for line in sorted(digest_line(g, d) for g, d in graphs.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
