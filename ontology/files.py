"""The project's own RDF and SPARQL files: ontology, editorial data, rules, checks.

Turtle is parsed with Oxigraph's parser (fast, with line numbers in errors) into
quads of one named graph. IRIs under the default resource base are moved to the
configured base, so the data files can be written once with ``cxid:``.

>>> len(sparql_files("checks", "-violation.rq")) > 0
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from cxkg.namespaces import DEFAULT_BASE

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_FILE = ONTOLOGY_DIR / "cx.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
DATA_DIR = ONTOLOGY_DIR / "data"
READINGS_DIR = ONTOLOGY_DIR / "readings"
VOCABULARIES_DIR = ONTOLOGY_DIR / "vocabularies"


class DataFileError(Exception):
    """A project data file does not parse; the message names the file and line."""


def turtle_files(folder: Path) -> list[Path]:
    """Every ``.ttl`` file below ``folder``, in a stable order."""
    return sorted(folder.rglob("*.ttl"))


def sparql_files(kind: str, suffix: str = ".rq") -> list[Path]:
    """The SPARQL files of ``ontology/<kind>/`` whose names end with ``suffix``."""
    return sorted((ONTOLOGY_DIR / kind).glob(f"*{suffix}"))


def scope_query(name: str) -> str:
    """The text of ``ontology/scope/<name>.rq``: what a change to one document reaches."""
    return (ONTOLOGY_DIR / "scope" / f"{name}.rq").read_text(encoding="utf-8")


def rebase(term, base: str):
    """Move a term under the default resource base to ``base``."""
    if base != DEFAULT_BASE and isinstance(term, ox.NamedNode):
        if term.value.startswith(DEFAULT_BASE):
            return ox.NamedNode(base + term.value[len(DEFAULT_BASE):])
    return term


def read_turtle(path: Path, graph: ox.NamedNode, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Parse one Turtle file into quads of ``graph``.

    :raises DataFileError: naming the file and the line when it does not parse.
    """
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as error:
        raise DataFileError(f"{path}: {error}") from error
    return [
        ox.Quad(rebase(t.subject, base), t.predicate, rebase(t.object, base), graph)
        for t in triples
    ]


def read_all(paths: Iterable[Path], graph: ox.NamedNode, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Parse several Turtle files into one graph."""
    return [quad for path in paths for quad in read_turtle(path, graph, base)]
