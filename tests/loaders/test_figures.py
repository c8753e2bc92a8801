"""Figures with their units, years, sources and qualifiers."""

from __future__ import annotations

from cxkg.loaders.figures import find_figures
from cxkg.loaders.normalize import clean, fold
from cxkg.loaders.records import Span


def synthetic(text: str):
    return find_figures(clean(text, lambda w: False))


def test_the_blog_figures(is_word, stored_text):
    stored = stored_text("003")
    found = find_figures(clean(stored, is_word))
    assert [(f.value, f.unit, f.year, f.source, f.qualifier) for f in found] == [
        ("3.5", "x", 2017, None, None),
        ("4", "canaux", None, None, "more than"),
        ("13.8", "million", 2018, "FEVAD", None),
        ("36", "%", 2018, "FEVAD", "about"),
        ("22", "%", None, None, None),
        ("20", "milliard EUR", None, None, "more than"),
    ]
    assert [stored[f.quantity.span.start : f.quantity.span.end] for f in found] == [
        "multiplié par 3,5", "4 canaux", "13,8 millions", "36%", "22%", "20 milliards d’euros",
    ]
    assert found[2].sentence.value.startswith("En effet, selon une étude de la FEVAD")
    assert found[2].sentence.value.endswith("soit près de 36% des e-acheteurs.")


def test_no_figures_where_numbers_are_pages_notations_ages_or_scores(is_word, stored_text):
    for stem in ("000", "001", "002", "004"):
        assert find_figures(clean(stored_text(stem), is_word)) == [], stem


def test_folded_text_gives_the_same_figures(is_word, stored_text):
    stored = stored_text("003")
    lines = clean(stored, is_word)
    assert [(f.value, f.quantity.span) for f in find_figures(fold(lines))] == [
        (f.value, f.quantity.span) for f in find_figures(lines)
    ]


def test_synthetic_units_and_years():
    found = synthetic(
        "Le panier moyen atteint 1 250 € en 2020.\n\n"
        "Durand (2015) note que 40 % des clients reviennent.\n\n"
        "Les appels ont été multipliés par 2 depuis 2019 ; les ventes 3 fois plus vite.\n\n"
        "Selon le baromètre de Acme Research, jusqu'à 7 canaux sont utilisés.\n\n"
        "Des clients de 25 ou de 65 ans notent le service 3, 4 ou 5 au chapitre 12.\n"
    )
    assert [(f.value, f.unit, f.year, f.source, f.qualifier) for f in found] == [
        ("1250", "EUR", 2020, None, None),
        ("40", "%", None, None, None),
        ("2", "x", 2019, None, None),
        ("3", "x", 2019, None, None),
        ("7", "canaux", None, "Acme Research", "up to"),
    ]


def test_excluded_regions_are_skipped(is_word, stored_text):
    stored = stored_text("003")
    start = stored.index("En effet, selon")
    found = find_figures(clean(stored, is_word), exclude=[Span(start, start + 400)])
    assert [f.value for f in found] == ["3.5", "4"]
