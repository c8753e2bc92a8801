"""Quoted speech with its attribution."""

from __future__ import annotations

import pytest

from cxkg.loaders.normalize import clean
from cxkg.loaders.quotations import find_quotations
from cxkg.loaders.records import Span


def lines(text: str):
    return clean(text, lambda w: False)


@pytest.fixture(scope="module")
def blog(is_word, stored_text):
    stored = stored_text("003")
    return stored, {q.quote.value.split()[0] + " " + q.quote.value.split()[1]: q for q in find_quotations(clean(stored, is_word))}


def test_a_person_with_year_role_and_organisation_on_the_next_line(blog):
    stored, found = blog
    q = found["Le volume"]
    assert q.quote.value.endswith("pour échanger avec une société.")
    assert (q.speaker, q.role, q.organisation, q.year) == ("M. Lefebvre", "Account Director Cloud Channel", "Genesys", 2019)
    assert stored[q.attribution.span.start : q.attribution.span.end] == q.attribution.value
    assert stored[q.quote.span.start : q.quote.span.end].startswith("Le volume global")


def test_year_after_the_organisation(blog):
    q = blog[1]["Les programmes"]
    assert (q.speaker, q.role, q.organisation, q.year) == ("M-C. Blanc", "Account Manager", "Satmetrix France", 2011)


def test_a_publication_is_no_speaker(blog):
    q = blog[1]["Mettre en"]
    assert q.speaker is None and q.role is None
    assert q.attribution.value.endswith("conseilsmarketing.com")


def test_inline_sources_after_the_closing_mark(blog):
    found = blog[1]
    assert found["l’ensemble des"].attribution.value == "Body et Tallec (2015), L’expérience client"
    assert found["l’ensemble des"].year == 2015
    assert found["le processus"].attribution.value == "searchcrm.techtarget.com"


def test_words_in_quotes_and_titles_in_references_are_not_speech(blog, is_word, stored_text):
    assert find_quotations(clean(stored_text("001"), is_word)) == []  # « champions », « expérience-cible », ...
    values = " ".join(blog[1])
    assert "Comment construire" not in values and "culture d’entreprise" not in values
    assert len(blog[1]) == 6


def test_bracketed_speakers_and_excluded_regions(is_word, stored_text):
    stored = stored_text("000")
    n = clean(stored, is_word)
    found = find_quotations(n)
    c3 = next(q for q in found if q.quote.value.startswith("C’est des process"))
    assert (c3.role, c3.organisation) == ("Directeur marketing", "Intermarché")
    annexes = Span(stored.index("Annexe 2"), len(stored))
    assert find_quotations(n, exclude=[annexes]) == []


def test_synthetic_document():
    text = (
        "Un avis :\n\n« Nous mesurons « tout » chaque jour, sans exception, depuis toujours. »\n\n"
        "Mme Durand, Directrice relation client chez Acme, 2021.\n\n"
        "« Une phrase longue citée sans personne pour la signer ici. »\n\n"
        "Titre de section suivante\n\n"
        "Il a dit « oui » puis « non » [Responsable achats, Bêta Corp].\n"
    )
    found = find_quotations(lines(text))
    assert [(q.quote.value, q.speaker, q.role, q.organisation, q.year) for q in found] == [
        ("Nous mesurons « tout » chaque jour, sans exception, depuis toujours.", "Mme Durand",
         "Directrice relation client", "Acme", 2021),
        ("Une phrase longue citée sans personne pour la signer ici.", None, None, None, None),
        ("non", None, "Responsable achats", "Bêta Corp", None),
    ]
    assert found[1].attribution is None


def speakers(text: str) -> list[tuple]:
    """What each quotation's attribution says: its words, speaker, role, organisation, year."""
    return [(q.attribution and q.attribution.value, q.speaker, q.role, q.organisation, q.year)
            for q in find_quotations(lines(text))]


def test_the_speaker_is_who_introduces_the_quotation():
    text = (
        "La pratique est citée (Badot et Lemoine, 2013). Un directeur marketing nous a confié : "
        "« Le client ne pense pas en canaux, il pense en parcours. »\n\n"
        "La cohérence des valeurs de la marque doit guider l’expérience-cible (Roederer, 2012 ; Filser, 2002).\n\n"
        "Marie Durand, directrice client chez Acme, explique : « Nous suivons chaque client de bout en bout. »\n\n"
        "Il précise : « Tout compte. »\n\nM. Martin, directeur chez Bêta, 2020.\n"
    )
    assert speakers(text) == [
        ("Un directeur marketing", None, "directeur marketing", None, None),  # not the next paragraph, nor its 2012
        ("Marie Durand, directrice client chez Acme", "Marie Durand", "directrice client", "Acme", None),
        (None, None, None, None, None),  # a pronoun names no one, and the line after is not its attribution
    ]


def test_a_prose_line_with_a_citation_is_no_attribution():
    text = ("« Le client ne pense pas en canaux, il pense en parcours, disent-ils. »\n\n"
            "La cohérence des valeurs doit guider l’expérience-cible (Roederer, 2012 ; Filser, 2002).\n")
    assert speakers(text) == [(None, None, None, None, None)]


def test_straight_quotes_after_an_introduction():
    text = ('Banks now manage branches. One manager told us: "The journey does not belong to a channel; '
            'it belongs to the customer."\n\nWe call this a "seamless journey across all the channels of the bank".\n')
    found = find_quotations(lines(text))
    assert [(q.quote.value, q.attribution.value, q.role) for q in found] == [
        ("The journey does not belong to a channel; it belongs to the customer.", "One manager", "manager")]
