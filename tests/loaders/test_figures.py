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
        ("3.5", "x", 2019, None, None),  # "depuis 2017" is its baseline; 2019 is its credit's year
        ("4", "canaux", 2019, None, "more than"),
        ("13.8", "million", 2018, "FEVAD", None),
        ("36", "%", 2018, "FEVAD", "about"),
        ("22", "%", 2019, None, None),
        ("20", "milliard EUR", 2019, None, "more than"),
    ]
    # the quotation's credit line, and the credit line under an image caption, credit the works
    assert [(f.credit.authors[0].family, f.credit.year) if f.credit else None for f in found] == [
        ("Lefebvre", 2019), ("Lefebvre", 2019), None, None, ("FEVAD", 2019), ("FEVAD", 2019)]
    assert [f.qualified.value for f in found if f.qualified] == [
        "au-delà de 4 canaux", "près de 36%", "plus de 20 milliards d’euros"]
    assert stored[found[4].year_span.start:found[4].year_span.end].startswith("FEVAD (2019) – Les chiffres clés")
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
        ("40", "%", 2015, None, None),
        ("2", "x", None, None, None),  # "depuis 2019": measured from 2019, not in it
        ("3", "x", None, None, None),
        ("7", "canaux", None, "Acme Research", "up to"),
    ]
    assert found[1].credit.authors[0].family == "Durand"  # the sentence cites the work: its year is the figure's


def test_excluded_regions_are_skipped(is_word, stored_text):
    stored = stored_text("003")
    start = stored.index("En effet, selon")
    found = find_figures(clean(stored, is_word), exclude=[Span(start, start + 400)])
    assert [f.value for f in found] == ["3.5", "4"]


def test_qualifiers_before_and_after_the_number():
    found = synthetic(
        "Au plus 3 canaux servent.\n\nPas plus de 12 % des appels aboutissent.\n\n"
        "Au moins 40 % le disent.\n\nLes ventes pèsent 36 % environ.\n\nMoins de 5 millions de clients.\n"
    )
    assert [(f.value, f.qualifier, f.qualified.value) for f in found] == [
        ("3", "at most", "Au plus 3 canaux"), ("12", "at most", "Pas plus de 12 %"),
        ("40", "at least", "Au moins 40 %"), ("36", "about", "36 % environ"),
        ("5", "less than", "Moins de 5 millions"),
    ]


def test_source_and_year_from_the_paragraph_or_the_credit_line():
    found = synthetic(
        "Selon Acme Research, le marché croît. Il pèse 40 % des ventes.\n\n"
        "Le mobile pèse 22 % des ventes.\n\nInfographie Acme\n\nSource : Durand, 2018\n\n"
        "Le canal vocal pèse 12 % des ventes.\n\nCrédits : Acme Research\n\n"
        "La boutique pèse 8 % des ventes.\n\nUn paragraphe sans source suit.\n\nDurand (2015) – Titre\n"
    )
    assert [(f.value, f.source, f.credit and f.credit.authors[0].family, f.year) for f in found] == [
        ("40", "Acme Research", None, None),
        ("22", None, "Durand", 2018),
        ("12", "Acme Research", None, None),
        ("8", None, None, None),
    ]


def test_a_citation_credits_its_own_sentence_only():
    found = synthetic(
        "Durand (2015) étudie les abonnés. Près de 40 % des clients résilient après un seul incident. "
        "Le NPS prédit le renouvellement (Reichheld, 2003).\n\n"
        "Plus de 70 % des enseignes suivent le NPS (FEVAD, 2019).\n\n## Résultats\n\nLa suite.\n"
    )
    assert [(f.value, f.credit and f.credit.authors[0].family, f.year) for f in found] == [
        ("40", None, None), ("70", "FEVAD", 2019)]
    assert found[1].sentence.value == "Plus de 70 % des enseignes suivent le NPS (FEVAD, 2019)."  # the heading is not in it
