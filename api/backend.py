"""The store the service reads: one per process, opened on first use.

gunicorn forks its workers after the app is built, so the store (and its
query processes) must be opened in the worker, lazily, never at import time.
A store that is an http(s) URL is a remote SPARQL store (Virtuoso): its
:class:`~cxkg.store.remote.RemoteStore` answers as the sandbox does, and the
time limit is enforced by the server, so no query process is needed.
"""

from __future__ import annotations

from flask import current_app

from cxkg.config import Settings
from cxkg.store.remote import RemoteStore
from cxkg.store.processes import Sandbox
from cxkg.queries.resolve import Names, load_names

KEY = "cxkg.store"


def settings() -> Settings:
    """The service's settings (see :mod:`cxkg.config`)."""
    return current_app.config["CXKG"]


def get_store() -> Sandbox | RemoteStore:
    """The store of this process; writable only when a write token is set."""
    store = current_app.extensions.get(KEY)
    if store is None:
        store = current_app.extensions[KEY] = open_service_store(settings())
    return store


def open_service_store(s: Settings) -> Sandbox | RemoteStore:
    """A remote store for an http(s) URL, else query processes on the folder."""
    if s.remote:
        return RemoteStore.from_settings(s, timeout=s.query_timeout, limit=s.result_limit, result_bytes=s.result_bytes)
    return Sandbox(
        s.store,
        timeout=s.query_timeout,
        limit=s.result_limit,
        writable=s.write_token is not None,
        size=current_app.config.get("QUERY_PROCESSES", 2),
        result_bytes=s.result_bytes,
        memory=s.query_memory,
    )


def close_store() -> None:
    store = current_app.extensions.pop(KEY, None)
    if store is not None:
        store.close()


def get_names(store, kind: str) -> Names:
    """The names of every concept or document, kept while the store is unchanged.

    Resolving a parameter needs every label of every concept; reading them
    costs more than most catalogue queries, so they are read once per store.
    """
    generation = getattr(store, "generation", None)
    if generation is None:
        return load_names(store, kind)
    key = (generation(), kind)
    cache = current_app.extensions.setdefault("cxkg.names", {})
    if key not in cache:
        cache.clear() if len(cache) > 8 else None
        cache[key] = load_names(store, kind)
    return cache[key]
