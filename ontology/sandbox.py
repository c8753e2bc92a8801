"""Run SPARQL where it can be stopped: in child processes with a time limit.

Neither pyoxigraph nor rdflib can cancel a running query from another thread,
so each request goes to a small child process that holds the store open; when
the time limit passes, the child is killed (which really stops the work) and a
fresh one takes its place on the next request. Other requests go on meanwhile
in the other children.

Read-only sandboxes open read-only views (many may sit beside each other); a
writable one has a single child that owns the store. A rebuilt store (a new
folder swapped into place) is noticed and reopened.

>>> import tempfile, pyoxigraph as ox
>>> path = tempfile.mkdtemp() + "/store"
>>> ox.Store(path).flush()
>>> with Sandbox(path, timeout=5, limit=100) as sandbox:
...     bool(sandbox.query("ASK {}"))
True
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from ontology.engine import Answer, Request, TooLarge, execute
from ontology.guard import Refused
from ontology.store import StoreError

#: Exceptions a child reports by name, re-raised in the parent.
ERRORS = {"SyntaxError": SyntaxError, "TooLarge": TooLarge, "Refused": Refused, "StoreError": StoreError}


class QueryStopped(Exception):
    """The query ran past the time limit and was stopped."""

    def __init__(self, timeout: float) -> None:
        super().__init__(f"the query was stopped at the time limit of {timeout:g} s")
        self.timeout = timeout


def serve(conn: "Pipe", path: str, writable: bool, limit: int) -> None:
    """The child's loop: open the store, answer requests until the pipe closes."""
    try:
        store = ox.Store(path) if writable else ox.Store.read_only(path)
    except OSError as error:
        conn.send(("error", "StoreError", f"cannot open the store at {path}: {error}"))
        return
    conn.send(("ready", None, None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", execute(store, request, limit), None))
        except (SyntaxError, TooLarge, Refused) as error:
            conn.send(("error", type(error).__name__, str(error)))
        except (OSError, ValueError) as error:
            conn.send(("error", "StoreError", str(error)))


class Pipe:
    """Pickled messages over a pair of file descriptors (a child's stdin/stdout)."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.reader = Connection(read_fd, writable=False)
        self.writer = Connection(write_fd, readable=False)

    def send(self, message) -> None:
        self.writer.send(message)

    def recv(self):
        return self.reader.recv()

    def poll(self, timeout: float) -> bool:
        return self.reader.poll(timeout)

    def close(self) -> None:
        self.reader.close()
        self.writer.close()


class Child:
    """One child process (``python -m ontology.sandbox``) and the pipe to it.

    A fresh interpreter, not a fork: the child holds nothing of the web
    server's memory and imports only pyoxigraph.
    """

    def __init__(self, path: str, writable: bool, limit: int) -> None:
        command = [sys.executable, "-m", "ontology.sandbox", path, "w" if writable else "r", str(limit)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.conn = Pipe(os.dup(self.process.stdout.fileno()), os.dup(self.process.stdin.fileno()))
        self.process.stdin.close()
        self.process.stdout.close()
        self.identity = store_identity(path)
        status, name, message = self.receive(timeout=60)
        if status != "ready":
            self.kill()
            raise ERRORS[name](message)

    def receive(self, timeout: float):
        if not self.conn.poll(timeout):
            return None
        try:
            return self.conn.recv()
        except EOFError:
            return ("dead", "StoreError", "the query process ended unexpectedly")

    def call(self, request: Request, timeout: float) -> Answer:
        self.conn.send(request)
        reply = self.receive(timeout)
        if reply is None:
            self.kill()
            raise QueryStopped(timeout)
        status, payload, message = reply
        if status == "ok":
            return payload
        if status == "dead":
            self.kill()
        raise ERRORS[payload](message)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


def store_identity(path: str) -> tuple:
    """Changes when a rebuilt store is swapped into place."""
    try:
        stat = os.stat(path)
    except OSError:
        return ()
    return (stat.st_ino, stat.st_dev)


class Sandbox:
    """A pool of child processes answering SPARQL on one store.

    :param path: the store folder (see ``cxkg build``).
    :param timeout: seconds a request may run before it is stopped.
    :param limit: the most rows (or triples) a result may hold.
    :param writable: open the store for updates (one child owns it).
    :param size: how many requests may run at once (1 when writable).
    :raises StoreError: (on first use) if the store cannot be opened.
    """

    def __init__(self, path: str | Path, timeout: float, limit: int, writable: bool = False, size: int = 1) -> None:
        self.path, self.timeout, self.limit, self.writable = str(path), timeout, limit, writable
        if not writable and not Path(self.path).is_dir():
            raise StoreError(f"no store at {self.path}: run `cxkg build` first")
        self.size = 1 if writable else max(1, size)
        self._idle: queue.LifoQueue[Child] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(self.size)

    def execute(self, request: Request) -> Answer:
        """Answer ``request`` within the time limit.

        :raises QueryStopped: past the time limit (the work is stopped).
        :raises TooLarge: past the result-size limit.
        :raises SyntaxError: for text that does not parse.
        :raises Refused: for SERVICE, LOAD or a remote ``FROM``.
        """
        with self._slots:
            child = self._take()
            try:
                answer = child.call(request, self.timeout)
            finally:
                if child.alive():
                    self._idle.put(child)
            return answer

    def _take(self) -> Child:
        while True:
            try:
                child = self._idle.get_nowait()
            except queue.Empty:
                return Child(self.path, self.writable, self.limit)
            if child.alive() and child.identity == store_identity(self.path):
                return child
            child.kill()

    def query(self, sparql: str, bindings: dict | None = None):
        """Run a query and give pyoxigraph results, as :class:`OxigraphStore` does."""
        answer = self.execute(Request("query", sparql, bindings=dict(bindings or {})))
        if answer.kind == "graph":
            return list(ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)

    def select(self, sparql: str, bindings: dict | None = None) -> list[dict]:
        """Rows of a SELECT as dicts of variable name -> term (unbound left out)."""
        solutions = self.query(sparql, bindings)
        names = [v.value for v in solutions.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in solutions]

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().kill()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def main(argv: list[str]) -> None:
    """Entry point of a child: ``python -m ontology.sandbox PATH r|w LIMIT``."""
    path, mode, limit = argv
    conn = Pipe(os.dup(0), os.dup(1))
    os.dup2(2, 1)  # stray prints go to stderr, never into the pipe
    serve(conn, path, mode == "w", int(limit))


if __name__ == "__main__":
    main(sys.argv[1:])
