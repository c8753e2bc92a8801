"""A corpus document's own description: type, identifier, title, authors, dates.

The CSL-JSON entry of ``corpus.json`` is the catalogue's statement (no span);
YAML front matter in the file is the document's own (its span is the evidence).

>>> from cxkg.loaders.concepts import ConceptIndex
>>> ctx = MapContext("https://w3id.org/cxkg/id/", "d", ConceptIndex([]))
>>> facts = catalogue_facts({"id": "d", "type": "book", "title": "T", "language": "fr"}, ctx)
>>> {"identifier", "language", "title"} <= {f.predicate.value.rsplit("/", 1)[-1] for f in facts}
True
"""

from __future__ import annotations

from cxkg.loaders.context import MapContext
from cxkg.loaders.evidence import Fact
from cxkg.loaders.records import FrontMatter
from cxkg.loaders.terms import TYPE, date, en, iri, lang, plain, slug
from cxkg.namespaces import DCTERMS, FABIO, FOAF, RDFS

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
    for author in entry.get("author", []):
        facts += person_facts(author.get("family", ""), author.get("given"), ctx, doc)
    return facts


def person_facts(family: str, given: str | None, ctx: MapContext, work) -> list[Fact]:
    """A person as author of ``work`` (IRI from the family name)."""
    person = ctx.mint("person", slug(family))
    name = f"{given} {family}" if given else family
    facts = [
        Fact(work, iri(DCTERMS.creator), person),
        Fact(person, TYPE, iri(FOAF.Person)),
        Fact(person, iri(FOAF.familyName), plain(family)),
        Fact(person, iri(FOAF.name), plain(name)),
        Fact(person, iri(RDFS.label), plain(name)),
    ]
    if given:
        facts.append(Fact(person, iri(FOAF.givenName), plain(given)))
    return facts


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
    return facts
