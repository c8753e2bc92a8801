"""The embedded store: pyoxigraph on disk (RocksDB) or in memory.

It implements :class:`~cxkg.store.interface.GraphStore`, as the remote store
does, so everything that reads or writes the graph can take either.

>>> from pyoxigraph import NamedNode, Literal, Quad
>>> s = OxigraphStore.in_memory()
>>> g = NamedNode("https://example.org/g")
>>> s.replace_graph(g, [Quad(NamedNode("https://example.org/a"),
...                          NamedNode("https://example.org/p"), Literal("x"), g)])
>>> [row["o"].value for row in s.select("SELECT ?o WHERE { ?s ?p ?o }")]
['x']
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import pyoxigraph as ox

from cxkg.namespaces import RDF
from cxkg.store import guard
from cxkg.store.default_graph import (DEFAULT_GRAPH, fill_default_graph, lacks_default_graph, named_quads,
                                      refresh_default_graph)
from cxkg.store.formats import FORMATS, serialize
from cxkg.store.prebind import write_in
from cxkg.store.interface import Result, Selecting, StoreError, Term, open_error, result_of

RDF_TYPE = ox.NamedNode(str(RDF.type))

__all__ = ["OxigraphStore", "fill_default_graph", "refresh_default_graph", "swap_into_place"]


class OxigraphStore(Selecting):
    """The embedded store: pyoxigraph on disk (RocksDB) or in memory.

    The SPARQL default graph is the set union of the named graphs, kept in the
    store's own default graph as graphs are written (see
    :mod:`cxkg.store.default_graph`); counts, dumps and exports read the named
    graphs only.
    """

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        self._store = store
        self.path = path
        #: made before the default graph was kept: read the union of the named graphs instead
        self.union = lacks_default_graph(store)
        #: the named graphs written through this object (what a release digests again)
        self.written: set[ox.NamedNode] = set()

    @classmethod
    def in_memory(cls) -> "OxigraphStore":
        return cls(ox.Store())

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> "OxigraphStore":
        """Open the store at ``path``; read-only views may sit beside one writer.

        :raises StoreError: if the folder is missing (read-only) or locked.
        """
        path = Path(path)
        if read_only and not path.is_dir():
            raise StoreError(f"no store at {path}: run `cxkg build` first")
        try:
            store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as error:
            raise open_error(path, error) from error
        return cls(store, path)

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Result:
        """Run SPARQL with the set union of the named graphs as default graph.

        ``bindings`` binds variables before evaluation: written in as constants
        (:func:`cxkg.store.prebind.write_in`), which pyoxigraph plans far better
        than its own ``substitutions``.

        :raises SyntaxError: if the query does not parse.
        :raises cxkg.store.guard.Refused: for SERVICE, LOAD, or a FROM graph the
            store does not hold (pyoxigraph would go to the network).
        """
        guard.check(sparql, graphs=(g.value for g in self._store.named_graphs()))
        union = self.union and not guard.dataset_iris(sparql)
        return result_of(self._store.query(write_in(sparql, bindings or {}), use_default_graph_as_union=union))

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Replace one named graph by ``quads`` (whose graph must be ``graph``),
        keeping the default graph the set union of the named graphs."""
        old = []
        if self._store.contains_named_graph(graph):
            old = list(self._store.quads_for_pattern(None, None, None, graph))
            self._store.remove_graph(graph)
        self._store.add_graph(graph)
        self.written.add(graph)
        self.add(quads)
        refresh_default_graph(self._store, old)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads to named graphs (and their triples to the default graph)."""
        quads = list(quads)
        self.wrote(quads)
        self._store.extend(quads + [ox.Quad(q.subject, q.predicate, q.object) for q in quads])

    def graphs(self) -> list[ox.NamedNode]:
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)),
            key=lambda g: g.value,
        )

    def count(self, graph: ox.NamedNode | None = None) -> int:
        """Quads in one named graph, or in all of them (the derived default graph left out)."""
        if graph is None:
            return len(self._store) - sum(1 for _ in self._store.quads_for_pattern(None, None, None, DEFAULT_GRAPH))
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of all of them (never the derived default graph)."""
        if graph is None:
            return named_quads(self._store)
        return self._store.quads_for_pattern(None, None, None, graph)

    def default_triples(self) -> Iterator[ox.Triple]:
        """The triples of the default graph: each triple of the named graphs once."""
        if self.union:
            return iter({q.triple for q in self.quads()})
        return (q.triple for q in self._store.quads_for_pattern(None, None, None, DEFAULT_GRAPH))

    def instances(self, cls: ox.NamedNode) -> set:
        """The resources typed ``cls`` in any graph."""
        return {q.subject for q in self._store.quads_for_pattern(None, RDF_TYPE, cls, None)}

    def dump(self, output, fmt: str, graph: ox.NamedNode | None = None) -> None:
        """Write the dataset (or one graph) in an RDF format of :mod:`cxkg.store.formats`.

        Triple formats get the union of all graphs, deduplicated.
        """
        if graph is not None:
            self._store.dump(output, FORMATS[fmt].engine, from_graph=graph)
        else:
            serialize(self.quads(), fmt, output)

    def flush(self) -> None:
        self._store.flush()

    def match(self, subject=None, predicate=None, obj=None, graph=None) -> Iterator[ox.Quad]:
        """The quads of the named graphs matching a pattern (``None`` matches anything): an
        index lookup, no SPARQL. The derived default graph is left out, as in :meth:`quads`:
        each quad says which graph states it."""
        found = self._store.quads_for_pattern(subject, predicate, obj, graph)
        return found if graph is not None else (q for q in found if q.graph_name != DEFAULT_GRAPH)

    def discard(self, quads: Iterable[ox.Quad]) -> None:
        """Remove ``quads`` (those the store does not hold are ignored), and from
        the default graph the triples no named graph holds any more."""
        quads = list(quads)
        self.wrote(quads)
        for quad in quads:
            self._store.remove(quad)
        refresh_default_graph(self._store, quads)

    def drop(self, graph: ox.NamedNode) -> None:
        """Remove one named graph and its quads (nothing if the store has no such
        graph), and from the default graph the triples no other graph holds."""
        self.written.add(graph)
        if self._store.contains_named_graph(graph):
            old = list(self._store.quads_for_pattern(None, None, None, graph))
            self._store.remove_graph(graph)
            refresh_default_graph(self._store, old)

    def wrote(self, quads: list[ox.Quad]) -> None:
        """Note the named graphs of ``quads`` as written."""
        self.written.update(q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode))

    def checkpoint(self, target: Path) -> None:
        """Copy the store to the new folder ``target`` (a RocksDB checkpoint).

        On the same file system the data files are hard links, so the copy is
        quick and small whatever the store's size; the copy is then an
        independent store.

        A read-only view copies only what is in the data files, not the writes
        its writer left in the write-ahead log (a SPARQL Update of the service, say):
        copy through the writer (:func:`checkpoint_of`).

        :raises StoreError: if the folder exists or cannot be written.
        """
        try:
            self._store.backup(str(target))
        except OSError as error:
            raise StoreError(f"{target}: cannot copy the store there ({error})") from error


def checkpoint_of(path: Path, target: Path) -> None:
    """Copy the store at ``path`` to the new folder ``target``, with every write it holds.

    Opens the store as its writer (refused while another process writes it), so
    that writes still in the write-ahead log reach the data files before the copy.

    :raises StoreError: if the store is missing or locked, or ``target`` cannot be written.
    """
    if not Path(path).is_dir():
        raise StoreError(f"no store at {path}: run `cxkg build` first")
    writer = OxigraphStore.open(path)
    writer.flush()
    writer.checkpoint(target)


def swap_into_place(new: Path, target: Path) -> None:
    """Move a freshly built store over the old one, keeping the old until the end.

    The old store stays intact if anything fails before the final rename.
    """
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)
