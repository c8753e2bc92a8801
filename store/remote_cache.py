"""A value read from a remote store, reused for a few seconds and refreshed behind the readers.

What a remote store says about itself (its graphs, their sizes) is asked for
by many requests; asking costs a query that can take far longer than the
request's own: on Virtuoso at 1M triples, listing the project's graphs takes
about 2.3 s and counting their triples 0.8 s. So a value is read once, reused
for ``ttl`` seconds, and when it is due, one reader starts reading it again in
the background while every reader, that one included, goes on with the value
it had: no request waits for the store to describe itself, and a busy moment
never sends the same question several times at once. Only the first read, and
a read asked for ``fresh`` (after a write through this store), is waited for.

>>> calls = []
>>> recent = Recent(60.0, lambda: calls.append(1) or len(calls))
>>> recent.get(), recent.get(), recent.get(fresh=True)
(1, 1, 2)
>>> recent.forget(); recent.get()
3
>>> due = Recent(0.0, lambda: calls.append(1) or len(calls))
>>> due.get(), due.get()  # the second read is due: it gives the value held and reads again behind
(4, 4)
>>> due.wait(); due.get()
5
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class Recent(Generic[T]):
    """``read()``'s value, reused for ``ttl`` seconds, then read again in the background.

    :param ttl: seconds a value is reused before it is read again.
    :param read: asks the store (may raise: a waited-for read raises too, a
        background one leaves the value held, to be read again when next due).
    """

    def __init__(self, ttl: float, read: Callable[[], T]) -> None:
        self.ttl, self.read = ttl, read
        self._value: tuple[float, T] | None = None
        self._refresh: threading.Thread | None = None
        self._lock = threading.Lock()
        self._epoch = 0  # moved on by forget(): a read begun before it is not kept

    def get(self, fresh: bool = False) -> T:
        """The value: read now the first time or when ``fresh``; when older than
        ``ttl``, the value held while it is read again in the background."""
        held = self._value
        if held is None or fresh:
            return self._read()
        if time.monotonic() - held[0] > self.ttl:
            self._start_refresh()
        return held[1]

    def _read(self) -> T:
        epoch = self._epoch
        value = self.read()
        if epoch == self._epoch:
            self._value = (time.monotonic(), value)
        return value

    def _start_refresh(self) -> None:
        with self._lock:
            if self._refresh is not None and self._refresh.is_alive():
                return
            self._refresh = threading.Thread(target=self._refresh_quietly, name="remote-store-refresh", daemon=True)
            self._refresh.start()

    def _refresh_quietly(self) -> None:
        try:
            self._read()
        except Exception:  # noqa: BLE001 - the value held stays; the next due read tries again
            pass

    def wait(self) -> None:
        """Wait for a background read to end (tests, shutdown)."""
        refresh = self._refresh
        if refresh is not None:
            refresh.join()

    def forget(self) -> None:
        """Read again, and wait for it, next time (after a write through this store);
        a background read begun before is not kept."""
        self._epoch += 1
        self._value = None
