"""Run SPARQL where it can be stopped: in child processes with a time limit.

Neither pyoxigraph nor rdflib can cancel a running query from another thread,
so each request goes to a small child process that holds the store open; when
the time limit passes, the child is killed (which really stops the work) and a
fresh one takes its place on the next request. Other requests go on meanwhile
in the other children.

Each child (:mod:`cxkg.store.child`) is cut off from the network and has an
address-space limit: a query that needs more memory kills only its child,
and the client is told which limit it passed. Its answer is bounded in rows
and in bytes. A child that dies on a query is replaced on the next request.

Read-only sandboxes open read-only views (many may sit beside each other); a
writable one has a single child that owns the store. A rebuilt store (a new
folder swapped into place) is noticed and reopened.

>>> import tempfile, pyoxigraph as ox
>>> path = tempfile.mkdtemp() + "/store"
>>> ox.Store(path).flush()
>>> with Sandbox(path, timeout=5, limit=100, memory=512 * 1024**2) as sandbox:
...     bool(sandbox.query("ASK {}")), sandbox.isolation() in MODES
(True, True)
"""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path

import pyoxigraph as ox

from cxkg.store.change_lock import note_update
from cxkg.store.engine import Answer, Request
from cxkg.store.isolation import MODES  # noqa: F401 (the doctest names it)
from cxkg.store.query_process import Child, MemoryExceeded, QueryFailed, QueryStopped
from cxkg.store.interface import Result, Selecting, StoreError, result_of

__all__ = ["Sandbox", "QueryFailed", "QueryStopped", "MemoryExceeded", "try_store"]


def store_identity(path: str) -> tuple:
    """Changes when a rebuilt store is swapped into place."""
    try:
        stat = os.stat(path)
    except OSError:
        return ()
    return (stat.st_ino, stat.st_dev)


class Sandbox(Selecting):
    """A pool of child processes answering SPARQL on one store.

    :param path: the store folder (see ``cxkg build``).
    :param timeout: seconds a request may run before it is stopped.
    :param limit: the most rows (or triples) a result may hold.
    :param writable: open the store for updates (one child owns it).
    :param size: how many requests may run at once (1 when writable).
    :param result_bytes: the most bytes an answer may hold (``None``: no limit).
    :param memory: the address space of each child in bytes (``None``: no limit).
    :raises StoreError: (on first use) if the store cannot be opened.
    """

    def __init__(self, path: str | Path, timeout: float, limit: int, writable: bool = False, size: int = 1,
                 result_bytes: int | None = None, memory: int | None = None) -> None:
        self.path, self.timeout, self.limit, self.writable = str(path), timeout, limit, writable
        self.result_bytes, self.memory = result_bytes, memory
        if not writable and not Path(self.path).is_dir():
            raise StoreError(f"no store at {self.path}: run `cxkg build` first")
        self.size = 1 if writable else max(1, size)
        self.mode: str | None = None
        self._idle: queue.LifoQueue[Child] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(self.size)

    def execute(self, request: Request) -> Answer:
        """Answer ``request`` within the time limit.

        :raises QueryStopped: past the time limit (the work is stopped).
        :raises TooLarge: past the limit of rows or bytes, or of memory
            (:class:`MemoryExceeded`, a kind of ``TooLarge``).
        :raises SyntaxError: for text that does not parse.
        :raises Refused: for SERVICE, LOAD or a remote ``FROM``.
        :raises QueryFailed: when the engine will not run it (bad IRI, unknown
            function) or crashes on it.
        :raises StoreError: when the store cannot be opened or read.
        """
        if request.operation == "update":
            note_update(Path(self.path))
        with self._slots:
            child = self._take()
            try:
                return child.call(request, self.timeout)
            finally:
                if child.alive():
                    self._idle.put(child)

    def _take(self) -> Child:
        while True:
            try:
                child = self._idle.get_nowait()
            except queue.Empty:
                child = Child(self.path, self.writable, self.limit, self.result_bytes, self.memory,
                              store_identity(self.path))
                self.mode = child.isolation
                return child
            if child.alive() and child.identity == store_identity(self.path):
                return child
            child.kill()

    def isolation(self) -> str:
        """How the query processes are cut off from the network (see
        :data:`cxkg.store.isolation.MODES`); starts one if none has started yet."""
        if self.mode is None:
            self.execute(Request("graphs", ""))
        return self.mode

    def probe(self, port: int) -> str:
        """From inside a query process, try to connect to ``port`` on 127.0.0.1;
        ``"connected"`` or the errno's name (``ENETUNREACH`` when isolated)."""
        return self.execute(Request("probe", str(port))).body.decode()

    def generation(self) -> tuple:
        """A token that changes when a rebuilt store replaces this one."""
        return store_identity(self.path)

    def query(self, sparql: str, bindings: dict | None = None) -> Result:
        """The typed result of a query, as :class:`~cxkg.store.embedded.OxigraphStore` gives it."""
        answer = self.execute(Request("query", sparql, bindings=dict(bindings or {})))
        if answer.kind == "graph":
            return result_of(list(ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)))
        return result_of(ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON))

    def graphs(self) -> list[ox.NamedNode]:
        """The named graphs of the store, in IRI order."""
        body = self.execute(Request("graphs", "")).body.decode("utf-8")
        return [ox.NamedNode(iri) for iri in body.split("\n") if iri]

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().kill()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()



def try_store(path: str, writable: bool, memory: int | None = None) -> str:
    """Start one query process on ``path`` as the service will, then end it.

    For ``cxkg serve`` before it forks: a store another process writes is
    found now, not as a 503 on every request; and the isolation mode is known.

    :returns: the isolation mode (see :data:`cxkg.store.isolation.MODES`).
    :raises StoreLocked: ``writable`` and another process writes the store.
    :raises StoreError: the store cannot be opened.
    """
    child = Child(path, writable, 1, memory=memory)
    child.kill()
    return child.isolation
