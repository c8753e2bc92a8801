"""The paper's flattened tables read back into rows, each cell quoting its stored passage."""

from __future__ import annotations

import pytest

from cxkg.loaders.citations import citation_key
from cxkg.loaders.normalize import clean, normalize
from cxkg.loaders.pipeline import vocabulary
from cxkg.loaders.segment import table_regions
from cxkg.loaders.tables import (
    capability_rows,
    interview_rows,
    notated_capability_rows,
    read_tables,
    table_kind,
    verbatim_rows,
)

#: The table-cell values the build knows, read from ontology/vocabularies/ as the build reads them.
VOCABULARY = vocabulary()


@pytest.fixture(scope="module")
def paper(is_word, stored_text):
    text = stored_text("000")
    n = clean(text, is_word)
    return text, n, {r.caption.label: r for r in table_regions(n)}


def reads_back(text, t, is_word) -> bool:
    return normalize(text[t.span.start:t.span.end], is_word).text.strip() == t.value


def test_table_1_capabilities_with_the_articles_that_study_them(paper, is_word):
    text, n, regions = paper
    rows = capability_rows(n, regions["Tableau 1"])
    assert [r.name.value for r in rows] == [
        "Capacité à designer des points de contact", "Capacité à prioriser des points de contact",
        "Capacité à piloter le parcours client", "Capacité à adapter des points de contacts"]
    assert rows[0].definition.value.startswith("C’est la capacité à engager dans une transformation commune")
    assert rows[0].definition.value.endswith("afin de déployer le nouveau parcours client")
    assert [[citation_key(c) for c in r.studied_by] for r in rows] == [
        ["maklan-2017"], ["varnali-2018", "maklan-2017"], ["ieva-2018", "duran-2018"], ["ieva-2018", "duran-2018"]]
    assert all(r.table == "Tableau 1" and r.notation is None for r in rows)
    assert all(reads_back(text, t, is_word) for r in rows for t in (r.name, r.definition))


def test_table_2_notated_capabilities(paper, is_word):
    text, n, regions = paper
    rows = notated_capability_rows(n, regions["Tableau 2"])
    assert [r.notation for r in rows] == [f"C{i}" for i in range(1, 8)]
    c5 = rows[4]
    assert c5.name.value == "Capacité de dissémination horizontale"
    assert c5.definition.value == ("Capacité à engager les autres départements fonctionnels ainsi que les prestataires "
                                   "dans une transformation commune, afin de déployer le nouveau parcours client")
    assert rows[5].name.value == "Capacité à la dissémination verticale de la vision stratégique"
    assert rows[6].definition.value.endswith("(via des films, des dessins, des schémas…)")
    assert all(reads_back(text, t, is_word) for r in rows for t in (r.name, r.definition))


def test_annex_1_interviews(paper, is_word):
    text, n, regions = paper
    rows = interview_rows(n, regions["Annexe 1"], VOCABULARY.sectors, VOCABULARY.company_types)
    assert len(rows) == 26 and sum(r.confidential for r in rows) == 11
    assert [r.number for r in rows] == list(range(1, 27))
    first, sixth = rows[0], rows[5]
    assert (first.function.value, first.company_type.value, first.sector.value) == (
        "Directeur Général", "Conseil web", "Distribution / Assurance")
    assert (sixth.function.value, sixth.sector.value) == ("Responsable distribution cross-canal Europe", "Luxe")
    assert sixth.company_type.value == "Fabricant et distributeur en circuit direct et commerce associé"
    assert rows[19].confidential and text[rows[19].span.end - 3:rows[19].span.end] == "Oui"
    assert rows[25].function.value == "Conseil en projet numérique et systèmes d’information"
    assert all(reads_back(text, t, is_word) for r in rows for t in (r.function, r.company_type, r.sector))


def test_annex_2_one_verbatim_per_capability(paper, is_word):
    text, n, regions = paper
    rows = verbatim_rows(n, regions["Annexe 2"])
    assert [r.notation for r in rows] == [f"C{i}" for i in range(1, 8)]
    c3 = rows[2]
    assert c3.about.value == "Capacité de déploiement du nouveau parcours client"
    assert c3.attribution.value == "Directeur marketing, Intermarché"
    assert c3.quote.value.startswith("C’est des process") and c3.quote.value.endswith("on fait de la dentelle")
    assert rows[0].attribution.value == "Directeur adjoint service design, Carrefour"
    assert "[persona]" in rows[4].quote.value
    assert all(reads_back(text, t, is_word) for r in rows for t in (r.about, r.quote, r.attribution))


