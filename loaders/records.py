"""What the extractors find: plain, immutable records with their place in the text.

Every record carries :class:`Span` offsets into the document's text *as stored*
(0-based code points, end excluded), so that evidence can quote it exactly.
``Text.value`` is the cleaned reading of the passage (hyphenation repaired,
white space folded): the form that goes into literals.

>>> t = Text("concurrentiel", Span(10, 24))
>>> t.span.end - t.span.start
14
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Span:
    """Offsets into the stored text: ``text[start:end]`` is the passage."""

    start: int
    end: int


@dataclass(frozen=True)
class Text:
    """A passage: its cleaned value and where it stands."""

    value: str
    span: Span


@dataclass(frozen=True)
class Heading:
    """A unit of a table of contents: part, chapter, section or front/back matter."""

    kind: str  # "part" | "chapter" | "section" | "matter"
    number: str | None  # "II", "3", "3.1"; None for matter
    title: Text
    page: str | None  # as printed: "19", "XV"
    parent: tuple[str, str] | None  # (kind, number) of the enclosing unit
    span: Span  # the whole entry (number, title and page)
    chapter: str | None = None  # for a section: the number of its chapter ("3" for section "3.1")


@dataclass(frozen=True)
class Author:
    family: str
    given: str | None = None


@dataclass(frozen=True)
class Citation:
    """An author-year citation, in running text or in a list of sources."""

    authors: tuple[Author, ...]
    year: int | None
    span: Span
    kind: str = "in-text"  # "in-text" | "reference" ("ibid" only inside citations.py, until it takes the work before)
    et_al: bool = False
    title: str | None = None
    publisher: str | None = None  # publisher, site or venue where the source names one


@dataclass(frozen=True)
class CapabilityRow:
    """A row of a table naming a capability with its definition (and who studies it)."""

    table: str  # the caption's label, e.g. "Tableau 1"
    name: Text
    definition: Text
    notation: str | None = None  # "C1" where the row numbers it
    studied_by: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class InterviewRow:
    """A row of a table of interviews: who was interviewed."""

    table: str
    number: int  # 1-based rank in the table
    function: Text
    company_type: Text
    sector: Text
    confidential: bool
    span: Span


@dataclass(frozen=True)
class VerbatimRow:
    """A quoted verbatim filed under the capability or priority it illustrates."""

    table: str
    about: Text  # the row label: capability name or priority name
    quote: Text  # inside the quotation marks
    notation: str | None = None  # "C3" where the row has one
    attribution: Text | None = None  # the bracketed speaker, e.g. "Directeur marketing, Intermarché"


@dataclass(frozen=True)
class DefinitionSentence:
    """A sentence that defines a term (X est / se définit comme / on parle de X)."""

    term: Text
    definition: Text
    span: Span
    aliases: tuple[str, ...] = ()  # other names the sentence gives, e.g. ("user experience", "UX")
    resolved: bool = False  # True when the term was taken from context (a pronoun subject)


@dataclass(frozen=True)
class BulletList:
    """A list of items introduced by bullets, dashes or numbers."""

    intro: Text | None
    items: tuple[Text, ...]
    span: Span


@dataclass(frozen=True)
class Quotation:
    """Quoted speech with the attribution that follows it."""

    quote: Text
    attribution: Text | None
    speaker: str | None = None
    role: str | None = None
    organisation: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Interviewee:
    """A person a document says it interviewed, with the role it gives them."""

    name: Text  # "Arnaud Vincent"
    role: Text | None  # "responsable des opérations Suisse" (possessive left out)
    organisation: Text | None  # "Acme" in "directeur chez Acme"
    span: Span  # the whole phrase, from the verb to the end of the role


@dataclass(frozen=True)
class Figure:
    """A number with its unit, qualifier, year and source, as a sentence (or its
    paragraph, or the credit line under it) states them."""

    value: str  # as a decimal string: "13.8", "36", "3.5"
    unit: str | None  # "%", "million", "milliard EUR", "EUR", "x" (multiplier), or a counted noun: "canaux"
    year: int | None
    sentence: Text
    quantity: Text  # the number with its unit as written: "13,8 millions"
    source: str | None = None  # who the sentence credits: "FEVAD" in "selon une étude de la FEVAD"
    qualifier: str | None = None  # "about", "more than", "less than", "at least", "at most", "up to"
    qualified: Text | None = None  # the qualifier with the quantity, as written: "plus de 20 milliards d'euros"
    credit: Citation | None = None  # the work credited in the sentence, its paragraph or the credit line below
    source_span: Span | None = None  # where the source or credit is stated (None: in the sentence)
    year_span: Span | None = None  # where the year is stated (None: in the sentence)


@dataclass(frozen=True)
class FrontMatter:
    """YAML front matter of a post."""

    fields: dict = field(hash=False)
    span: Span


@dataclass(frozen=True)
class Mention:
    """A place where a concept's label (or an inflection of it) occurs."""

    concept: str  # the concept's IRI
    label: str  # the label that matched
    span: Span
