"""The store the service reads: one per process, opened on first use.

gunicorn forks its workers after the app is built, so the store (and its
query processes) must be opened in the worker, lazily, never at import time.
"""

from __future__ import annotations

from flask import current_app

from ontology.config import Settings
from ontology.sandbox import Sandbox

KEY = "cxkg.store"


def settings() -> Settings:
    """The service's settings (see :mod:`ontology.config`)."""
    return current_app.config["CXKG"]


def get_store() -> Sandbox:
    """The store of this process; writable only when a write token is set."""
    store = current_app.extensions.get(KEY)
    if store is None:
        s = settings()
        store = Sandbox(
            s.store,
            timeout=s.query_timeout,
            limit=s.result_limit,
            writable=s.write_token is not None,
            size=current_app.config.get("QUERY_PROCESSES", 2),
        )
        current_app.extensions[KEY] = store
    return store


def close_store() -> None:
    store = current_app.extensions.pop(KEY, None)
    if store is not None:
        store.close()
