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
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from cxkg.store.engine import Answer, Request, TooLarge, execute
from cxkg.store.guard import Refused
from cxkg.store.embedded import StoreError


class QueryFailed(Exception):
    """The engine would not run the request (bad IRI, unknown function): the client's to fix."""


#: Exceptions a child reports by name, re-raised in the parent.
ERRORS = {e.__name__: e for e in (SyntaxError, TooLarge, Refused, StoreError, QueryFailed)}


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
    try:
        while answer(conn, store, conn.recv(), limit):
            pass
    except (EOFError, OSError):  # the pipe is closed: the worker is done with us
        return


def watch(parent: int) -> None:
    """End the child once its worker is gone: no one else would stop a runaway query."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def answer(conn: "Pipe", store: ox.Store, request: Request, limit: int) -> bool:
    """Answer one request; ``False`` when the child must end (after a Rust panic)."""
    try:
        conn.send(("ok", execute(store, request, limit), None))
    except (SyntaxError, TooLarge, Refused) as error:
        conn.send(("error", type(error).__name__, str(error)))
    except OSError as error:  # pyoxigraph: the store's trouble; any other error is the query's
        conn.send(("error", "StoreError", str(error)))
    except Exception as error:
        conn.send(("error", "QueryFailed", f"the query cannot be run: {error}"))
    except BaseException as error:  # pyo3's PanicException (or an interrupt): end the child
        conn.send(("dead", "QueryFailed", f"the engine failed on this query: {error}"))
        return False
    return True


class Pipe:
    """Pickled messages over a pair of file descriptors (a child's stdin/stdout)."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.reader = Connection(read_fd, writable=False)
        self.writer = Connection(write_fd, readable=False)
        self.send, self.recv, self.poll = self.writer.send, self.reader.recv, self.reader.poll

    def close(self) -> None:
        self.reader.close()
        self.writer.close()


class Child:
    """One child process (``python -m cxkg.store.processes``) and the pipe to it.

    A fresh interpreter, not a fork: the child holds nothing of the web
    server's memory and imports only pyoxigraph.
    """

    def __init__(self, path: str, writable: bool, limit: int) -> None:
        command = [sys.executable, "-m", "cxkg.store.processes", path, "w" if writable else "r", str(limit)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.conn = Pipe(os.dup(self.process.stdout.fileno()), os.dup(self.process.stdin.fileno()))
        for pipe in (self.process.stdin, self.process.stdout):
            pipe.close()
        self.identity = store_identity(path)
        status, name, message = self.receive(60) or ("dead", "StoreError", "the query process did not start")
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
        try:
            self.conn.send(request)
        except OSError:  # the child died while idle
            self.kill()
            raise StoreError("the query process ended unexpectedly") from None
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
        :raises QueryFailed: when the engine will not run it (bad IRI, unknown function).
        """
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
                return Child(self.path, self.writable, self.limit)
            if child.alive() and child.identity == store_identity(self.path):
                return child
            child.kill()

    def generation(self) -> tuple:
        """A token that changes when a rebuilt store replaces this one."""
        return store_identity(self.path)

    def query(self, sparql: str, bindings: dict | None = None):
        """Run a query and give pyoxigraph results, as :class:`OxigraphStore` does."""
        answer = self.execute(Request("query", sparql, bindings=dict(bindings or {})))
        if answer.kind == "graph":
            return list(ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)

    def graphs(self) -> list[ox.NamedNode]:
        """The named graphs of the store, in IRI order."""
        body = self.execute(Request("graphs", "")).body.decode("utf-8")
        return [ox.NamedNode(iri) for iri in body.split("\n") if iri]

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
    """Entry point of a child: ``python -m cxkg.store.processes PATH r|w LIMIT``."""
    path, mode, limit = argv
    conn = Pipe(os.dup(0), os.dup(1))
    os.dup2(2, 1)  # stray prints go to stderr, never into the pipe
    threading.Thread(target=watch, args=(os.getppid(),), daemon=True).start()
    serve(conn, path, mode == "w", int(limit))


if __name__ == "__main__":
    main(sys.argv[1:])
