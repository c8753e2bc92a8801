"""A cache for functions of SPARQL text that keeps short texts only.

``lru_cache`` keyed on whole texts let a process keep 512 bodies of up to 1 MB
each (600 distinct 1 MB queries grew a worker from 121 to 581 MB). The texts a
service sees again and again are the catalogue's, all under 2,300 characters;
a long text is rarely sent twice, and reading it again is cheap next to
running it.

>>> @small_text_cache
... def size(text: str) -> int:
...     return len(text)
>>> size("ASK {}"), size("#" * 10_000), size.cache_info().currsize
(6, 10000, 1)
"""

from __future__ import annotations

from functools import lru_cache, wraps
from typing import Callable, TypeVar

#: Texts up to this many characters are cached; a cache so holds at most
#: about ``512 * SMALL_TEXT`` characters per function.
SMALL_TEXT = 4096

Result = TypeVar("Result")


def small_text_cache(function: Callable[..., Result]) -> Callable[..., Result]:
    """``lru_cache(512)`` for texts up to :data:`SMALL_TEXT` characters; longer ones are computed each time."""
    memo = lru_cache(maxsize=512)(function)

    @wraps(function)
    def cached(text: str, *args):
        return memo(text, *args) if len(text) <= SMALL_TEXT else function(text, *args)

    cached.cache_info, cached.cache_clear = memo.cache_info, memo.cache_clear
    return cached
