"""Run every extractor over one document's text: the records it holds.

Extractors read the text cleaned with its lines kept (line breaks tell
table cells, headings and attributions apart); mentions read it folded into
one line. Verbatims inside tables
are left to the table extractor, so quotations and figures skip table regions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from cxkg.loaders.citations import document_citations
from cxkg.loaders.definitions import find_definitions
from cxkg.loaders.figures import find_figures
from cxkg.loaders.normalize import Normalized, clean, fold
from cxkg.loaders.quotations import find_quotations
from cxkg.loaders.records import (
    CapabilityRow,
    Citation,
    DefinitionSentence,
    Figure,
    FrontMatter,
    Heading,
    InterviewRow,
    Quotation,
    VerbatimRow,
)
from cxkg.loaders.segment import front_matter, table_regions
from cxkg.loaders.tables import read_tables
from cxkg.loaders.toc import headings


@dataclass
class Extraction:
    """The records of one document."""

    lines: Normalized
    folded: Normalized
    front_matter: FrontMatter | None = None
    citations: list[Citation] = field(default_factory=list)
    capabilities: list[CapabilityRow] = field(default_factory=list)
    interviews: list[InterviewRow] = field(default_factory=list)
    verbatims: list[VerbatimRow] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    definitions: list[DefinitionSentence] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class Vocabulary:
    """Known cell values that let a table reader split cells with no delimiter."""

    sectors: tuple[str, ...] = ()
    company_types: tuple[str, ...] = ()


def extract(stored: str, is_word: Callable[[str], bool], vocabulary: Vocabulary = Vocabulary()) -> Extraction:
    """Every record the extractors find in a document's stored text."""
    lines = clean(stored, is_word)
    folded = fold(lines)
    regions = table_regions(lines)
    tables = [lines.span(region.start, region.end) for region in regions]
    rows = read_tables(lines, regions, vocabulary.sectors, vocabulary.company_types)
    return Extraction(
        lines=lines,
        folded=folded,
        front_matter=front_matter(stored),
        citations=document_citations(lines),
        capabilities=list(rows.capabilities),
        interviews=list(rows.interviews),
        verbatims=list(rows.verbatims),
        headings=headings(lines),
        definitions=find_definitions(lines),
        quotations=find_quotations(lines, exclude=tables),
        figures=find_figures(lines, exclude=tables),
    )

