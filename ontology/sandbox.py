"""Run SPARQL where it can be stopped: in child processes with a time limit.

Neither pyoxigraph nor rdflib can cancel a running query from another thread,
so each request goes to a small child process that holds the store open; when
the time limit passes, the child is killed (which really stops the work) and a
fresh one takes its place on the next request. Other requests go on meanwhile
in the other children.

Each child (:mod:`ontology.child`) is cut off from the network and has an
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

import collections
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox

from ontology.child import Pipe
from ontology.engine import Answer, Request, TooLarge, size_text
from ontology.guard import Refused
from ontology.isolation import MODES
from ontology.store import StoreError, StoreLocked


class QueryFailed(Exception):
    """The engine would not run the request (bad IRI, unknown function), or
    crashed on it: the client's to fix."""


class MemoryExceeded(TooLarge):
    """The query needed more memory than a query process may have."""

    def __init__(self, memory: int) -> None:
        super().__init__(
            f"the query needed more memory than the limit of {size_text(memory)} "
            "per query (CXKG_QUERY_MEMORY); simplify it or ask for less"
        )
        self.memory = memory


#: Exceptions a child reports by name, re-raised in the parent.
ERRORS = {e.__name__: e for e in (SyntaxError, TooLarge, Refused, StoreError, StoreLocked, QueryFailed)}

#: Signals by which the engine dies of a query (a failed allocation, a stack
#: overflow, a bad access), as opposed to being ended from outside.
CRASHES = {signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE}

#: What a child is given besides the parent's environment: glibc makes fewer
#: malloc arenas (each reserves 64 MB of address space per thread otherwise:
#: an idle child took 515 MB, past the default limit, instead of 187 MB), and
#: Rust writes one line, not a backtrace, when an allocation fails.
CHILD_ENVIRONMENT = {"MALLOC_ARENA_MAX": "2", "RUST_BACKTRACE": "0"}


class QueryStopped(Exception):
    """The query ran past the time limit and was stopped."""

    def __init__(self, timeout: float) -> None:
        super().__init__(f"the query was stopped at the time limit of {timeout:g} s")
        self.timeout = timeout


class Child:
    """One query process (``python -m ontology.child``) and the pipe to it.

    A fresh interpreter, not a fork: the child holds nothing of the web
    server's memory and imports only pyoxigraph. Its stderr passes through
    this process (to the server log), and its last lines are kept to tell why
    it died.

    :param limit: the most rows an answer may hold.
    :param result_bytes: the most bytes an answer may hold (``None``: no limit).
    :param memory: the child's address-space limit in bytes (``None``: no limit).
    """

    def __init__(self, path: str, writable: bool, limit: int, result_bytes: int | None = None,
                 memory: int | None = None) -> None:
        self.memory = memory
        command = [sys.executable, "-m", "ontology.child", path, "w" if writable else "r",
                   str(limit), str(result_bytes or 0), str(memory or 0)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env={**os.environ, **CHILD_ENVIRONMENT})
        self.conn = Pipe(os.dup(self.process.stdout.fileno()), os.dup(self.process.stdin.fileno()))
        for pipe in (self.process.stdin, self.process.stdout):
            pipe.close()
        self.tail: collections.deque[str] = collections.deque(maxlen=20)
        self.relay = threading.Thread(target=relay, args=(self.process.stderr, self.tail), daemon=True)
        self.relay.start()
        self.identity = store_identity(path)
        reply = self.receive(60) or ("dead", "StoreError", "the query process did not start")
        status, self.isolation, message = reply
        if status != "ready":
            self.kill()
            raise ERRORS[self.isolation](message)

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
            raise StoreError("the query process ended unexpectedly", "the query process ended unexpectedly") from None
        if not self.conn.poll(timeout):
            self.kill()
            raise QueryStopped(timeout)
        try:
            status, payload, message = self.conn.recv()
        except EOFError:  # it died on this request
            raise self.death() from None
        if status == "ok":
            return payload
        if status == "dead":
            self.kill()
        if payload == "MemoryError":
            raise MemoryExceeded(self.memory or 0)
        raise ERRORS[payload](message)

    def death(self) -> Exception:
        """Why the child died on a request: its memory, the query, or something else."""
        self.kill()
        self.relay.join(5)
        said = "".join(self.tail)
        code = self.process.returncode
        if self.memory and ("memory allocation of" in said or "MemoryError" in said):
            return MemoryExceeded(self.memory)
        if code is not None and -code in CRASHES:
            name = signal.Signals(-code).name
            return QueryFailed(f"the engine crashed on this query ({name}); the query process was replaced")
        return StoreError(f"the query process ended unexpectedly (exit {code}): {said[-500:]}",
                          "the query process ended unexpectedly")

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        self.conn.close()


def relay(stream, tail: collections.deque) -> None:
    """Pass a child's stderr on to ours, keeping its last lines."""
    with stream:
        for line in iter(stream.readline, b""):
            text = line.decode("utf-8", "replace")
            tail.append(text)
            sys.stderr.write(text)
            sys.stderr.flush()


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
                child = Child(self.path, self.writable, self.limit, self.result_bytes, self.memory)
                self.mode = child.isolation
                return child
            if child.alive() and child.identity == store_identity(self.path):
                return child
            child.kill()

    def isolation(self) -> str:
        """How the query processes are cut off from the network (see
        :data:`ontology.isolation.MODES`); starts one if none has started yet."""
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



def try_store(path: str, writable: bool, memory: int | None = None) -> str:
    """Start one query process on ``path`` as the service will, then end it.

    For ``cxkg serve`` before it forks: a store another process writes is
    found now, not as a 503 on every request; and the isolation mode is known.

    :returns: the isolation mode (see :data:`ontology.isolation.MODES`).
    :raises StoreLocked: ``writable`` and another process writes the store.
    :raises StoreError: the store cannot be opened.
    """
    child = Child(path, writable, 1, memory=memory)
    child.kill()
    return child.isolation
