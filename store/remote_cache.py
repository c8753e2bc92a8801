"""A value read from a remote store and reused for a few seconds, refreshed by one reader at a time.

What a remote store says about itself (its graphs, their sizes) is asked for
by many requests; asking on each costs a query that can take longer than the
request's own (counting every graph's triples). When the value is due, the
first reader asks again while the others keep the value they had, so a busy
moment never sends the same question several times at once.

>>> calls = []
>>> recent = Recent(60.0, lambda: calls.append(1) or len(calls))
>>> recent.get(), recent.get(), recent.get(fresh=True)
(1, 1, 2)
>>> recent.forget(); recent.get()
3
"""

from __future__ import annotations

import time
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class Recent(Generic[T]):
    """``read()``'s value, reused for ``ttl`` seconds.

    :param ttl: seconds a value is reused.
    :param read: asks the store (may raise; then nothing is kept).
    """

    def __init__(self, ttl: float, read: Callable[[], T]) -> None:
        self.ttl, self.read = ttl, read
        self._value: tuple[float, T] | None = None
        self._refreshing = False

    def get(self, fresh: bool = False) -> T:
        """The value; asked again when older than ``ttl`` (or ``fresh``), unless another reader is asking."""
        held = self._value
        if held is not None and not fresh and (time.monotonic() - held[0] <= self.ttl or self._refreshing):
            return held[1]
        self._refreshing = True
        try:
            value = self.read()
        finally:
            self._refreshing = False
        self._value = (time.monotonic(), value)
        return value

    def forget(self) -> None:
        """Ask again next time (after a write through this store)."""
        self._value = None
