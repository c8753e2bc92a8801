"""The project's readings of the documents: statements a source makes that no
pattern can take out, each anchored to the passage that makes it.

A reading file ``ontology/readings/<document id>.ttl`` holds reified
statements with a ``cx:quote`` (and, when the passage recurs, a
``cx:occurrence``). Where the reader decided who says it or how firmly and no
pattern could tell, the reading also gives ``cx:modality``, ``cx:saidBy`` and
``cx:attributionRole``; otherwise those come from the patterns. Each becomes a :class:`~cxkg.loaders.evidence.Fact` whose span
is where the quote stands; a quote that is not in the document stops the
build with the file and line of the reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cxkg.loaders.evidence import Fact
from cxkg.loaders.locate import locate
from cxkg.loaders.normalize import Normalized
from cxkg.ontology.files import READINGS_DIR, rebase
from cxkg.namespaces import CX, DEFAULT_BASE, RDF

RDF_ = str(RDF)
QUOTE = str(CX.quote)
OCCURRENCE = str(CX.occurrence)
MODALITY = str(CX.modality)
SAID_BY = str(CX.saidBy)
ROLE = str(CX.attributionRole)


class ReadingError(Exception):
    """A reading cannot be anchored; the message names the file and line."""


@dataclass(frozen=True)
class Reading:
    subject: ox.NamedNode
    predicate: ox.NamedNode
    object: ox.NamedNode | ox.Literal
    quote: str
    occurrence: int = 1
    modality: str | None = None  # a slug of the modality scheme, where the reader decided it
    said_by: ox.NamedNode | None = None  # who the passage credits, where no pattern can tell
    role: str | None = None


def reading_file(identifier: str, folder: Path = READINGS_DIR) -> Path:
    return folder / f"{identifier}.ttl"


def parse_readings(path: Path, base: str = DEFAULT_BASE) -> list[Reading]:
    """The readings of one file (none if the document has no reading file).

    :raises ReadingError: if the file does not parse.
    """
    if not path.is_file():
        return []
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as error:
        raise ReadingError(f"{path}: {error}") from error
    by_node: dict = {}
    for t in triples:
        by_node.setdefault(t.subject, {})[t.predicate.value] = t.object
    readings = []
    for fields in by_node.values():
        if QUOTE not in fields:
            continue
        try:
            parts = [fields[RDF_ + name] for name in ("subject", "predicate", "object")]
        except KeyError as error:
            raise ReadingError(f"{path}, line {quote_line(path, fields[QUOTE].value)}: reading without rdf:{error.args[0][len(RDF_):]}") from None
        occurrence = int(fields[OCCURRENCE].value) if OCCURRENCE in fields else 1
        said_by = rebase(fields[SAID_BY], base) if SAID_BY in fields else None
        readings.append(Reading(rebase(parts[0], base), parts[1], rebase(parts[2], base), fields[QUOTE].value, occurrence,
                                slug_of(fields.get(MODALITY)), said_by, slug_of(fields.get(ROLE))))
    return sorted(readings, key=lambda r: (r.quote, str(r.subject), str(r.predicate), str(r.object)))


def reading_facts(readings: list[Reading], normalized: Normalized, path: Path) -> list[Fact]:
    """Anchor every reading in the document's cleaned text.

    :raises ReadingError: for a quote the document does not contain.
    """
    facts = []
    for reading in readings:
        span = locate(reading.quote, normalized, reading.occurrence)
        if span is None:
            raise ReadingError(
                f"{path}, line {quote_line(path, reading.quote)}: quote not found in the document "
                f"(occurrence {reading.occurrence}): {reading.quote[:80]!r}"
            )
        facts.append(Fact(reading.subject, reading.predicate, reading.object, span, curated=True,
                          said_by=reading.said_by, role=reading.role, modality=reading.modality))
    return facts


def slug_of(term) -> str | None:
    """The slug of a scheme member's IRI (``…/modality/aims`` -> ``aims``)."""
    return None if term is None else term.value.rstrip("/").rsplit("/", 1)[-1]


def quote_line(path: Path, quote: str) -> int:
    """The line of a reading file where a quote is written (1 if not found)."""
    head = quote[:40]
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if head in line:
            return number
    return 1


