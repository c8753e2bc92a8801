"""Definitional sentences and the terms they define."""

from __future__ import annotations

from cxkg.loaders.definitions import find_definitions
from cxkg.loaders.normalize import clean


def definitions(stored, is_word):
    return stored, find_definitions(clean(stored, is_word))


def test_copular_definitions_of_the_interview(is_word, stored_text):
    stored, found = definitions(stored_text("004"), is_word)
    assert [(d.term.value, d.definition.value) for d in found] == [
        ("expérience client", "le sentiment résultant des interactions qu’a le client avec la marque"),
        ("omnicanal", "la capacité d’une organisation à gérer ces intéractions dans leur ensemble"),
    ]
    for d in found:
        assert stored[d.term.span.start : d.term.span.end] == d.term.value
        assert stored[d.span.start : d.span.end].startswith("L")
        assert d.span.start <= d.definition.span.start < d.definition.span.end <= d.span.end


def test_on_parle_de_gives_the_term_its_condition_and_aliases(is_word, stored_text):
    _, found = definitions(stored_text("001"), is_word)
    spoken = [d for d in found if d.aliases]
    assert [(d.term.value, d.aliases) for d in spoken] == [
        ("expérience utilisateur", ("user experience", "UX")),
        ("expérience client", ("customer experience", "CX")),
        ("expérience de marque", ("brand experience", "BX")),
    ]
    assert spoken[0].definition.value.startswith("Quand l’expérience porte sur le produit")
    assert spoken[0].definition.value.endswith("comme une application mobile")


def test_pronoun_subjects_take_their_term_from_context(is_word, stored_text):
    stored, found = definitions(stored_text("003"), is_word)
    by_term = {d.term.value: d for d in found}
    cx = by_term["expérience client"]  # "S’il peut se définir ..." after "le terme d’expérience client"
    assert cx.resolved and cx.definition.value.startswith("l’ensemble des signaux perçus")
    cem = by_term["CEM"]  # "Il peut être défini ..." under the heading "La notion de « CEM »"
    assert cem.resolved and cem.definition.value.startswith("le processus qu’une entreprise utilise")
    assert stored[cem.term.span.start : cem.term.span.end] == "CEM"
    wanted = by_term["expérience voulue"]  # "Elle correspond à ..." under "1. L’expérience voulue"
    assert wanted.definition.value.startswith("l’expérience que l’entreprise souhaite faire vivre")
    assert by_term["expérience proposée"].definition.value == "l’expérience réellement proposée aux clients"
    assert by_term["dimension multicanale"].definition.value.startswith("le fait que de nombreux points de contact")
    assert len(found) == 5


def test_statements_about_a_term_are_no_definitions(is_word, stored_text):
    _, found = definitions(stored_text("000"), is_word)  # "Le management de l’expérience client est un sujet important"
    assert found == []
    assert definitions(stored_text("002"), is_word)[1] == []


def test_synthetic_document():
    text = (
        "La notion de parcours\n\n"
        "Il se définit comme « la suite des étapes que vit un client ».\n\n"
        "Le NPS est un indicateur parmi d’autres.\n\n"
        "Le CES est le seul indicateur d’effort.\n\n"
        "La fidélité correspond à la propension d’un client à racheter.\n"
    )
    found = find_definitions(clean(text, lambda w: False))
    assert [(d.term.value, d.definition.value, d.resolved) for d in found] == [
        ("parcours", "la suite des étapes que vit un client", True),
        ("fidélité", "la propension d’un client à racheter", False),
    ]


def test_english_definitional_sentences():
    text = ("Customer experience is defined as the customer's responses to a firm's offerings during the journey. "
            "Brand experience refers to the sensations and feelings evoked by brand-related stimuli. "
            "We define touchpoint orchestration as the joint design of every point of contact. "
            "A touchpoint is a point of contact. Marketing is everywhere.")
    found = find_definitions(clean(text, lambda w: False))
    assert [(d.term.value, d.definition.value) for d in found] == [
        ("Customer experience", "the customer's responses to a firm's offerings during the journey"),
        ("Brand experience", "the sensations and feelings evoked by brand-related stimuli"),
        ("touchpoint orchestration", "the joint design of every point of contact"),
    ]
    for d in found:
        assert text[d.term.span.start:d.term.span.end] == d.term.value


def test_on_definit_x_comme():
    text = "On définit l’omnicanal comme la gestion conjointe de tous les canaux de la marque."
    [d] = find_definitions(clean(text, lambda w: False))
    assert (d.term.value, d.definition.value) == ("omnicanal", "la gestion conjointe de tous les canaux de la marque")


def test_a_ranking_is_no_definition():
    text = (
        "L’adaptation des points de contact est la pratique la plus citée : les enseignes ajustent le magasin.\n\n"
        "Le parcours client est le levier principal de la fidélité des clients.\n\n"
        "Customer journey design refers to the most cited practice of the firms we met.\n\n"
        "L’omnicanal est la capacité d’une organisation à gérer ses canaux.\n"
    )
    found = find_definitions(clean(text, lambda w: False))
    assert [(d.term.value, d.definition.value) for d in found] == [
        ("omnicanal", "la capacité d’une organisation à gérer ses canaux")]


def test_the_citation_that_ends_a_definition_is_not_part_of_it():
    text = (
        "Le point de contact se définit comme tout moment d’interaction entre le client et l’enseigne (Vanheems, 2013).\n\n"
        "A touchpoint refers to any point of contact between the customer and the firm (Lemon & Verhoef, 2016, p. 76).\n\n"
        "Le canal correspond à un ensemble de moyens de contact (téléphone, site, magasin).\n"
    )
    found = find_definitions(clean(text, lambda w: False))
    assert [d.definition.value for d in found] == [
        "tout moment d’interaction entre le client et l’enseigne",
        "any point of contact between the customer and the firm",
        "un ensemble de moyens de contact (téléphone, site, magasin)",  # a parenthesis with no year is no citation
    ]
    assert [text[d.definition.span.end:].lstrip()[:1] for d in found[:2]] == ["(", "("]  # the citation stays in the sentence