def test_annex_3_verbatims_by_priority(paper, is_word):
    text, n, regions = paper
    rows = verbatim_rows(n, regions["Annexe 3"])
    assert list(dict.fromkeys(r.about.value for r in rows)) == [
        "Satisfaction client", "Réduction des coûts", "Implantation d’une innovation",
        "Différenciation stratégique par l’expérience", "Valeur promise au client"]
    costs = [r for r in rows if r.about.value == "Réduction des coûts"]
    assert len(costs) == 2 and costs[0].attribution.value == "20"
    assert costs[1].attribution.value == "Directeur adjoint service design, Carrefour"
    assert all(r.notation is None for r in rows)
    assert all(reads_back(text, t, is_word) for r in rows for t in (r.about, r.quote))


def test_read_tables_dispatches_by_shape(paper):
    _, n, regions = paper
    assert [table_kind(n, r) for r in regions.values()] == [
        "capabilities", "notated", "interviews", "verbatims", "verbatims"]
    rows = read_tables(n, list(regions.values()), VOCABULARY.sectors, VOCABULARY.company_types)
    assert (len(rows.capabilities), len(rows.interviews), len(rows.verbatims)) == (11, 26, 13)


def test_a_new_paper_of_the_same_kind():
    text = (
        "Les travaux récents présentent plusieurs capacités utiles aux enseignes qui veulent progresser (voir\n\n"
        "tableau 1).\n\n"
        "Nom\n\nDéfinition\n\nArticles\n\n"
        "Capacité à écouter les\n\nclients\n\nC’est la capacité à recueillir\n\nles avis.\n\nDupont et\n\nMartin, 2020\n\n"
        "Capacité à répondre\n\nC’est la capacité à traiter\n\nles demandes.\n\nLeroy, 2019 ; Petit,\n\n2021\n\n"
        "Tableau 1 : Deux capacités\n\n"
        "Annexe 1 : Entretiens\n\nFonction Type Secteur Confidentialité\n\n"
        "Directeur magasin Enseigne intégrée Mode non\n\n"
        "Chef de\n\nprojet Cabinet conseil\n\nTous secteurs\n\nOUI\n\n"
        "Annexe 2 : Verbatims\n\nCapacités Verbatims\n\n"
        "K1\n\nÉcoute\n\n« On lit tout. » [Directeur, Enseigne] « Et on répond. »\n\nK2 Réponse « Vite. » [Chef]\n"
    )
    n = clean(text, lambda w: False)
    regions = {r.caption.label: r for r in table_regions(n)}
    caps = capability_rows(n, regions["Tableau 1"])
    assert [(c.name.value, c.definition.value) for c in caps] == [
        ("Capacité à écouter les clients", "C’est la capacité à recueillir les avis."),
        ("Capacité à répondre", "C’est la capacité à traiter les demandes.")]
    assert [[citation_key(x) for x in c.studied_by] for c in caps] == [["dupont-2020"], ["leroy-2019", "petit-2021"]]
    people = interview_rows(n, regions["Annexe 1"], ["Mode", "Tous secteurs"], ["Enseigne intégrée", "Cabinet conseil"])
    assert [(p.function.value, p.company_type.value, p.sector.value, p.confidential) for p in people] == [
        ("Directeur magasin", "Enseigne intégrée", "Mode", False), ("Chef de projet", "Cabinet conseil", "Tous secteurs", True)]
    quotes = verbatim_rows(n, regions["Annexe 2"], notation=r"K\d+")
    assert [(q.notation, q.about.value, q.quote.value, q.attribution and q.attribution.value) for q in quotes] == [
        ("K1", "Écoute", "On lit tout.", "Directeur, Enseigne"), ("K1", "Écoute", "Et on répond.", None),
        ("K2", "Réponse", "Vite.", "Chef")]
