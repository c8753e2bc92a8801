"""What a document holds, read by every registered reader: one table, :data:`READERS`.

A reader pairs an extractor (a page of text -> records) with a mapper (records
-> facts with their evidence). Every reader runs on every document: each finds
what its pattern finds, so a new document of a known kind needs no
configuration, and a new kind of content is one module plus one entry here.

Extractors read the text cleaned with its lines kept (line breaks tell table
cells, headings and attributions apart); mentions read it folded into one
line. Verbatims inside tables are left to the table reader, so quotations and
figures skip table regions. Readers run, and their facts come, in the order of
the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from cxkg.loaders import map_prose, map_structure, map_tables
from cxkg.loaders.citations import document_citations
from cxkg.loaders.context import MapContext
from cxkg.loaders.definitions import find_definitions
from cxkg.loaders.evidence import Fact
from cxkg.loaders.figures import find_figures
from cxkg.loaders.interviews import find_interviewees
from cxkg.loaders.lexicon import language_of
from cxkg.loaders.map_documents import front_matter_facts, interviewee_facts
from cxkg.loaders.map_literature import citation_facts
from cxkg.loaders.normalize import Normalized, clean, fold
from cxkg.loaders.quotations import find_quotations
from cxkg.loaders.records import Mention, Span
from cxkg.loaders.segment import Region, front_matter, table_regions
from cxkg.loaders.tables import TableRows, read_tables
from cxkg.loaders.toc import headings


@dataclass(frozen=True)
class Vocabulary:
    """Known cell values that let a table reader split cells with no delimiter."""

    sectors: tuple[str, ...] = ()
    company_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """What the readers see of one document."""

    stored: str
    lines: Normalized
    folded: Normalized
    regions: tuple[Region, ...]
    vocabulary: Vocabulary
    language: str = "fr"
    mentions: tuple[Mention, ...] = ()

    @property
    def tables(self) -> tuple[Span, ...]:
        """Where the tables stand: prose readers skip them."""
        return tuple(self.lines.span(region.start, region.end) for region in self.regions)


@dataclass(frozen=True)
class Reader:
    """One kind of content: how to find its records, and the facts they give."""

    name: str
    find: Callable[[Page], Sequence]
    facts: Callable[[Sequence, Page, MapContext], list[Fact]]


def read_page(stored: str, is_word: Callable[[str], bool], vocabulary: Vocabulary = Vocabulary(),
              language: str = "fr") -> Page:
    """A document's stored text, cleaned (lines kept), folded, with its table regions."""
    lines = clean(stored, is_word)
    return Page(stored, lines, fold(lines), tuple(table_regions(lines)), vocabulary, language)


def find_all(page: Page) -> dict[str, Sequence]:
    """Every reader's records in ``page``, in the table's order."""
    return {reader.name: reader.find(page) for reader in READERS}


def facts_of(found: dict[str, Sequence], page: Page, ctx: MapContext) -> list[Fact]:
    """The facts of every reader's records, in the table's order."""
    return [fact for reader in READERS for fact in reader.facts(found[reader.name], page, ctx)]


# -- the readers --------------------------------------------------------------------------


def each(mapper: Callable) -> Callable[[Sequence, Page, MapContext], list[Fact]]:
    """A reader's facts: ``mapper(record, ctx)`` for each record."""
    return lambda records, page, ctx: [fact for record in records for fact in mapper(record, ctx)]


def numbered(mapper: Callable) -> Callable[[Sequence, Page, MapContext], list[Fact]]:
    """A reader's facts: ``mapper(record, number, ctx)``, records numbered from 1 in text order."""
    return lambda records, page, ctx: [fact for n, record in enumerate(records, 1) for fact in mapper(record, n, ctx)]


def find_front_matter(page: Page) -> list:
    found = front_matter(page.stored)
    return [] if found is None else [found]


def front_matter_of(records: Sequence, page: Page, ctx: MapContext) -> list[Fact]:
    return [fact for record in records for fact in front_matter_facts(record, ctx, page.language)]


def find_tables(page: Page) -> list[TableRows]:
    return [read_tables(page.lines, page.regions, page.vocabulary.sectors, page.vocabulary.company_types)]


def table_facts(records: Sequence[TableRows], page: Page, ctx: MapContext) -> list[Fact]:
    """Capabilities, then interviews, then verbatims (numbered in text order) with their speakers."""
    facts: list[Fact] = []
    known = page.vocabulary
    for rows in records:
        facts += [f for row in rows.capabilities for f in map_tables.capability_facts(row, ctx)]
        facts += [f for row in rows.interviews for f in map_tables.interview_facts(row, ctx, known.sectors)]
        facts += [f for n, row in enumerate(rows.verbatims, 1)
                  for f in map_tables.verbatim_facts(row, n, ctx, rows.interviews, known.sectors, known.company_types)]
    return facts


def structure_of(records: Sequence, page: Page, ctx: MapContext) -> list[Fact]:
    """Parts, chapters and sections, and the concepts each one's text mentions."""
    structure, spans = map_structure.structure_facts(list(records), ctx)
    return structure + map_structure.treats_facts(spans, list(page.mentions))


#: Every reader, in the order their facts are made (the first of two equal facts is kept).
READERS: tuple[Reader, ...] = (
    Reader("front matter", find_front_matter, front_matter_of),
    Reader("citations", lambda page: document_citations(page.lines), lambda records, page, ctx: citation_facts(list(records), ctx)),
    Reader("tables", find_tables, table_facts),
    Reader("table of contents", lambda page: headings(page.lines), structure_of),
    Reader("definitions", lambda page: find_definitions(page.lines),
           lambda records, page, ctx: [f for n, r in enumerate(records, 1)
                                       for f in map_prose.definition_facts(r, n, ctx, language_of({"language": page.language}))]),
    Reader("quotations", lambda page: find_quotations(page.lines, exclude=page.tables), numbered(map_prose.quotation_facts)),
    Reader("figures", lambda page: find_figures(page.lines, exclude=page.tables), numbered(map_prose.figure_facts)),
    Reader("interviewees", lambda page: find_interviewees(page.lines),
           lambda records, page, ctx: [f for r in records for f in interviewee_facts(r, ctx, page.language)]),
)
