"""Cut a query process off from the network and bound its memory.

pyoxigraph follows ``SERVICE <http://...>`` to the network by itself; the
guard refuses such queries before they reach the engine, and this module
makes the query processes unable to connect anyway, whatever the guard
misses: at its start, while still single-threaded, a query process enters a
network namespace of its own, where only a loopback interface exists, and
that one down. As root that is ``unshare(CLONE_NEWNET)``; otherwise a user
namespace comes with it (``CLONE_NEWUSER | CLONE_NEWNET``, allowed to
unprivileged users on most Linux systems). Where neither works (another OS, a
locked-down container), the process runs unisolated, and says so: the mode
goes to the service's ``/health`` and ``cxkg serve`` warns at start.

A connection attempt (:func:`probe`) tells whether the isolation took:

>>> probe(9) in ("ENETUNREACH", "ECONNREFUSED", "connected")
True

``python -m cxkg.store.isolation`` prints the mode a query process would get.
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import socket
import sys

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000

#: How a query process is cut off from the network, strongest first.
NAMESPACE, USER_NAMESPACE, NONE = "network-namespace", "user-and-network-namespace", "none"
MODES = (NAMESPACE, USER_NAMESPACE, NONE)

#: The errno of a connection attempt in a namespace whose only interface is down.
UNREACHABLE = "ENETUNREACH"


def isolate() -> str:
    """Enter a network namespace of one's own; the mode that took (see :data:`MODES`).

    Must run before any thread starts (the kernel refuses a user namespace to a
    threaded process) and before anything opens a socket meant to be kept.
    """
    if not sys.platform.startswith("linux"):
        return NONE
    before = namespace()
    for mode, flags in ((NAMESPACE, CLONE_NEWNET), (USER_NAMESPACE, CLONE_NEWUSER | CLONE_NEWNET)):
        if unshare(flags):
            return mode if namespace() != before and probe(9) == UNREACHABLE else NONE
    return NONE


def unshare(flags: int) -> bool:
    """The ``unshare(2)`` system call (Python 3.11 has no ``os.unshare``)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(ctypes.c_int(flags)) == 0
    except (OSError, AttributeError):
        return False


def namespace() -> str:
    """The identity of this process's network namespace (empty if unknown)."""
    try:
        return os.readlink("/proc/self/ns/net")
    except OSError:
        return ""


def probe(port: int, host: str = "127.0.0.1") -> str:
    """Try to connect to ``host:port``: ``"connected"`` or the errno's name.

    Loopback only: it proves isolation, and must never reach out anywhere.
    """
    if host not in ("127.0.0.1", "::1"):
        raise ValueError(f"a probe connects to loopback only, not {host!r}")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        try:
            sock.connect((host, port))
        except OSError as error:
            return errno.errorcode.get(error.errno or 0, type(error).__name__)
    return "connected"


def limit_memory(size: int) -> None:
    """Bound this process's address space to ``size`` bytes (``RLIMIT_AS``).

    Past it, an allocation fails: Python raises ``MemoryError``, Rust (the
    engine) aborts with "memory allocation of N bytes failed".
    """
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY and size > hard:
        size = hard
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


if __name__ == "__main__":
    print(isolate())
