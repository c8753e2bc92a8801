"""Captions, table regions and front matter are found by their shape."""

from __future__ import annotations

import pytest

from cxkg.loaders.normalize import clean, normalize
from cxkg.loaders.segment import captions, front_matter, table_regions


@pytest.fixture(scope="module")
def paper(is_word, stored_text):
    text = stored_text("000_065cf485da171822")
    return text, clean(text, is_word)


def test_paper_captions_with_titles_over_several_lines(paper, is_word):
    text, n = paper
    found = {c.label: c.title for c in captions(n)}
    assert list(found) == ["Tableau 1", "Tableau 2", "Annexe 1", "Annexe 2", "Annexe 3"]
    assert found["Tableau 1"].value == "Les quatre capacités nécessaires au management omni-canal de l’expérience client"
    assert found["Annexe 3"].value.endswith("priorisation stratégique pour le management omni-canal de l’expérience client")
    for t in found.values():
        assert normalize(text[t.span.start:t.span.end], is_word).text.strip() == t.value


def test_regions_hold_their_table_and_no_prose(paper):
    _, n = paper
    regions = {r.caption.label: n.text[r.start:r.end] for r in table_regions(n)}
    assert regions["Tableau 1"].lstrip().startswith("Nom de la capacité")
    assert regions["Tableau 1"].rstrip().endswith("Uray, 2018")
    assert regions["Tableau 2"].lstrip().startswith("Capacités de management omni-canal")
    assert "verbatims illustratifs" not in regions["Tableau 2"]
    assert regions["Annexe 1"].lstrip().startswith("Fonction Type d'entreprise")
    assert "Annexe 2" not in regions["Annexe 1"] and "Massiera" not in regions["Annexe 1"]


def test_caption_above_or_below_in_a_new_document():
    text = ("Voici une phrase de prose assez longue pour donner la largeur des lignes du texte.\n"
            "Tableau 3 : Des canaux\n"
            "Canal\nUsage\nMagasin\nAchat\n"
            "Une autre phrase de prose assez longue pour donner la largeur des lignes du texte.\n"
            "Nom\nValeur\nA\n1\n"
            "Figure 2 : Les valeurs\n")
    n = clean(text, lambda w: False)
    regions = table_regions(n)
    assert [r.caption.label for r in regions] == ["Tableau 3", "Figure 2"]
    assert n.text[regions[0].start:regions[0].end] == "Canal\nUsage\nMagasin\nAchat\n"
    assert n.text[regions[1].start:regions[1].end] == "Nom\nValeur\nA\n1\n"
    annex = clean("Texte.\nAnnexe 1 : Entretiens\nFonction Secteur\nDirecteur GSA\n", lambda w: False)
    (r,) = table_regions(annex)
    assert annex.text[r.start:r.end] == "Fonction Secteur\nDirecteur GSA\n"


def test_front_matter_of_the_interview_post(stored_text):
    text = stored_text("004_9296ed2cea8616ec")
    fm = front_matter(text)
    assert fm.fields["author"] == "arv" and fm.fields["tags"] == ["ccm"]
    assert fm.fields["title"].startswith("Stratégie omnicanale et expérience client")
    assert text[fm.span.start:fm.span.end].startswith("---\n") and text[:fm.span.end].rstrip().endswith("---")
    assert front_matter(stored_text("003_646ce7bedf1c5126")) is None
