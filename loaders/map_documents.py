"""A corpus document's own description: type, identifier, title, authors, dates.

The CSL-JSON entry of ``corpus.json`` is the catalogue's statement (no span);
YAML front matter in the file is the document's own (its span is the evidence).
The authors of an interview's CSL entry are, by CSL's convention, the persons
interviewed (its ``interviewer`` wrote it): they are ``cx:interviewee``, not
creators. A front matter's ``author`` is the document's creator: a person when it
is written as a name, else an agent known by that handle (``author: arv``),
never matched to a person by guess.

>>> from cxkg.loaders.concepts import ConceptIndex
>>> ctx = MapContext("https://w3id.org/cxkg/id/", "d", ConceptIndex([]))
>>> facts = catalogue_facts({"id": "d", "type": "book", "title": "T", "language": "fr"}, ctx)
>>> {"identifier", "language", "title"} <= {f.predicate.value.rsplit("/", 1)[-1] for f in facts}
True
"""

from __future__ import annotations

import re

from cxkg.loaders.agents import agent, organisation_facts, person_facts
from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import Fact
from cxkg.loaders.names import people
from cxkg.loaders.records import Author, FrontMatter, Interviewee, Span
from cxkg.loaders.terms import TYPE, date, en, iri, lang, plain, slug
from cxkg.namespaces import CX, DCTERMS, FABIO, FOAF, ORG, PROV, RDFS, SCHEMA

#: CSL-JSON item types -> FaBiO classes.
CSL_TYPES = {
    "paper-conference": FABIO.ConferencePaper,
    "article-journal": FABIO.JournalArticle,
    "article-magazine": FABIO.MagazineArticle,
    "article-newspaper": FABIO.NewspaperArticle,
    "book": FABIO.Book,
    "chapter": FABIO.BookChapter,
    "post-weblog": FABIO.BlogPost,
    "post": FABIO.BlogPost,
    "webpage": FABIO.WebPage,
    "report": FABIO.ReportDocument,
    "thesis": FABIO.Thesis,
}

#: Front-matter keys -> Dublin Core terms, with how the value is written.
FRONT_MATTER = {
    "title": (DCTERMS.title, "lang"),
    "description": (DCTERMS.abstract, "lang"),
    "canonicalUrl": (FABIO.hasURL, "uri"),
    "date": (DCTERMS.created, "plain"),
    "tags": (DCTERMS.subject, "lang"),
}


def catalogue_facts(entry: dict, ctx: MapContext) -> list[Fact]:
    """What the CSL-JSON entry says of the document."""
    doc = ctx.document
    language = entry.get("language", "fr")
    facts = [
        Fact(doc, TYPE, iri(CSL_TYPES.get(entry.get("type", ""), FABIO.Expression))),
        Fact(doc, iri(DCTERMS.identifier), plain(entry["id"])),
        Fact(doc, iri(DCTERMS.language), plain(language)),
    ]
    if entry.get("title"):
        facts.append(Fact(doc, iri(DCTERMS.title), lang(entry["title"], language)))
        facts.append(Fact(doc, iri(RDFS.label), lang(entry["title"], language)))
    if entry.get("note"):
        facts.append(Fact(doc, iri(DCTERMS.description), en(entry["note"])))
    if entry.get("URL"):
        facts.append(Fact(doc, iri(FABIO.hasURL), iri(entry["URL"])))
    for parts in entry.get("issued", {}).get("date-parts", [])[:1]:
        facts.append(Fact(doc, iri(DCTERMS.issued), date(parts)))
    authors_are = CX.interviewee if is_interview(entry) else DCTERMS.creator
    for role, predicate in (("author", authors_are), ("interviewer", DCTERMS.creator)):
        for name in entry.get(role, []):
            found = agent(csl_name(name), ctx)
            if found is not None:
                facts += found[1] + [Fact(doc, iri(predicate), found[0])]
    return facts


