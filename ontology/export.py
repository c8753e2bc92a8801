"""Write the whole graph in the RDF formats users download.

The formats are those of :mod:`cxkg.store.formats`; Turtle, TriG and RDF/XML
use the project's prefixes, and JSON-LD is compacted with the project's
published context (``ontology/context.jsonld``) so that it reads as plain JSON.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import BinaryIO

from cxkg.namespaces import PREFIXES
from cxkg.ontology.files import ONTOLOGY_DIR
from cxkg.store.interface import GraphStore
from cxkg.store.formats import rdf_formats, serialize

EXPORT_FORMATS = tuple(f.name for f in rdf_formats())
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"


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
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    serialize(store.quads(), fmt, output, prefixes=PREFIXES, context=context())
