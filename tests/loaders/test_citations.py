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
        "langenier-2019", "le-management-de-l-experience-client-2018", "fevad-2019"]
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


def works(text: str) -> list[str]:
    """The keys of the works a text cites, in text order."""
    return [citation_key(c) for c in document_citations(clean(text, lambda w: False))]


def test_english_in_text_styles():
    prose = ("As Lemon and Verhoef (2016) argue, it is holistic (Homburg et al., 2017). Homburg et al.'s (2017) view "
             "is broad (Lemon & Verhoef, 2016; Verhoef et al., 2009). It is sensory (Schmitt, 1999, p. 57) and "
             "private (ibid., p. 60). Verhoef's (2009) view (Verhoef et al., 2009, 2010) and Schmitt (1999, p. 60).")
    assert works(prose) == ["lemon-2016", "homburg-2017", "homburg-2017", "lemon-2016", "verhoef-2009", "schmitt-1999",
                            "schmitt-1999", "verhoef-2009", "verhoef-2009", "verhoef-2010", "schmitt-1999"]


def test_french_in_text_styles():
    prose = ("Lemon et Verhoef (2016) le disent (Lemon et al., 2016, p. 70), comme Homburg, Jozić et Kuehnl (2017) "
             "(Homburg, Jozić et Kuehnl, 2017 ; Filser, 2002). Ainsi, 2019 fut une année record (ibid.).")
    assert works(prose) == ["lemon-2016", "lemon-2016", "homburg-2017", "homburg-2017", "filser-2002", "filser-2002"]


def test_particles_stay_with_the_name():
    prose = ("De Keyser et al. (2020), van Doorn et al. (2010), the study by van der Borgh (2012), "
             "(De Pelsmacker, Geuens, & Van den Bergh, 2013), (von Wallpach et al., 2017; Le Nagard, 2011), "
             "(d’Astous, 2000) and Van Vaerenbergh et Thomas (2013).")
    found = document_citations(clean(prose, lambda w: False))
    assert [c.authors[0].family for c in found] == [
        "De Keyser", "van Doorn", "van der Borgh", "De Pelsmacker", "von Wallpach", "Le Nagard", "d'Astous", "Van Vaerenbergh"]
    assert [a.family for a in found[3].authors] == ["De Pelsmacker", "Geuens", "Van den Bergh"]


def test_a_lowercase_particle_read_as_a_word_takes_the_name_the_references_give():
    text = "Comme l’a montré de Certeau (1980), le quotidien résiste.\n\nRéférences\n\n1. de Certeau M. (1980), L’invention du quotidien, Gallimard.\n"
    assert set(works(text)) == {"de-certeau-1980"}


def test_corporate_authors_and_hyphenated_names_with_diacritics():
    prose = "(Forrester, 2018; Gartner Group, 2019), Observatoire Cetelem (2019) and Collin-Lachaud and Schröder (2016)."
    assert works(prose) == ["forrester-2018", "gartner-group-2019", "observatoire-cetelem-2019", "collin-lachaud-2016"]


def test_initials_before_or_after_the_name_and_the_vancouver_style():
    text = ("P.C. Verhoef (2009) and K. N. Lemon (2016) agree, as do Smith AB, Jones CD (2010).\n\nReferences\n\n"
            "Lemon, K. N., & Verhoef, P. C. (2016). Understanding customer experience. Journal of Marketing, 80(6), 69–96.\n"
            "Verhoef PC, Lemon KN (2009) Customer experience creation. J Retail 85(1):31–41\n")
    found = document_citations(clean(text, lambda w: False))
    assert sorted({citation_key(c) for c in found}) == ["lemon-2016", "smith-2010", "verhoef-2009"]
    refs = [c for c in found if c.kind == "reference"]
    assert [(a.family, a.given) for a in refs[0].authors] == [("Lemon", "K. N."), ("Verhoef", "P. C.")]
    assert [(a.family, a.given) for a in refs[1].authors] == [("Verhoef", "PC"), ("Lemon", "KN")]
    assert (refs[0].title, refs[0].publisher) == ("Understanding customer experience", "Journal of Marketing")


