"""Configuration in one place: paths, the resource base, the graph names.

Every setting has a default, an environment variable, and (in the CLI) an
option that overrides both. Nothing else in the project reads the environment.

>>> s = Settings.from_env({})
>>> s.corpus.name
'corpus'
>>> s.graph("editorial")
'https://w3id.org/cxkg/id/graph/editorial'
>>> s.document_graph("004_x")
'https://w3id.org/cxkg/id/graph/document/004_x'

A store that is an http(s) URL is a remote SPARQL 1.1 store (Virtuoso); its
update and Graph Store Protocol URLs are derived from the query URL unless given:

>>> r = Settings(store="http://127.0.0.1:8890/sparql", store_user="dba")
>>> r.remote, r.update_url, r.graph_store_url
(True, 'http://127.0.0.1:8890/sparql-auth', 'http://127.0.0.1:8890/sparql-graph-crud-auth')
>>> Settings(store="http://127.0.0.1:8890/sparql").graph_store_url
'http://127.0.0.1:8890/sparql-graph-crud'

Sizes take a unit (``K``, ``M``, ``G``, powers of 1024) or none (bytes):

>>> s = Settings.from_env({"CXKG_QUERY_MEMORY": "768M", "CXKG_RESULT_BYTES": "1G"})
>>> s.query_memory, s.result_bytes
(805306368, 1073741824)
>>> Settings.from_env({"CXKG_PUBLIC_URL": "https://kg.example.org/"}).public_url
'https://kg.example.org'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping


PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: Where resource IRIs start unless ``CXKG_BASE`` says otherwise (the published one).
DEFAULT_BASE = "https://w3id.org/cxkg/id/"

#: Settings of a remote store, by the environment variable that sets each.
REMOTE_VARIABLES = {
    "store_update_url": "CXKG_STORE_UPDATE_URL",
    "store_graph_url": "CXKG_STORE_GRAPH_URL",
    "store_user": "CXKG_STORE_USER",
    "store_password": "CXKG_STORE_PASSWORD",
}

#: Size units of the ``*_MEMORY``/``*_BYTES`` settings, as powers of 1024.
UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}

#: Size settings, by the environment variable that sets each.
SIZE_VARIABLES = {
    "query_memory": "CXKG_QUERY_MEMORY",
    "result_bytes": "CXKG_RESULT_BYTES",
    "document_bytes": "CXKG_DOCUMENT_BYTES",
}

#: The graphs the project owns besides one graph per document.
GRAPH_KINDS = ("ontology", "editorial", "inferred", "editorial-inferred", "releases")


@dataclass(frozen=True)
class Settings:
    """What the commands and the service need to know about their world."""

    corpus: Path = PROJECT_ROOT.parent / "shared" / "corpus"
    store: str = str(PROJECT_ROOT / "var" / "store")
    #: Where the documents added with ``cxkg add`` are kept; ``None``: beside a folder
    #: store (``<store>.documents``), none for a remote store (``CXKG_DOCUMENTS``).
    documents: Path | None = None
    base: str = DEFAULT_BASE
    query_timeout: float = 10.0
    result_limit: int = 10000
    #: Address space of one query process: 8 of them fit a 2-core, 4 GB machine.
    query_memory: int = 512 * 1024**2
    #: The most bytes one answer may hold, whatever its number of rows.
    result_bytes: int = 64 * 1024**2
    #: The most bytes a request body may hold, whatever its transfer encoding.
    body_limit: int = 1024**2
    #: How deep brackets and braces may nest in a query before it is refused.
    nesting_limit: int = 128
    #: The most bytes the file of a document added to the corpus may hold (text, Markdown,
    #: HTML or PDF): a larger one is refused before it is read.
    document_bytes: int = 16 * 1024**2
    #: The service's public base URL (scheme, host, optional path); ``None``:
    #: the address it listens on. Never taken from a request's ``Host`` header.
    public_url: str | None = None
    write_token: str | None = None
    store_update_url: str | None = None
    store_graph_url: str | None = None
    store_user: str | None = None
    store_password: str | None = None
    #: Connections each worker keeps open to a remote store. Keep workers x this
    #: below what the store keeps alive (Virtuoso's ``[HTTPServer] MaxKeepAlives``, 10
    #: by default): past it, Virtuoso holds new connections until an idle one times out.
    store_connections: int = 4

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Read ``CXKG_*`` variables over the defaults."""
        env = os.environ if env is None else env
        s = cls()
        if "CXKG_CORPUS" in env:
            s = replace(s, corpus=Path(env["CXKG_CORPUS"]))
        if "CXKG_STORE" in env:
            s = replace(s, store=env["CXKG_STORE"])
        if env.get("CXKG_DOCUMENTS"):
            s = replace(s, documents=Path(env["CXKG_DOCUMENTS"]))
        if "CXKG_BASE" in env:
            s = replace(s, base=env["CXKG_BASE"])
        if "CXKG_QUERY_TIMEOUT" in env:
            s = replace(s, query_timeout=float(env["CXKG_QUERY_TIMEOUT"]))
        if "CXKG_RESULT_LIMIT" in env:
            s = replace(s, result_limit=int(env["CXKG_RESULT_LIMIT"]))
        for field, name in SIZE_VARIABLES.items():
            if env.get(name):
                s = replace(s, **{field: size(env[name], name)})
        if env.get("CXKG_PUBLIC_URL"):
            s = replace(s, public_url=env["CXKG_PUBLIC_URL"].rstrip("/"))
        if env.get("CXKG_WRITE_TOKEN"):
            s = replace(s, write_token=env["CXKG_WRITE_TOKEN"])
        for field, name in REMOTE_VARIABLES.items():
            if env.get(name):
                s = replace(s, **{field: env[name]})
        if env.get("CXKG_STORE_CONNECTIONS"):
            s = replace(s, store_connections=int(env["CXKG_STORE_CONNECTIONS"]))
        return s

    @property
    def remote(self) -> bool:
        """Whether the store is a remote SPARQL endpoint rather than a folder."""
        return self.store.startswith(("http://", "https://"))

    @property
    def update_url(self) -> str:
        """Where SPARQL Update goes: given, or Virtuoso's ``/sparql-auth`` beside
        ``/sparql`` when a user is set (its anonymous endpoint is read-only)."""
        return self.store_update_url or self._beside_sparql("-auth" if self.store_user else "")

    @property
    def graph_store_url(self) -> str:
        """The Graph Store Protocol endpoint: given, or Virtuoso's
        ``/sparql-graph-crud`` (``-auth`` when a user is set)."""
        return self.store_graph_url or self._beside_sparql("-graph-crud-auth" if self.store_user else "-graph-crud")

    def _beside_sparql(self, suffix: str) -> str:
        """The query URL with ``suffix`` after a final ``/sparql`` (else unchanged)."""
        if self.store.rstrip("/").endswith("/sparql"):
            return self.store.rstrip("/") + suffix
        return self.store

    def with_options(self, **options: object) -> "Settings":
        """Override with the options a user gave (``None`` means not given)."""
        given = {k: v for k, v in options.items() if v is not None}
        for key in ("corpus", "documents"):
            if key in given:
                given[key] = Path(str(given[key]))
        return replace(self, **given)

    @property
    def graph_namespace(self) -> str:
        """The IRI every graph of the project starts with (the others are not ours)."""
        return f"{self.base}graph/"

    def graph(self, kind: str) -> str:
        """IRI of one of the project's own graphs (see :data:`GRAPH_KINDS`)."""
        if kind not in GRAPH_KINDS:
            raise ValueError(f"unknown graph kind {kind!r}; expected one of {GRAPH_KINDS}")
        return f"{self.graph_namespace}{kind}"

    def document_graph(self, identifier: str) -> str:
        """IRI of the graph that holds what one corpus document states."""
        return f"{self.graph_namespace}document/{identifier}"

    def mint(self, *parts: str) -> str:
        """An IRI under the resource base, e.g. ``mint('concept', 'nps')``."""
        return self.base + "/".join(parts)


def size(text: str, name: str = "size") -> int:
    """Bytes in ``text``: a whole number with an optional unit (``512M``, ``2G``).

    >>> size("64k"), size("1048576"), size("2 G")
    (65536, 1048576, 2147483648)
    >>> size("lots", "CXKG_QUERY_MEMORY")
    Traceback (most recent call last):
    ...
    ValueError: CXKG_QUERY_MEMORY must be a number of bytes with an optional unit K, M or G (like 512M), not 'lots'
    """
    cleaned = text.strip().upper().removesuffix("B").replace(" ", "")
    number, unit = cleaned.rstrip("KMG"), cleaned[len(cleaned.rstrip("KMG")):]
    if not number.isdigit() or unit not in UNITS:
        raise ValueError(f"{name} must be a number of bytes with an optional unit K, M or G (like 512M), not {text!r}")
    return int(number) * UNITS[unit]
