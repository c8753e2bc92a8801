"""Who may change an embedded store: one change at a time, and none under a writing service.

A change (``cxkg add``, ``cxkg remove``) works on a checkpoint of the store
and swaps it into place; a SPARQL Update that a writable ``cxkg serve`` made
meanwhile would be in the old store only, and lost at the swap. So both take
the same advisory lock, ``<store>.lock``: a change for its length, a writable
service for its life. The holder writes who it is into the file, so that a
second change waits for the first while a change under a service is refused,
saying why. An update through the service leaves a mark, ``<store>.updated``,
so that the next change does not take the recorded graph digests for current.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> with hold(target, "a change"):
...     holder(target)
'a change'
>>> holder(target) is None
True
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from cxkg.store.interface import StoreError

#: How a writable service names itself in the lock file.
SERVICE = "a writable cxkg serve"


class ChangeRefused(StoreError):
    """The store is held by a writable service: a change would lose its writes."""


def lock_path(target: Path) -> Path:
    """The lock file beside the store folder ``target``."""
    return target.with_name(target.name + ".lock")


def take(target: Path, who: str) -> IO[str] | None:
    """Take the lock for ``who`` and return its open file (the lock lasts while it is
    open), or ``None`` at once when another holds it."""
    handle = open(lock_path(target), "a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{who} (pid {os.getpid()})\n")
    handle.flush()
    return handle


def holder(target: Path) -> str | None:
    """Who holds the lock of ``target`` now (``None``: nobody)."""
    handle = take(target, "")
    if handle is not None:
        handle.close()
        return None
    text = lock_path(target).read_text(encoding="utf-8").strip()
    return text.rsplit(" (pid ", 1)[0] or "another process"


@contextmanager
def hold(target: Path, who: str) -> Iterator[None]:
    """Hold the lock of ``target`` for a change: wait for another change, refuse under a service.

    :raises ChangeRefused: a writable service holds the store.
    """
    while (handle := take(target, who)) is None:
        if holder(target) == SERVICE:
            raise ChangeRefused(f"{target} is served with writes enabled (CXKG_WRITE_TOKEN); its SPARQL "
                                "updates would be lost at the change's swap: stop that service first")
        time.sleep(0.2)
    try:
        yield
    finally:
        handle.close()


def updated_path(target: Path) -> Path:
    """The mark a SPARQL Update leaves beside the store folder ``target``."""
    return target.with_name(target.name + ".updated")


def note_update(target: Path) -> None:
    """A SPARQL Update is about to write the store: mark it (before, so a failed one counts too)."""
    updated_path(target).touch()


def updated_outside_changes(target: Path) -> bool:
    """Whether a SPARQL Update wrote the store since the last change or build."""
    return updated_path(target).exists()


def forget_updates(target: Path) -> None:
    """A change or build has accounted for every update: take the mark away."""
    updated_path(target).unlink(missing_ok=True)
