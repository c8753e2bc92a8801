"""``cxkg diff``: what was added and removed, graph by graph, between two states of the graph.

Each side is a store (a folder, or the URL of a SPARQL endpoint) or a dump
(N-Quads, TriG, or a triple format, ``.gz`` too). Quads are compared as
canonical N-Quads lines (:mod:`cxkg.ontology.canonical`), so blank nodes
compare by what they say, not by their labels. The releases graph, whose
times differ by design, is left out unless asked for.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path
import pyoxigraph as ox

from cxkg.config import Settings
from cxkg.ontology.canonical import canonical
from cxkg.store.formats import FORMATS, rdf_formats
from cxkg.store.interface import StoreError
from cxkg.store.open import open_store

#: What a graph is called when a quad has none (a dump in a triple format).
DEFAULT_GRAPH = "(default graph)"


class SourceError(Exception):
    """A side of the diff cannot be read; the message names it."""


@dataclass
class GraphDiff:
    """One graph's added and removed quads, as sorted N-Quads lines."""

    graph: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def diff(old: str, new: str, settings: Settings, leave_out: str | None = None) -> list[GraphDiff]:
    """The graphs that differ between ``old`` and ``new``, by graph IRI.

    :param leave_out: the IRI of a graph not to compare (the releases graph).
    :raises SourceError: when a side is neither a readable store nor a dump.
    """
    before, after = by_graph(read(old, settings), leave_out), by_graph(read(new, settings), leave_out)
    changes = []
    for graph in sorted(before.keys() | after.keys()):
        was, now = before.get(graph, set()), after.get(graph, set())
        if was != now:
            changes.append(GraphDiff(graph, sorted(now - was), sorted(was - now)))
    return changes


def by_graph(quads: list[ox.Quad], leave_out: str | None) -> dict[str, set[str]]:
    """Canonical N-Quads lines grouped by the IRI of their graph (:data:`DEFAULT_GRAPH` for triples)."""
    grouped: dict[str, list[ox.Quad]] = {}
    for quad in canonical(quads):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else DEFAULT_GRAPH
        grouped.setdefault(name, []).append(quad)
    grouped.pop(leave_out, None)
    return {name: set(ox.serialize(group, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())
            for name, group in grouped.items()}


def read(source: str, settings: Settings) -> list[ox.Quad]:
    """Every quad of a store folder, a SPARQL endpoint, or a dump file.

    :raises SourceError: naming ``source`` when it cannot be read.
    """
    path = Path(source)
    try:
        if source.startswith(("http://", "https://")) or path.is_dir():
            return list(open_store(settings.with_options(store=source), read_only=True).quads())
        if path.is_file():
            return parse_dump(path)
    except (StoreError, OSError, SyntaxError, ValueError) as error:
        raise SourceError(f"cannot read {source}: {error}") from error
    raise SourceError(f"{source} is neither a store folder, a SPARQL endpoint URL nor a dump file")


def parse_dump(path: Path) -> list[ox.Quad]:
    """The quads of a dump, its format taken from its suffix (after a ``.gz``).

    :raises ValueError: for a suffix that names no RDF format.
    """
    compressed = path.suffix == ".gz"
    suffix = Path(path.stem).suffix if compressed else path.suffix
    names = {f.name: f for f in rdf_formats()}
    chosen = names.get(suffix.removeprefix("."))
    if chosen is None:
        raise ValueError(f"no RDF format for the suffix {suffix or '(none)'!r}; expected one of "
                         + ", ".join(f".{n}" for n in names) + " (optionally .gz)")
    opener = gzip.open if compressed else open
    with opener(path, "rb") as stream:
        return list(ox.parse(stream, format=FORMATS[chosen.name].engine))
