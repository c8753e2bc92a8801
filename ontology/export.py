"""Write the whole graph in the RDF formats users download.

The formats are those of :mod:`cxkg.store.formats`; Turtle, TriG and RDF/XML
use the project's prefixes, and JSON-LD is compacted with the project's
published context (``ontology/context.jsonld``) so that it reads as plain JSON.
Blank nodes get their canonical RDFC-1.0 labels (:mod:`cxkg.ontology.canonical`),
so two builds of the same input give the same sorted N-Quads; the releases
graph, whose times differ by design, may be left out.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import BinaryIO

import pyoxigraph as ox

from cxkg.namespaces import PREFIXES
from cxkg.ontology.canonical import canonical
from cxkg.ontology.files import ONTOLOGY_DIR
from cxkg.store.interface import GraphStore
from cxkg.store.formats import rdf_formats, serialize

EXPORT_FORMATS = tuple(f.name for f in rdf_formats())
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"


@lru_cache(maxsize=1)
def context() -> dict:
    """The published JSON-LD context (the object under ``@context``)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def export(store: GraphStore, fmt: str, output: BinaryIO, leave_out: ox.NamedNode | None = None) -> None:
    """Write every graph of ``store`` to ``output`` in ``fmt``, blank nodes labelled canonically.

    :param fmt: one of :data:`EXPORT_FORMATS`; ``nq``, ``trig`` and ``jsonld``
        keep the named graphs, the others hold their union.
    :param leave_out: a graph not to write (the releases graph, to compare builds).
    :raises ValueError: for an unknown format.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    quads = (q for q in store.quads() if q.graph_name != leave_out)
    serialize(canonical(quads), fmt, output, prefixes=PREFIXES, context=context())
