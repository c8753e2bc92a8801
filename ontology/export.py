"""Write the whole graph in the RDF formats users download.

Oxigraph serialises every format but JSON-LD, which it writes expanded; the
JSON-LD dump is compacted with the project's published context
(``ontology/context.jsonld``) so that it reads as plain JSON.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset

from cxkg.ontology.files import ONTOLOGY_DIR
from cxkg.namespaces import PREFIXES
from cxkg.store.embedded import RDF_FORMATS, GraphStore

EXPORT_FORMATS = tuple(RDF_FORMATS)
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"

#: File suffix and media type of each format, for dumps and downloads.
MEDIA_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}


@lru_cache(maxsize=1)
def context() -> dict:
    """The published JSON-LD context (the object under ``@context``)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def export(store: GraphStore, fmt: str, output: BinaryIO) -> None:
    """Write every graph of ``store`` to ``output`` in ``fmt``.

    :param fmt: one of :data:`EXPORT_FORMATS`; ``nq``, ``trig`` and ``jsonld``
        keep the named graphs, the others hold their union.
    :raises ValueError: for an unknown format.
    """
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "jsonld":
        output.write(jsonld(store).encode("utf-8"))
        return
    quads = list(store.quads())
    if fmt in ("nq", "trig"):
        ox.serialize(quads, output, RDF_FORMATS[fmt], prefixes=_prefixes(fmt))
        return
    triples = sorted({q.triple for q in quads}, key=str)
    ox.serialize(triples, output, RDF_FORMATS[fmt], prefixes=_prefixes(fmt))


def _prefixes(fmt: str) -> dict[str, str] | None:
    return PREFIXES if fmt in ("ttl", "trig", "rdf") else None


def jsonld(store: GraphStore) -> str:
    """The dataset as JSON-LD compacted with the project's context."""
    nquads = ox.serialize(list(store.quads()), format=ox.RdfFormat.N_QUADS)
    dataset = Dataset()
    dataset.parse(data=nquads.decode("utf-8"), format="nquads")
    return dataset.serialize(format="json-ld", context=context(), indent=1)
