"""Author-year citations: running text, table cells, lists of sources, source lines."""

from __future__ import annotations

from cxkg.loaders.citations import (
    bibliographic_citation,
    cell_citations,
    citation_key,
    document_citations,
    in_text_citations,
)
from cxkg.loaders.normalize import clean
from cxkg.loaders.records import Author
from cxkg.loaders.references import reference_list

#: The works DOMAIN.md says the paper cites.
PAPER_WORKS = {
    ("Collin-Lachaud", 2016), ("Homburg", 2017), ("Kozlenkova", 2014), ("Morgan", 2012), ("Grant", 1996),
    ("Barney", 2014), ("Cao", 2018), ("Jarzabkowski", 2007), ("Whittington", 2006), ("Ots", 2017),
    ("Miles", 2013), ("Massiera", 2018), ("Maklan", 2017), ("Varnali", 2018), ("Ieva", 2018), ("Duran", 2018),
}


def load(text: str, is_word):
    return text, document_citations(clean(text, is_word))


def test_the_paper_cites_16_distinct_works(is_word, stored_text):
    _, found = load(stored_text("000_065cf485da171822"), is_word)
    works = {(c.authors[0].family, c.year) for c in found}
    assert len(works) == 16 and works == PAPER_WORKS
    assert len({citation_key(c) for c in found}) == 16


def test_paper_citations_as_the_source_gives_them(is_word, stored_text):
    text, found = load(stored_text("000_065cf485da171822"), is_word)
    by = {}
    for c in found:
        by.setdefault(citation_key(c), c)
    assert bibliographic_citation(by["homburg-2017"]) == "Homburg, Jozić & Kuehnl 2017"
    assert bibliographic_citation(by["kozlenkova-2014"]) == "Kozlenkova et al. 2014"
    assert by["ots-2017"].authors == (Author("Ots", "M"), Author("Nyilasy", "G"))
    assert by["massiera-2018"].authors[0].given == "P" and by["massiera-2018"].et_al
    assert [a.family for a in by["ieva-2018"].authors] == ["Ieva", "Ziliani"]
    assert [a.family for a in by["maklan-2017"].authors] == ["Maklan", "Antonetti", "Whitty"]
    assert text[by["grant-1996"].span.start:by["grant-1996"].span.end] == "Grant 1996"
    assert text[by["jarzabkowski-2007"].span.start:by["jarzabkowski-2007"].span.end] == "Jarzabkowski et al. (2007)"
    assert all(c.kind == "in-text" for c in found)


def test_years_and_capitals_in_prose_are_no_citations():
    prose = ("Le codage a été réalisé avec NVivo 10. Le volume a triplé depuis 2017, et en 2018 les achats "
             "ont crû. Ainsi, 2019 fut une année record chez Satmetrix France, 2011. Selon Morgan (2012), oui.")
    found = in_text_citations(clean(prose, lambda w: False))
    assert [bibliographic_citation(c) for c in found] == ["Morgan 2012"]


def test_the_blog_post_sources_list(is_word, stored_text):
    text, found = load(stored_text("003_646ce7bedf1c5126"), is_word)
    refs = [c for c in found if c.kind == "reference"]
    assert [citation_key(c) for c in refs] == [
        "body-2015", "schoder-2019", "customer-experience-management-cem-or", "lefranc-2013",
        "langenier-2019", "le-management-de-lexperience-client-2018", "fevad-2019"]
    body, schoder, cem, lefranc = refs[:4]
    infographic = refs[5]  # "Infographie (2018) – Le management…": a kind of work in the author's place
    assert (infographic.authors, infographic.year, infographic.title, infographic.publisher) == (
        (), 2018, "Le management de l’expérience client", "mediatech-solutions.com")
    assert (body.title, body.publisher, bibliographic_citation(body)) == ("L’expérience client", "Eyrolles", "Body & Tallec 2015")
    assert (schoder.title, schoder.publisher) == ("Comment construire une stratégie expérience client différenciante ?", "genesys.com")
    assert (cem.authors, cem.year, cem.publisher) == ((), None, "searchcrm.techtarget.com")
    assert lefranc.authors[0].given == "E." and lefranc.publisher == "tel.archives-ouvertes.fr"
    assert lefranc.title.endswith("au-delà des enquêtes satisfaction, la mesure de l’expérience vécue")
    assert text[refs[-1].span.start:refs[-1].span.end] == "FEVAD (2019) – Les chiffres clés : cartographie du e-commerce en 2019"


def test_the_blog_post_inline_source_lines(is_word, stored_text):
    text, found = load(stored_text("003_646ce7bedf1c5126"), is_word)
    inline = [c for c in found if c.kind == "in-text"]
    keys = [citation_key(c) for c in inline]
    assert keys.count("fevad-2019") == 2 and "mediatech-solution-2018" in keys and "lefranc-2013" in keys
    fevad = next(c for c in inline if citation_key(c) == "fevad-2019")
    assert fevad.title == "Les chiffres clés : cartographie du e-commerce en 2019"
    body = [c for c in inline if citation_key(c) == "body-2015"]
    assert text[body[0].span.start:body[0].span.end] == "Body et Tallec (2015)"
    quoted = next(c for c in inline if citation_key(c) == "lefebvre-2019")
    assert quoted.title is None and quoted.authors[0].given == "M."


def test_cells_and_a_new_document():
    n = clean("Varnali, 2018 ;\n\nMaklan, Antonetti,\n\nWhitty, 2017", lambda w: False)
    assert [citation_key(c) for c in cell_citations(n, 0, len(n.text))] == ["varnali-2018", "maklan-2017"]
    assert cell_citations(clean("les avis des clients, 2018", lambda w: False), 0, 26) is None
    text = ("Comme le montrent Dupont, Durand et Lévy-Strauss (2019) puis (e.g., Brown et al., 2020 ; Smith J, 2015),\n"
            "l’effet est net (Martin 2001, Nguyen, 2003).\n\nBibliographie\n\n"
            "- Dupont A. (2019), « Le client roi », Revue, www.revue.fr\n- Smith J. (2015) – Customer care\n")
    n = clean(text, lambda w: False)
    found = document_citations(n)
    assert [bibliographic_citation(c) for c in found if c.kind == "in-text"] == [
        "Dupont, Durand & Lévy-Strauss 2019", "Brown et al. 2020", "Smith 2015", "Martin 2001", "Nguyen 2003"]
    refs = reference_list(n)
    assert [(citation_key(c), c.title, c.publisher) for c in refs] == [
        ("dupont-2019", "Le client roi", "Revue, www.revue.fr"), ("smith-2015", "Customer care", None)]
    for c in found:
        quoted = text[c.span.start:c.span.end]
        assert quoted.startswith(c.authors[0].family) and str(c.year) in quoted
