"""Sentence bounds without a parser: headings, list items, broken lines."""

from __future__ import annotations

from cxkg.loaders.normalize import clean
from cxkg.loaders.sentences import sentence_at, sentences


def split(text: str) -> list[str]:
    n = clean(text, lambda w: False)
    return [" ".join(n.text[s:e].split()) for s, e in sentences(n)]


def test_lines_broken_mid_sentence_are_joined():
    assert split("La capacité à proposer une expérience\n\nde qualité est un facteur.\nIl faut (Homburg, Jozić et\n\nKuehnl, 2017) le dire.") == [
        "La capacité à proposer une expérience de qualité est un facteur.",
        "Il faut (Homburg, Jozić et Kuehnl, 2017) le dire.",
    ]


def test_headings_numbered_headings_and_list_items_stand_alone():
    assert split("  1. L’expérience voulue\n\nElle correspond à ceci.\nDeux axes :\n  • Le client.\n  • l’organisation\n") == [
        "1. L’expérience voulue",
        "Elle correspond à ceci.",
        "Deux axes :",
        "• Le client.",
        "• l’organisation",
    ]


def test_initials_and_abbreviations_end_no_sentence():
    assert split("M. Lefebvre et M-C. Blanc le disent, etc. Puis Lefranc E. (2013) aussi. Fin.") == [
        "M. Lefebvre et M-C. Blanc le disent, etc. Puis Lefranc E. (2013) aussi.",
        "Fin.",
    ]


def test_sentence_at_a_position():
    n = clean("Un. Deux.", lambda w: False)
    assert sentence_at(sentences(n), 5) == (4, 9)
    assert sentence_at(sentences(n), 3) is None


def test_a_markdown_heading_ends_the_sentence_before_it():
    assert split("Plus de 70 % suivent le NPS (FEVAD, 2019).\n\n## Résultats\n\nL’adaptation est citée.\n") == [
        "Plus de 70 % suivent le NPS (FEVAD, 2019).",
        "## Résultats",
        "L’adaptation est citée.",
    ]
