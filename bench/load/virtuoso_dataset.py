"""Virtuoso asked the question the service asks: over the same default graph.

``cxkg build --store URL`` pushes the set union of the project's graphs to
Virtuoso as one more graph, and every request of the service names it as its
default graph (:mod:`cxkg.store.remote`); asked with no dataset, Virtuoso
would read every graph it holds, a triple of two graphs twice. So the
benchmark loads that union too (dumped from the pyoxigraph store, whose
default graph holds it), and sends Virtuoso's own ``/sparql`` the dataset the
service sends: Virtuoso, the service over it and pyoxigraph then give the same
rows, and the figures compare the same work.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from cxkg.config import Settings
from cxkg.store.remote import RemoteStore
from cxkg.store.remote_http import HEADERS, allow_headers


def remote(sparql_url: str) -> RemoteStore:
    """The service's view of the Virtuoso at ``sparql_url`` (the project's default namespace)."""
    return RemoteStore(sparql_url, namespace=Settings().graph_namespace)


def load_union(instance, oxigraph_store: Path, folder: Path) -> float:
    """Bulk-load the set union of the named graphs into the graph the service names as
    default; the seconds it took (dump and load)."""
    started = time.perf_counter()
    path = folder / "union.nt"
    store = ox.Store.read_only(str(oxigraph_store))
    store.dump(output=str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    del store
    instance.bulk_load(path, remote(instance.sparql_url).default_graph)
    path.unlink()
    return time.perf_counter() - started


def dataset_of(sparql_url: str) -> Callable[[str], str]:
    """A query text -> the dataset the service sends with it, form-encoded (and this
    process's HTTP client made ready for the headers Virtuoso echoes it in)."""
    store = remote(sparql_url)

    def params(text: str) -> str:
        encoded = store.dataset_params(text)
        allow_echoed(encoded)
        return encoded
    return params


def allow_echoed(query_string: str) -> None:
    """Let this process's HTTP client read an answer that echoes each graph of
    ``query_string`` as a header, as Virtuoso does (:func:`cxkg.store.remote_http.allow_headers`)."""
    allow_headers(HEADERS + query_string.count("graph-uri="))
