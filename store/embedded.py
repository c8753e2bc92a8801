"""The store: one small interface over where the quads live.

Everything that reads or writes the graph goes through :class:`GraphStore`, so
that a remote SPARQL 1.1 store can stand in for the embedded one. Terms are
pyoxigraph's (``NamedNode``, ``Literal``, ``BlankNode``), whichever store is
behind: they are cheap, and pyoxigraph serialises results itself.

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
from typing import Iterable, Iterator, Mapping, Protocol

import pyoxigraph as ox

from cxkg.store import guard

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
Term = ox.NamedNode | ox.BlankNode | ox.Literal

#: The formats a whole dataset or one graph can be written in.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}

#: Formats that hold several graphs; the others get the union of the graphs.
DATASET_FORMATS = frozenset({"nq", "trig", "jsonld"})


class StoreError(Exception):
    """The store cannot be opened or written (missing, locked, unreadable).

    ``str(error)`` is the whole story, paths included, for the operator's
    terminal and the server log; :attr:`public` is what a client of the web
    service is told, and never names a path of the machine.

    >>> error = StoreError("cannot open the store at /srv/store: IO error")
    >>> error.public
    'the store is unavailable'
    """

    def __init__(self, message: str, public: str = "the store is unavailable") -> None:
        super().__init__(message)
        self.public = public


class StoreLocked(StoreError):
    """Another process has the store open for writing (RocksDB allows one writer)."""


def open_error(path: str | Path, error: OSError) -> StoreError:
    """The :class:`StoreError` for pyoxigraph's failure to open the store at ``path``.

    >>> str(open_error("/s", OSError("IO error: While lock file: /s/LOCK: Resource temporarily unavailable")))
    'the store at /s is already opened for writing by another process'
    """
    if "/LOCK:" in str(error):
        return StoreLocked(f"the store at {path} is already opened for writing by another process")
    return StoreError(f"cannot open the store at {path}: {error}")


class GraphStore(Protocol):
    """What the project needs from a quad store."""

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> list[dict]: ...

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None): ...

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None: ...

    def graphs(self) -> list[ox.NamedNode]: ...

    def count(self, graph: ox.NamedNode | None = None) -> int: ...

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]: ...

    def instances(self, cls: ox.NamedNode) -> set: ...


class OxigraphStore:
    """The embedded store: pyoxigraph on disk (RocksDB) or in memory.

    The SPARQL default graph is the union of all named graphs: the project keeps
    nothing in the store's own default graph.
    """

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        self._store = store
        self.path = path

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

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None):
        """Run SPARQL with the union of the named graphs as default graph.

        ``bindings`` binds variables before evaluation (no string building).

        :raises SyntaxError: if the query does not parse.
        :raises cxkg.store.guard.Refused: for SERVICE, LOAD, or a FROM graph the
            store does not hold (pyoxigraph would go to the network).
        """
        guard.check(sparql, graphs=(g.value for g in self._store.named_graphs()))
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self._store.query(
            sparql,
            use_default_graph_as_union=not guard.dataset_iris(sparql),
            substitutions=substitutions or None,
        )

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> list[dict]:
        """Rows of a SELECT as dicts of variable name -> term (unbound left out)."""
        solutions = self.query(sparql, bindings)
        names = [v.value for v in solutions.variables]
        return [
            {n: row[n] for n in names if row[n] is not None} for row in solutions
        ]

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Replace one named graph by ``quads`` (whose graph must be ``graph``)."""
        if self._store.contains_named_graph(graph):
            self._store.remove_graph(graph)
        self._store.add_graph(graph)
        self._store.extend(quads)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)

    def graphs(self) -> list[ox.NamedNode]:
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)),
            key=lambda g: g.value,
        )

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, graph)

    def instances(self, cls: ox.NamedNode) -> set:
        """The resources typed ``cls`` in any graph."""
        return {q.subject for q in self._store.quads_for_pattern(None, RDF_TYPE, cls, None)}

    def dump(self, output, fmt: str, graph: ox.NamedNode | None = None) -> None:
        """Write the dataset (or one graph) in one of :data:`RDF_FORMATS`.

        Triple formats get the union of all graphs, deduplicated.
        """
        rdf_format = RDF_FORMATS[fmt]
        if graph is not None:
            self._store.dump(output, rdf_format, from_graph=graph)
        elif fmt in DATASET_FORMATS:
            self._store.dump(output, rdf_format)
        else:
            triples = {q.triple for q in self._store}
            ox.serialize(sorted(triples, key=str), output, rdf_format)

    def flush(self) -> None:
        self._store.flush()


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
