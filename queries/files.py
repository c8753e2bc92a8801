"""The SPARQL files of this room, read by one function.

Besides the catalogue (``cq*.rq``), the room keeps the queries the service
runs for its pages and views, in folders by use: ``views/`` (concepts,
documents, works), ``pages/`` (the browser's lists), ``linked/`` (linked-data
descriptions, VoID) and ``support/`` (parameter names). Code elsewhere asks
for a query by its path here, never by a file path of its own.

>>> "SELECT" in query_text("support/concept-names")
True
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

QUERY_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    """The text of ``queries/<name>.rq`` (``name`` is a fixed path like ``views/works``).

    :raises FileNotFoundError: for a query the room does not hold.
    """
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