def is_interview(entry: dict) -> bool:
    """Whether a CSL entry is an interview: its type or genre says so, or its note opens with it.

    >>> is_interview({"type": "post-weblog", "note": "Interview; metadata also in the file"})
    True
    >>> is_interview({"type": "paper-conference", "note": "Research paper; 26 interviews"})
    False
    """
    word = re.compile(r"(?:interview|entretien)\b", re.I)
    return (entry.get("type") == "interview" or bool(word.search(str(entry.get("genre", ""))))
            or bool(word.match(str(entry.get("note", "")).strip())))


def csl_name(name: dict) -> Author:
    """A CSL-JSON name: family and given, or a ``literal`` name (an organisation, say).

    The family name keeps its particles, as a list of references writes it, so a document's author and the
    same person cited in a list are one person (``person/van-der-berg``).

    >>> csl_name({"family": "Berg", "given": "Anke", "non-dropping-particle": "van der"})
    Author(family='van der Berg', given='Anke')
    """
    if name.get("family"):
        parts = (name.get("dropping-particle"), name.get("non-dropping-particle"), name["family"])
        return Author(" ".join(str(p).strip() for p in parts if p and str(p).strip()), name.get("given"))
    return Author(str(name.get("literal", "")).strip())


def creator_facts(value: str, ctx: MapContext, span: Span) -> list[Fact]:
    """The creator a front matter's ``author`` names: a person or organisation written
    as a name (capitalised words), else an agent known by the handle (``arv``, ``Jdupont``)."""
    found = people(value) if len(value.split()) > 1 and re.match(r"[A-ZÀ-Þ]", value) else ()
    if found:
        facts: list[Fact] = []
        for person in found:
            named = agent(person, ctx)
            if named is not None:
                facts += named[1] + [Fact(ctx.document, iri(DCTERMS.creator), named[0], span)]
        return facts
    handle = ctx.mint("author", slug(value))
    return [
        Fact(handle, TYPE, iri(FOAF.Agent)),
        Fact(handle, TYPE, iri(PROV.Agent)),
        Fact(handle, iri(FOAF.nick), plain(value)),
        Fact(handle, iri(RDFS.label), plain(value)),
        Fact(ctx.document, iri(DCTERMS.creator), handle, span),
    ]


def front_matter_facts(front: FrontMatter, ctx: MapContext, language: str) -> list[Fact]:
    """What a post's YAML front matter says of it, backed by the front matter's span."""
    facts = []
    for key, (predicate, kind) in FRONT_MATTER.items():
        values = front.fields.get(key)
        for value in values if isinstance(values, list) else [values]:
            if value is None or str(value).strip() == "":
                continue
            text = value.isoformat() if hasattr(value, "isoformat") else str(value)
            term = {"lang": lambda v: lang(v, language), "uri": iri, "plain": plain}[kind](text)
            facts.append(Fact(ctx.document, iri(predicate), term, front.span))
    for value in as_list(front.fields.get("author")):
        if str(value).strip():
            facts += creator_facts(str(value).strip(), ctx, front.span)
    return facts


def as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def interviewee_facts(interviewee: Interviewee, ctx: MapContext, language: str = "fr") -> list[Fact]:
    """The document interviews a person (``cx:interviewee``), whose job title and
    organisation are those the announcement gives."""
    facts: list[Fact] = []
    for author in people(interviewee.name.value):
        person, found = person_facts(author, ctx)
        facts += found + [Fact(ctx.document, iri(CX.interviewee), person, interviewee.span)]
        if interviewee.role is not None:
            facts.append(Fact(person, iri(SCHEMA.jobTitle), lang(interviewee.role.value, language), interviewee.role.span))
        if interviewee.organisation is not None:
            organisation, known = organisation_facts(interviewee.organisation.value, ctx)
            facts += known + [Fact(person, iri(ORG.memberOf), organisation, interviewee.organisation.span)]
    return facts
