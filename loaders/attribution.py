"""Who says each fact a document gives, in which role, and how firmly.

A passage may be the document's own claim (its authors), a claim it credits
to a work it cites, or words it quotes from someone it interviewed. The
pass below reads that from the facts and the page, by the patterns the
field's writing uses, never from a list of passages:

- **Quoted voices.** A fact whose passage lies inside a verbatim's or a
  quotation's words (the facts give the words with ``cx:text`` or
  ``schema:text`` and the speaker with ``cx:spokenBy`` or ``schema:creator``)
  is said by that speaker, role ``interviewee``. What the document says *about*
  the quotation (its text, what it illustrates) stays the document's.
- **Interviews.** In a document that reports an interview (``cx:interviewee``),
  every claim of its body is the interviewee's, except the questions.
- **Credited works.** A claim about a concept is credited to each work cited
  in the sentence that states it ("… fidéliser les clients (Homburg, Jozić et
  Kuehnl, 2017)"); else in the sentence that introduces the list it stands in
  ("quatre types (Morgan, 2012) :") or in a source line just below that list
  (under at most a short caption, as a figure is credited); else, for a
  definition in a table, after "d'après", "selon" or "source" in the table's
  header or caption. One statement per work, role ``cited-work``. A work is
  never credited with a fact about itself, and what the document says of its
  own literature (what it cites, who wrote what) stays the document's.
- **Otherwise** the document says it, role ``author``.

Modality comes from :mod:`cxkg.loaders.modality`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

import pyoxigraph as ox

from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import ASSERTS, AUTHOR, CITED_WORK, INTERVIEWEE, Fact
from cxkg.loaders.lists import bullet_lists
from cxkg.loaders.lexicon import language_of
from cxkg.loaders.map_literature import work_iri
from cxkg.loaders.modality import load_cues, passage_modality
from cxkg.loaders.records import Citation, Span
from cxkg.loaders.segment import front_matter
from cxkg.loaders.sentences import sentences
from cxkg.namespaces import CX, SCHEMA, SKOS

SPOKEN_BY = frozenset({str(CX.spokenBy), str(SCHEMA.creator)})
WORDS = frozenset({str(CX.text), str(SCHEMA.text)})
INTERVIEWEE_OF = str(CX.interviewee)
DEFINITION = str(SKOS.definition)
#: A table header or caption crediting the source of its content.
CREDIT_CUE = re.compile(r"(?:d['’]apr[eè]s|selon|sources?\s*:|adapt[ée]+\s+d[e'’]|according to|adapted from|after)\s+$", re.I)
QUESTION = re.compile(r"\?[\s\d.]*$")  # a question, perhaps followed by its page number in a table of contents
CUE_REACH = 80
CAPTION_LINES, CAPTION_WORDS = 1, 8  # what may stand between a block and its credit line  # characters between a credit cue and the citation it introduces


@dataclass(frozen=True)
class Voice:
    """Words a document quotes: where they stand, their node, who says them."""

    span: Span
    node: ox.NamedNode
    speaker: ox.NamedNode


def attribute(facts: Sequence[Fact], page, citations: Sequence[Citation], ctx: MapContext) -> list[Fact]:
    """Every fact with a span, with its speaker, role and modality (one fact per credited work)."""
    scope = Scope(page, citations, ctx, voices(facts), interviewee(facts, ctx))
    return [out for fact in facts for out in scope.attribute(fact)]


def voices(facts: Sequence[Fact]) -> list[Voice]:
    """The quoted words among the facts, with their speakers."""
    speakers = {f.subject: f.object for f in facts if f.predicate.value in SPOKEN_BY and isinstance(f.object, ox.NamedNode)}
    return [Voice(f.span, f.subject, speakers[f.subject]) for f in facts
            if f.predicate.value in WORDS and f.span is not None and f.subject in speakers]


def interviewee(facts: Sequence[Fact], ctx: MapContext) -> ox.NamedNode | None:
    """The person a document interviews, if it says so."""
    found = [f.object for f in facts if f.subject == ctx.document and f.predicate.value == INTERVIEWEE_OF]
    return found[0] if found else None


class Scope:
    """What attribution needs of one page, computed once."""

    def __init__(self, page, citations: Sequence[Citation], ctx: MapContext, voiced: list[Voice],
                 interviewed: ox.NamedNode | None) -> None:
        self.page, self.ctx, self.voiced, self.interviewed = page, ctx, voiced, interviewed
        self.cues = load_cues()[language_of({"language": page.language})]
        self.sentences = sentences(page.lines)
        self.citations = [c for c in citations if c.kind == "in-text"]
        self.lists = bullet_lists(page.lines)
        self.body_start = front_matter_end(page.stored)

    def attribute(self, fact: Fact) -> list[Fact]:
        if fact.span is None:
            return [fact]
        modality = fact.modality or self.modality(fact)
        if fact.said_by is not None:
            return [replace(fact, modality=modality)]
        voice = next((v for v in self.voiced if inside(fact.span, v.span) and fact.subject != v.node), None)
        if voice is not None:
            return [replace(fact, said_by=voice.speaker, role=INTERVIEWEE, modality=modality)]
        works = self.credited(fact) if self.is_concept(fact.subject) or fact.predicate.value == DEFINITION else []
        if works:
            return [replace(fact, said_by=w, role=CITED_WORK, modality=modality) for w in works]
        if self.interviewed is not None and fact.span.start >= self.body_start and not self.asked(fact.span):
            return [replace(fact, said_by=self.interviewed, role=INTERVIEWEE, modality=modality)]
        return [replace(fact, said_by=self.ctx.document, role=AUTHOR, modality=modality)]

    # -- modality -------------------------------------------------------------------------

    def modality(self, fact: Fact) -> str:
        """Cues apply to claims about concepts; everything else is reported as written."""
        if not self.is_concept(fact.subject):
            return ASSERTS
        if self.is_concept(fact.object):
            return passage_modality(self.words(fact.span), self.asked(fact.span), self.cues)
        if fact.predicate.value == DEFINITION and self.asked(fact.span):
            return passage_modality("", True, self.cues)
        return ASSERTS

    def is_concept(self, term) -> bool:
        return isinstance(term, ox.NamedNode) and term.value.startswith(self.ctx.base + "concept/")

    def words(self, span: Span) -> str:
        return " ".join(self.page.stored[span.start:span.end].split())

    def asked(self, span: Span) -> bool:
        """Whether the passage, or a sentence it stands in, is a question."""
        text = self.page.lines.text
        return self.words(span).endswith("?") or any(QUESTION.search(text[s:e]) for s, e in self.around(span))

    # -- credited works -------------------------------------------------------------------

    def around(self, span: Span) -> list[tuple[int, int]]:
        """The cleaned sentence ranges the stored span overlaps."""
        start, end = self.page.lines.index(span.start), self.page.lines.index(span.end)
        return [(s, e) for s, e in self.sentences if s < max(end, start + 1) and e > start]

    def credited(self, fact: Fact) -> list[ox.NamedNode]:
        """The works cited where the fact is stated, never the fact's own subject or object."""
        found = self.cited_in(self.around(fact.span))
        if not found:
            found = self.list_credit(fact.span)
        if not found and fact.predicate.value == DEFINITION:
            found = self.table_credit(fact.span)
        works = []
        for citation in found:
            work = work_iri(citation, self.ctx)
            if work not in (fact.subject, fact.object) and work not in works:
                works.append(work)
        return works

    def cited_in(self, ranges: list[tuple[int, int]]) -> list[Citation]:
        index = self.page.lines.index
        return [c for c in self.citations for s, e in ranges if s <= index(c.span.start) < e]

    def list_credit(self, span: Span) -> list[Citation]:
        """Citations in the sentence introducing the list the span stands in, else the list's credit line."""
        for found in self.lists:
            if inside(span, found.span):
                intro = found.intro
                credited = [] if intro is None or inside(span, intro.span) else [
                    c for c in self.citations if inside(c.span, intro.span)]
                return credited or self.credit_line(found.span)
        return []

    def credit_line(self, block: Span) -> list[Citation]:
        """A source line ("Body et Tallec (2015), L'expérience client, Eyrolles") just below a block,
        perhaps under a short caption: it credits the block, as a figure's credit does."""
        lines, end = self.page.lines, self.page.lines.index(block.end)
        for citation in self.citations:
            start = lines.index(citation.span.start)
            if start < end or citation.title is None:
                continue
            between = [line for line in lines.text[end:start].splitlines() if line.strip()]
            if len(between) <= CAPTION_LINES and all(len(line.split()) <= CAPTION_WORDS for line in between):
                return [citation]
            return []
        return []

    def table_credit(self, span: Span) -> list[Citation]:
        """Citations a table's header or caption introduces with a credit cue."""
        lines, at = self.page.lines, self.page.lines.index(span.start)
        for region in self.page.regions:
            if region.start <= at < region.end:
                text = lines.text
                return [c for c in self.citations
                        if region.start <= lines.index(c.span.start) < max(region.end, region.caption.end)
                        and CREDIT_CUE.search(text[max(0, lines.index(c.span.start) - CUE_REACH):lines.index(c.span.start)])]
        return []


def inside(span: Span, outer: Span) -> bool:
    return outer.start <= span.start and span.end <= outer.end


def front_matter_end(stored: str) -> int:
    """Where a document's body starts: after its YAML front matter, if any."""
    found = front_matter(stored)
    return found.span.end if found else 0
