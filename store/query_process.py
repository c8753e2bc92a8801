"""One query process, from the side of the web worker that started it.

:class:`Child` starts ``python -m cxkg.store.child`` (see :mod:`cxkg.store.child`
for the process's own side), sends it requests, stops it at the time limit,
and, when it dies on a request, tells why: past its memory limit
(:class:`MemoryExceeded`), a crash of the engine on the query
(:class:`QueryFailed`: a fatal signal of its own), or anything else (a
:class:`StoreError`: killed from outside, say). Its stderr passes through to
the server log, and its last lines are kept as evidence.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading

from cxkg.store.child import Pipe
from cxkg.store.engine import Answer, Request, TooLarge, size_text
from cxkg.store.guard import Refused
from cxkg.store.interface import StoreError, StoreLocked


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
    """One query process (``python -m cxkg.store.child``) and the pipe to it.

    A fresh interpreter, not a fork: the child holds nothing of the web
    server's memory and imports only pyoxigraph. Its stderr passes through
    this process (to the server log), and its last lines are kept to tell why
    it died.

    :param limit: the most rows an answer may hold.
    :param result_bytes: the most bytes an answer may hold (``None``: no limit).
    :param memory: the child's address-space limit in bytes (``None``: no limit).
    :param identity: the store's identity when opened (see the sandbox).
    :raises StoreError: the store cannot be opened (:class:`StoreLocked`: another writer).
    """

    def __init__(self, path: str, writable: bool, limit: int, result_bytes: int | None = None,
                 memory: int | None = None, identity: tuple = ()) -> None:
        self.memory = memory
        command = [sys.executable, "-m", "cxkg.store.child", path, "w" if writable else "r",
                   str(limit), str(result_bytes or 0), str(memory or 0)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env={**os.environ, **CHILD_ENVIRONMENT})
        self.conn = Pipe(os.dup(self.process.stdout.fileno()), os.dup(self.process.stdin.fileno()))
        for pipe in (self.process.stdin, self.process.stdout):
            pipe.close()
        self.tail: collections.deque[str] = collections.deque(maxlen=20)
        self.relay = threading.Thread(target=relay, args=(self.process.stderr, self.tail), daemon=True)
        self.relay.start()
        self.identity = identity
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
        for line in iter(lambda: stream.readline(4096), b""):
            text = line.decode("utf-8", "replace")
            tail.append(text)
            sys.stderr.write(text)
            sys.stderr.flush()