def test_numbered_reference_lists():
    text = ("References\n\n"
            "[1] Lemon KN, Verhoef PC. Understanding customer experience throughout the customer journey. J Mark. 2016;80(6):69-96.\n"
            "[2] Homburg C, Jozić D, Kuehnl C. Customer experience management. J Acad Mark Sci. 2017;45(3):377-401.\n"
            "3. Verhoef, P. C., Lemon, K. N., & Tsiros, M. (2009). Customer experience creation. Journal of Retailing, 85(1), 31–41.\n")
    refs = [c for c in document_citations(clean(text, lambda w: False)) if c.kind == "reference"]
    assert [citation_key(c) for c in refs] == ["lemon-2016", "homburg-2017", "verhoef-2009"]
    assert (refs[0].title, refs[0].publisher) == ("Understanding customer experience throughout the customer journey", "J Mark")
    assert [a.family for a in refs[2].authors] == ["Verhoef", "Lemon", "Tsiros"]


def test_english_sentence_openers_and_possessives_are_no_authors():
    prose = "In March 2019 the firm grew. In Lemon and Verhoef (2016), as in Following Homburg et al.'s (2017) view, nothing else."
    found = document_citations(clean(prose, lambda w: False))
    assert [[a.family for a in c.authors] for c in found] == [["Lemon", "Verhoef"], ["Homburg"]]


def test_straight_and_curly_apostrophes_name_one_work():
    prose = "(d’Astous, 2018) and d'Astous (2018), then (d‘Astous, 2018)."
    found = document_citations(clean(prose, lambda w: False))
    assert len(found) == 3
    assert {citation_key(c) for c in found} == {"d-astous-2018"}
    assert {c.authors[0].family for c in found} == {"d'Astous"}


def test_the_journal_of_marketing_reference_style():
    """The first author ``Family, Given``, the others ``Given Family``, the year in parentheses after the names."""
    text = ("As Dupont and Martin (2015) and van Hove, Berg, and De Smet (2019) show, moments matter (Okafor 2021).\n\n"
            "References\n\n"
            'Dupont, Marie and Paul Martin (2015), "Service Journeys," Journal of Services, 12 (3), 45–67.\n'
            'van Hove, Jan, Anna K. Berg, and Luc De Smet (2019), "Touchpoints in Retail: A Review," Retail Review, 8, 1–20.\n'
            "Okafor, Ngozi (2021), Customer Moments. London: Sage.\n")
    found = document_citations(clean(text, lambda w: False))
    refs = [c for c in found if c.kind == "reference"]
    assert [citation_key(c) for c in refs] == ["dupont-2015", "van-hove-2019", "okafor-2021"]
    assert {citation_key(c) for c in found} == {"dupont-2015", "van-hove-2019", "okafor-2021"}
    assert [[(a.family, a.given) for a in c.authors] for c in refs] == [
        [("Dupont", "Marie"), ("Martin", "Paul")],
        [("van Hove", "Jan"), ("Berg", "Anna K."), ("De Smet", "Luc")],
        [("Okafor", "Ngozi")]]
    assert (refs[1].title, refs[1].publisher) == ("Touchpoints in Retail: A Review", "Retail Review")


def test_a_list_without_that_style_reads_two_family_names():
    """``Body, Tallec (2015)`` names two authors unless the list is in the Journal of Marketing's style."""
    refs = reference_list(clean("References\n\nBody, Tallec (2015), L’expérience client, Eyrolles\n", lambda w: False))
    assert [[a.family for a in c.authors] for c in refs] == [["Body", "Tallec"]]


def test_a_long_run_of_names_that_is_no_entry_is_refused_at_once():
    """Runs of initials and particles have one reading each: a line that is no entry fails without trying them all."""
    import signal

    def too_slow(signum, frame):
        raise TimeoutError("the reference reader tried every reading of a line (backtracking)")

    lines = ["Aa, " + "B. C. D. " * 40 + "Ee (n.d.)", "Aa, Bb, " + "Cc Van der Dd, " * 40 + "x (2019)"]
    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(60)  # far above the milliseconds it takes: fails rather than hangs, whatever the machine
    try:
        refs = reference_list(clean("References\n\n" + "\n".join(lines) + "\n", lambda w: False))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert len(refs) == 2 and all(c.year is None for c in refs)
