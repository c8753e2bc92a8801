"""The book's table of contents: parts, chapters, sections, matter, pages and parents."""

from __future__ import annotations

import re

import pytest

from cxkg.loaders.normalize import clean, normalize
from cxkg.loaders.toc import MARKUP, headings


@pytest.fixture(scope="module")
def book(is_word, stored_text):
    text = stored_text("002")
    return text, headings(clean(text, is_word)), is_word


def of(hs, kind, chapter=None):
    return [h for h in hs if h.kind == kind and (chapter is None or h.chapter == chapter)]


def test_parts_and_chapters(book):
    _, hs, _ = book
    parts = of(hs, "part")
    assert [(p.number, p.title.value, p.page) for p in parts] == [
        ("I", "LES ENJEUX", "1"), ("II", "LES NOUVEAUX BESOINS CLIENT", "37"),
        ("III", "LE MARKETING MIX DE L'EXPÉRIENCE CLIENT", "87"), ("IV", "LES MUTATIONS", "151"),
        ("V", "LES STRATÉGIES D'EXPÉRIENCE CLIENT", "201")]
    chapters = of(hs, "chapter")
    assert [c.number for c in chapters] == [str(i) for i in range(1, 24)]
    by = {c.number: c for c in chapters}
    assert (by["1"].title.value, by["1"].page, by["1"].parent) == ("Les enjeux de l'expérience client", "3", ("part", "I"))
    assert (by["6"].title.value, by["6"].page) == ("Les utilisateurs mainstream", "63")
    assert (by["8"].page, by["12"].page, by["21"].parent) == ("89", "125", ("part", "V"))
    assert by["22"].parent is None and by["22"].title.value == "Étude de cas 1 – La relation client communautaire"


def test_chapter_3_sections_with_subsections(book):
    _, hs, _ = book
    sections = of(hs, "section", "3")
    assert [s.number for s in sections if "." not in s.number] == ["1", "2", "3", "4", "5"]
    assert all(s.parent == ("chapter", "3") for s in sections if "." not in s.number)
    sub = {s.number: s for s in sections if "." in s.number}
    assert sorted(sub) == ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2"]
    assert sub["4.1"].title.value == "Le Customer Effort Score , dernier né des indicateurs d'expérience client"
    assert (sub["4.1"].page, sub["4.1"].parent) == ("31", ("section", "4"))


def test_chapter_12_section_8_and_its_criteria(book):
    _, hs, _ = book
    sections = {s.number: s for s in of(hs, "section", "12")}
    assert sections["8"].title.value == "Qu'est-ce qu'un parcours client réussi ?"
    criteria = [sections[f"8.{i}"] for i in range(1, 6)]
    assert [c.title.value for c in criteria] == ["La simplicité", "La prévisibilité", "La gestion de l'attente",
                                                   "La fluidité", "La cohérence des canaux"]
    assert [c.page for c in criteria] == ["142", "143", "143", "145", "145"]
    assert all(c.parent == ("section", "8") for c in criteria)


def test_matter_with_roman_and_arabic_pages(book):
    _, hs, _ = book
    matter = [(m.title.value, m.page) for m in of(hs, "matter")]
    assert matter[:3] == [("Avant-propos", "XV"), ("Préface", "XVII"), ("Introduction", "XXI")]
    assert matter.count(("Pour aller plus loin", "35")) == 1 and len([m for m in matter if m[0] == "Pour aller plus loin"]) == 5
    assert ("ANNEXES – ÉTUDES DE CAS", "251") in matter and ("Index", "263") in matter


def test_every_entry_quotes_its_stored_passage(book):
    text, hs, is_word = book
    for h in hs:
        passage = text[h.span.start:h.span.end]
        assert h.title.span.start >= h.span.start and h.title.span.end <= h.span.end
        assert passage.rstrip().endswith(h.page or "")
        title = re.sub(MARKUP, "", text[h.title.span.start:h.title.span.end])
        if h.kind != "matter" or "–" not in h.title.value:
            assert normalize(title, is_word).text.strip() == h.title.value


def test_a_new_table_of_contents():
    text = ("Sommaire\n\nPréface\tIX\n\nPARTIE I\n\nLES BASES 1\n\nChapitre 1\n\nLe client\n\n3\n\n"
            "1.\tQui est-il ?\t3\n1.1.\tSes <i>attentes</i>\t4\n - 1.2. Ses besoins 5\n"
            "Chapitre 2\n\nLe service\t9\n2. Le suivi 10\nPARTIE II\n\nLA SUITE\n\n15\n\nChapitre 3\n\nLa fin 17\n")
    hs = headings(clean(text, lambda w: False))
    assert [(h.kind, h.number, h.title.value, h.page, h.parent) for h in hs] == [
        ("matter", None, "Préface", "IX", None),
        ("part", "I", "LES BASES", "1", None),
        ("chapter", "1", "Le client", "3", ("part", "I")),
        ("section", "1", "Qui est-il ?", "3", ("chapter", "1")),
        ("section", "1.1", "Ses attentes", "4", ("section", "1")),
        ("section", "1.2", "Ses besoins", "5", ("section", "1")),
        ("chapter", "2", "Le service", "9", ("part", "I")),
        ("section", "2", "Le suivi", "10", ("chapter", "2")),
        ("part", "II", "LA SUITE", "15", None),
        ("chapter", "3", "La fin", "17", ("part", "II")),
    ]


def test_prose_is_no_table_of_contents(stored_text):
    assert headings(clean(stored_text("000"), lambda w: False)) == []
