"""What every store offers, and what a query gives back, whichever store answered.

The embedded store (:mod:`cxkg.store.embedded`), the query processes the service
reads through (:mod:`cxkg.store.processes`) and a remote SPARQL 1.1 store
(:mod:`cxkg.store.remote`) answer ``query`` with one of three typed results:
:class:`Solutions` (SELECT), :class:`Triples` (CONSTRUCT, DESCRIBE) or
:class:`Boolean` (ASK). Terms are pyoxigraph's, whichever store is behind.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"), ox.NamedNode("http://e/g")))
>>> result_of(store.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }"))
Solutions(variables=('o',), rows=({'o': <Literal value=x datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>},))
>>> result_of(store.query("ASK { GRAPH ?g { ?s ?p 'x' } }"))
Boolean(value=True)
>>> len(result_of(store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")).triples)
1
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Protocol

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = dict[str, Term]


@dataclass(frozen=True)
class Solutions:
    """The answer of a SELECT: its variables, and each row (unbound variables left out)."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Triples:
    """The answer of a CONSTRUCT or DESCRIBE."""

    triples: tuple[ox.Triple, ...]


@dataclass(frozen=True)
class Boolean:
    """The answer of an ASK (true or false as a Python truth value too)."""

    value: bool

    def __bool__(self) -> bool:
        return self.value


Result = Solutions | Triples | Boolean


def result_of(answer) -> Result:
    """A pyoxigraph result (or a list of triples, or of quads as a parser gives them) as a typed result."""
    if isinstance(answer, ox.QueryBoolean):
        return Boolean(bool(answer))
    if isinstance(answer, (ox.QueryTriples, list, tuple)):
        return Triples(tuple(t.triple if isinstance(t, ox.Quad) else t for t in answer))
    names = tuple(v.value for v in answer.variables)
    return Solutions(names, tuple({n: row[n] for n in names if row[n] is not None} for row in answer))


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


class Selecting:
    """``select`` for any store with a typed ``query``: the one way rows are taken from a SELECT."""

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Result:
        raise NotImplementedError

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        """Rows of a SELECT as dicts of variable name -> term (unbound left out).

        :raises TypeError: when the query is not a SELECT.
        """
        result = self.query(sparql, bindings)
        if not isinstance(result, Solutions):
            raise TypeError(f"select() needs a SELECT query; this one gives {type(result).__name__}")
        return list(result.rows)


class GraphStore(Protocol):
    """What the project needs from a quad store (embedded or remote)."""

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Result: ...

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> list[Row]: ...

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None: ...

    def graphs(self) -> list[ox.NamedNode]: ...

    def count(self, graph: ox.NamedNode | None = None) -> int: ...

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]: ...

    def instances(self, cls: ox.NamedNode) -> set: ...
