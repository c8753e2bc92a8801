"""A query process: ``python -m cxkg.store.child PATH r|w ROWS BYTES MEMORY``.

It cuts itself off from the network and bounds its address space first,
while still single-threaded and before pyoxigraph is even imported (see
:mod:`cxkg.store.isolation`); then it opens the store, reports ``ready`` with
its isolation mode, and answers requests from its pipe (stdin/stdout) until
the pipe closes. ``BYTES`` and ``MEMORY`` of 0 mean no limit.

A ``probe`` request (``text``: a port) tries a connection to that port on
127.0.0.1 from inside the process and answers the errno's name: the tests
use it to show that nothing in a query process can connect.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import time
from multiprocessing.connection import Connection

from cxkg.store.isolation import isolate, limit_memory, probe


class Pipe:
    """Pickled messages over a pair of file descriptors (a child's stdin/stdout).

    A message is ``pickle.dumps`` behind its length (a small one in a single
    write), not multiprocessing's pickler, which builds a buffer and a pickler
    for every message. ``poll(timeout)`` waits for a message; under gevent (the
    web worker) it waits on the hub with one watcher on the descriptor, made
    once, rather than a selector or a watcher built for every wait.
    """

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.reader = Connection(read_fd, writable=False)
        self.writer = Connection(write_fd, readable=False)
        self.watcher, self.poll = cooperative_poll(self.reader) or (None, self.reader.poll)

    def send(self, message) -> None:
        self.writer.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))

    def recv(self):
        return pickle.loads(self.reader.recv_bytes())

    def close(self) -> None:
        if self.watcher is not None:
            self.watcher.close()
        self.reader.close()
        self.writer.close()


def cooperative_poll(reader: Connection):
    """A watcher on ``reader`` and a ``poll(timeout)`` that waits on it through
    gevent's hub, when gevent has patched ``select``; else ``None``."""
    gevent = sys.modules.get("gevent.monkey")
    if gevent is None or not gevent.is_module_patched("select"):
        return None
    from gevent import Timeout, get_hub

    hub = get_hub()
    watcher = hub.loop.io(reader.fileno(), 1)

    def poll(timeout: float) -> bool:
        with Timeout(timeout, False):
            hub.wait(watcher)
            return True
        return reader.poll(0)

    return watcher, poll


def main(argv: list[str]) -> None:
    """Isolate, limit, then serve: the order matters (see the module's docstring)."""
    path, mode, rows, result_bytes, memory = argv
    isolation = isolate()
    if int(memory):
        limit_memory(int(memory))
    conn = Pipe(os.dup(0), os.dup(1))
    os.dup2(2, 1)  # stray prints go to stderr, never into the pipe
    threading.Thread(target=watch, args=(os.getppid(),), daemon=True).start()
    serve(conn, path, mode == "w", int(rows), int(result_bytes) or None, isolation)


def watch(parent: int) -> None:
    """End the child once its worker is gone: no one else would stop a runaway query."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def serve(conn: Pipe, path: str, writable: bool, rows: int, result_bytes: int | None, isolation: str) -> None:
    """Open the store, say ``ready``, answer requests until the pipe closes."""
    import pyoxigraph as ox

    from cxkg.store.interface import open_error

    try:
        store = ox.Store(path) if writable else ox.Store.read_only(path)
    except OSError as error:
        failure = open_error(path, error)
        conn.send(("error", type(failure).__name__, str(failure)))
        return
    union = without_default_graph(store, writable)
    warm()
    conn.send(("ready", isolation, None))
    try:
        while answer(conn, store, conn.recv(), rows, result_bytes, union):
            pass
    except (EOFError, OSError):  # the pipe is closed: the worker is done with us
        return


def warm() -> None:
    """Import and compile now what answering needs, so that no request pays for it."""
    from cxkg.store import engine, guard

    guard.check("ASK {}")
    assert engine.execute


def without_default_graph(store, writable: bool) -> bool:
    """Whether queries must read the union of the named graphs: the store lacks
    its default graph (see :func:`~cxkg.store.default_graph.lacks_default_graph`).

    A writable store gets its default graph now; a read-only one is read
    through the union (with duplicates), with a warning to rebuild it.
    """
    from cxkg.store.default_graph import fill_default_graph, lacks_default_graph

    if not lacks_default_graph(store):
        return False
    if writable:
        fill_default_graph(store)
        return False
    print("warning: this store has no default graph of its own (built by an older cxkg?): the default "
          "graph is read as the union of the named graphs, with duplicates; run `cxkg build` again",
          file=sys.stderr)
    return True


def answer(conn: Pipe, store, request, rows: int, result_bytes: int | None, union: bool = False) -> bool:
    """Answer one request; ``False`` when the child must end (out of memory, a Rust panic)."""
    from cxkg.store.engine import Answer, TooLarge, execute
    from cxkg.store.guard import Refused

    try:
        if request.operation == "probe":
            conn.send(("ok", Answer("probe", probe(int(request.text)).encode()), None))
        else:
            conn.send(("ok", execute(store, request, rows, result_bytes, union), None))
    except (SyntaxError, TooLarge, Refused) as error:
        conn.send(("error", type(error).__name__, str(error)))
    except MemoryError:  # past the address-space limit: this process may be in no state to go on
        conn.send(("dead", "MemoryError", ""))
        return False
    except OSError as error:  # pyoxigraph: the store's trouble, unless it reads well (then a SERVICE failed)
        kind = "QueryFailed" if readable(store) else "StoreError"
        conn.send(("error", kind, f"the query cannot be run: {error}" if kind == "QueryFailed" else str(error)))
    except Exception as error:
        conn.send(("error", "QueryFailed", f"the query cannot be run: {error}"))
    except BaseException as error:  # pyo3's PanicException (or an interrupt): end the child
        conn.send(("dead", "QueryFailed", f"the engine failed on this query: {error}"))
        return False
    return True


def readable(store) -> bool:
    """Whether the store still reads (one quad), to tell its failures from a query's."""
    try:
        next(iter(store.quads_for_pattern(None, None, None)), None)
    except OSError:
        return False
    return True


if __name__ == "__main__":
    main(sys.argv[1:])
