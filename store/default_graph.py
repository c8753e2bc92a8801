"""The SPARQL default graph: the set union of the named graphs, kept in the store.

pyoxigraph's ``use_default_graph_as_union`` is a multiset: a triple stated in
two named graphs matches twice, which RDF does not allow (a graph is a set)
and which makes every ``COUNT`` wrong. So the store's own default graph holds
each triple of the named graphs once, and queries without a dataset run on
it; ``GRAPH ?g`` and ``FROM``/``FROM NAMED`` still range over the named
graphs only, so provenance is unchanged. This module imports nothing but
pyoxigraph: the query processes use it after an update.

>>> store = ox.Store()
>>> a, p, x = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x")
>>> g1, g2 = ox.NamedNode("http://e/g1"), ox.NamedNode("http://e/g2")
>>> store.extend([ox.Quad(a, p, x, g1), ox.Quad(a, p, x, g2)])
>>> fill_default_graph(store)
>>> len(list(store.query("SELECT * WHERE { ?s ?p ?o }"))), len(list(store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")))
(1, 2)
>>> store.remove(ox.Quad(a, p, x, g1)); refresh_default_graph(store, [ox.Quad(a, p, x, g1)])
>>> len(list(store.query("SELECT * WHERE { ?s ?p ?o }")))
1
>>> store.remove(ox.Quad(a, p, x, g2)); refresh_default_graph(store, [ox.Quad(a, p, x, g2)])
>>> len(list(store.query("SELECT * WHERE { ?s ?p ?o }")))
0
"""

from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox

DEFAULT_GRAPH = ox.DefaultGraph()


def fill_default_graph(store: ox.Store) -> None:
    """Make the default graph of ``store`` exactly the set union of its named graphs.

    For a store loaded whole (``cxkg build``, the benchmark's stores); one
    graph at a time, so memory stays that of one graph's quads in flight; with
    the bulk loader, which writes without a transaction (twice as fast at 100k
    triples): the store is not yet in use.
    """
    store.clear_graph(DEFAULT_GRAPH)
    for graph in list(store.named_graphs()):
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                          for q in store.quads_for_pattern(None, None, None, graph))


def add_to_default_graph(store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    """Add the triples of ``quads`` (just written to named graphs) to the default graph."""
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)


def refresh_default_graph(store: ox.Store, removed: Iterable[ox.Quad | ox.Triple]) -> None:
    """After ``removed`` left their named graphs: drop from the default graph
    each triple that no named graph still holds.

    For removing or replacing one document's graph (read its quads first,
    remove the graph, then call this with them).
    """
    gone = []
    for item in removed:
        if not held_by_a_named_graph(store, item):
            gone.append(ox.Quad(item.subject, item.predicate, item.object))
    for quad in gone:
        store.remove(quad)


def held_by_a_named_graph(store: ox.Store, item: ox.Quad | ox.Triple) -> bool:
    return any(not isinstance(q.graph_name, ox.DefaultGraph)
               for q in store.quads_for_pattern(item.subject, item.predicate, item.object))


def lacks_default_graph(store: ox.Store) -> bool:
    """Whether ``store`` has named graphs but no default graph: written by hand,
    or before the default graph was kept (such a store is read through the
    union of its named graphs, a multiset, until it is filled or rebuilt)."""
    if next(iter(store.quads_for_pattern(None, None, None, DEFAULT_GRAPH)), None) is not None:
        return False
    return next(iter(store.named_graphs()), None) is not None


def named_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Every quad of the named graphs (the dataset without its derived default graph)."""
    for graph in list(store.named_graphs()):
        yield from store.quads_for_pattern(None, None, None, graph)


def settle_after_update(store: ox.Store, deleting: bool) -> None:
    """Bring the default graph up to date after a SPARQL Update.

    An update that only adds keeps what it wrote to the default graph itself
    and gains what it wrote to named graphs; one that deletes (``DELETE``,
    ``DROP``, ``CLEAR``, ``MOVE``, ``COPY``) has the default graph made again
    from the named graphs, so nothing it removed stays visible.
    """
    if deleting:
        fill_default_graph(store)
    else:
        for graph in list(store.named_graphs()):
            add_to_default_graph(store, store.quads_for_pattern(None, None, None, graph))
