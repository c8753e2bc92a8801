"""The readers are one table: a new kind of content is one module plus one entry there."""

from __future__ import annotations

import re

import pyoxigraph as ox

from cxkg.loaders import extract
from cxkg.loaders.evidence import Fact
from cxkg.loaders.extract import READERS, Reader, facts_of, find_all, read_page
from cxkg.loaders.records import Span

BOOK, ISBN = ox.NamedNode("https://example.org/book"), ox.NamedNode("http://purl.org/ontology/bibo/isbn")
TEXT = "Note : le NPS est suivi chaque mois.\nRéférence ISBN 978-2-10-079000-1 du manuel.\n"


def isbns(page) -> list[Span]:
    """A toy extractor: ISBNs, as a new document kind might need."""
    return [Span(m.start(), m.end()) for m in re.finditer(r"ISBN [0-9-]+", page.stored)]


def isbn_facts(records, page, ctx) -> list[Fact]:
    return [Fact(BOOK, ISBN, ox.Literal(page.stored[s.start + 5:s.end]), s) for s in records]


def test_the_table_lists_each_reader_once():
    names = [reader.name for reader in READERS]
    assert names and len(names) == len(set(names))


def test_a_registered_reader_runs_on_every_document(monkeypatch):
    monkeypatch.setattr(extract, "READERS", (Reader("isbn", isbns, isbn_facts),))
    page = read_page(TEXT, lambda word: True)
    found = find_all(page)
    assert list(found) == ["isbn"] and len(found["isbn"]) == 1
    (fact,) = facts_of(found, page, ctx=None)
    assert fact.object.value == "978-2-10-079000-1"
    assert TEXT[fact.span.start:fact.span.end] == "ISBN 978-2-10-079000-1"
