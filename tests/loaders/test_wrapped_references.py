"""Reference lists as PDFs and plain texts write them: entries hard-wrapped over lines, apart or not, cut by a page."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from fpdf import FPDF

from cxkg.loaders.citations import citation_key, document_citations
from cxkg.loaders.concepts import ConceptIndex
from cxkg.loaders.context import MapContext
from cxkg.loaders.agents import agent
from cxkg.loaders.intake import read_new_document
from cxkg.loaders.map_documents import csl_name
from cxkg.loaders.normalize import clean

#: One list per style, one entry a line, and the keys of the works it cites.
STYLES = {
    "apa": ("References", [
        "De Keyser, A., Verleye, K., Lemon, K. N., Keiningham, T. L., & Klaus, P. (2020). Moving the customer experience "
        "field forward: Introducing the touchpoints, context, qualities (TCQ) nomenclature. Journal of Service Research, "
        "23(4), 433–455.",
        "Forrester. (2018). The state of customer experience management. Forrester Research.",
        "van Doorn, J., Lemon, K. N., Mittal, V., Nass, S., Pick, D., Pirner, P., & Verhoef, P. C. (2010). Customer "
        "engagement behavior: Theoretical foundations and research directions. Journal of Service Research, 13(3), 253–266.",
        "Verhoef, P. C., Lemon, K. N., Parasuraman, A., Roggeveen, A., Tsiros, M., & Schlesinger, L. A. (2009). Customer "
        "experience creation: Determinants, dynamics and management strategies. Journal of Retailing, 85(1), 31–41.",
    ], ["de-keyser-2020", "forrester-2018", "van-doorn-2010", "verhoef-2009"]),
    "french": ("Références", [
        "Carù A. et Cova B. (2003), « Revisiting consumption experience: a more humble but complete view of the concept », "
        "Marketing Theory, 3, 2, 267-286.",
        "d’Astous A., Daghfous N., Balloffet P. et Boulaire C. (2018), Comportement du consommateur, Chenelière Éducation.",
        "Van Vaerenbergh Y. et Thomas T.D. (2013), « Response to complaints in service recovery », International Journal "
        "of Service Industry Management, 24, 1, 1-28.",
    ], ["caru-2003", "d-astous-2018", "van-vaerenbergh-2013"]),
    "springer": ("References", [
        "[1] Homburg C, Jozić D, Kuehnl C (2017) Customer experience management: toward implementing an evolving "
        "marketing concept. J Acad Mark Sci 45(3):377–401",
        "[2] Jarzabkowski P, Balogun J, Seidl D (2007) Strategizing: the challenges of a practice perspective. Hum Relat "
        "60(1):5–27",
        "[3] Verhoef PC, Kannan PK, Inman JJ (2015) From multi-channel retailing to omni-channel retailing. J Retail "
        "91(2):174–181",
    ], ["homburg-2017", "jarzabkowski-2007", "verhoef-2015"]),
    "vancouver": ("References", [
        "Lemon KN, Verhoef PC. Understanding customer experience throughout the customer journey. J Mark. "
        "2016;80(6):69-96.",
        "De Keyser A, Verleye K, Lemon KN, Keiningham TL, Klaus P. Moving the customer experience field forward: "
        "introducing the touchpoints, context, qualities (TCQ) nomenclature. J Serv Res. 2020;23(4):433-55.",
        "van Doorn J, Lemon KN, Mittal V, Nass S, Pick D, Pirner P, et al. Customer engagement behavior: theoretical "
        "foundations and research directions. J Serv Res. 2010;13(3):253-66.",
    ], ["lemon-2016", "de-keyser-2020", "van-doorn-2010"]),
    "numbered": ("Bibliographie", [
        "1. L. Antéblian, M. Filser et C. Roederer (2013), « L’expérience du consommateur dans le commerce de détail : une "
        "revue de littérature », Recherche et Applications en Marketing, 28, 3, 84-113.",
        "2. A. De Keyser, K. Verleye, K. N. Lemon, T. L. Keiningham et P. Klaus (2020), « Moving the customer experience "
        "field forward », Journal of Service Research, 23, 4, 433-455.",
        "3. M. de Certeau (1980), L’invention du quotidien, tome 1 : Arts de faire, Paris, UGE, coll. 10/18.",
    ], ["anteblian-2013", "de-keyser-2020", "de-certeau-1980"]),
    "journal-of-marketing": ("References", [
        'Keiningham, Timothy L., Bruce Cooil, Tor Wallin Andreassen, and Lerzan Aksoy (2007), "A Longitudinal '
        'Examination of Net Promoter and Firm Revenue Growth," Journal of Marketing, 71 (3), 39–51.',
        'Lemon, Katherine N. and Peter C. Verhoef (2016), "Understanding Customer Experience Throughout the Customer '
        'Journey," Journal of Marketing, 80 (6), 69–96.',
        'Reichheld, Frederick F. (2003), "The One Number You Need to Grow," Harvard Business Review, 81 (12), 46–54.',
        'van Doorn, Jenny, Katherine N. Lemon, Vikas Mittal, Stephan Nass, Doreén Pick, Peter Pirner, and Peter C. '
        'Verhoef (2010), "Customer Engagement Behavior: Theoretical Foundations and Research Directions," Journal of '
        'Service Research, 13 (3), 253–266.',
    ], ["keiningham-2007", "lemon-2016", "reichheld-2003", "van-doorn-2010"]),
}


def references(text: str) -> list[tuple]:
    """Each reference entry's key, authors, title and venue."""
    found = document_citations(clean(text, lambda w: False))
    return [(citation_key(c), [(a.family, a.given) for a in c.authors], c.title, c.publisher)
            for c in found if c.kind == "reference"]


def document(heading: str, entries: list[str], width: int | None = None, indent: str = "", apart: bool = False) -> str:
    """A short paper whose list has the given entries, hard-wrapped at ``width`` with a hanging ``indent``."""
    lines = [textwrap.fill(e, width, subsequent_indent=indent, break_on_hyphens=False) if width else e for e in entries]
    return "Customer experience matters.\n\n" + heading + "\n\n" + ("\n\n" if apart else "\n").join(lines) + "\n"


@pytest.mark.parametrize("style", sorted(STYLES))
def test_one_entry_a_line_gives_each_work(style):
    heading, entries, keys = STYLES[style]
    found = references(document(heading, entries))
    assert [key for key, *_ in found] == keys
    assert all(title for _, _, title, _ in found)


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("width, indent, apart", [(45, "", False), (60, "    ", False), (72, "", True), (38, "  ", True)])
def test_a_hard_wrapped_list_reads_as_the_same_list_on_one_line_each(style, width, indent, apart):
    heading, entries, keys = STYLES[style]
    wrapped = document(heading, entries, width, indent, apart)
    assert len(wrapped.split("\n")) > len(entries) + 5  # the entries are wrapped indeed
    assert references(wrapped) == references(document(heading, entries))


def test_no_line_of_a_wrapped_entry_is_a_work_of_its_own():
    """The lines the trial's PDF gave as works: a co-author after ``&``, the year, a title's end, the volume."""
    text = ("References\n\n"
            "De Keyser, A., Verleye, K., Lemon, K. N., Keiningham, T. L., & Klaus, P.\n"
            "(2020). Moving the customer experience field forward: Introducing the\n"
            "touchpoints, context, qualities (TCQ) nomenclature. Journal of Service\n"
            "Research, 23(4), 433-455.\n"
            "van Doorn, J., Lemon, K. N., Mittal, V., Nass, S., Pick, D., Pirner, P., &\n"
            "Verhoef, P. C. (2010). Customer engagement behavior: Theoretical\n"
            "foundations and research directions. Journal of Service Research, 13(3), 253-266.\n")
    found = references(text)
    assert [key for key, *_ in found] == ["de-keyser-2020", "van-doorn-2010"]
    assert found[0][2].startswith("Moving the customer experience") and found[0][3] == "Journal of Service Research"
    assert [family for family, _ in found[1][1]][-1] == "Verhoef"


def test_entries_apart_in_the_journal_of_marketing_style_keep_co_authors_and_given_names():
    heading, entries, _ = STYLES["journal-of-marketing"]
    found = {key: (authors, title) for key, authors, title, _ in references(document(heading, entries, apart=True))}
    assert set(found) == {"keiningham-2007", "lemon-2016", "reichheld-2003", "van-doorn-2010"}
    assert found["reichheld-2003"] == ([("Reichheld", "Frederick F.")], "The One Number You Need to Grow")
    assert found["keiningham-2007"][0][-1] == ("Aksoy", "Lerzan")
    assert found["lemon-2016"][1] == "Understanding Customer Experience Throughout the Customer Journey"


def test_a_list_of_one_line_entries_without_authors_is_unchanged_and_ends_at_a_blank_line():
    text = ("Sources\n\n"
            "Body et Tallec (2015), L’expérience client, Eyrolles\n"
            "Comment construire une stratégie expérience client, genesys.com\n"
            "Le baromètre de la relation client, fevad.com\n\n"
            "Conclusion\n\nLes marques doivent écouter (Lemon 2016).\n")
    found = references(text)
    assert [title for _, _, title, _ in found] == [
        "L’expérience client", "Comment construire une stratégie expérience client", "Le baromètre de la relation client"]


def test_a_page_break_inside_an_entry_and_a_page_number_alone_are_no_works():
    page_one = "References\n\nForrester. (2018). The state of customer experience management."
    page_two = ("Forrester Research.\nHomburg, C., Jozić, D., & Kuehnl, C. (2017). Customer experience management: "
                "Toward\nimplementing an evolving marketing concept. Journal of the Academy of Marketing Science,\n"
                "45(3), 377-401.\n")
    found = references("\n\n".join([page_one, "378", page_two]))
    assert [key for key, *_ in found] == ["forrester-2018", "homburg-2017"]
    assert found[0][3] == "Forrester Research"


class TwoPages(FPDF):
    """A journal's running head and a page number at the foot (377, 378), as an offprint has."""

    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, "Journal of Customer Experience Studies, Vol. 12", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, str(self.page_no() + 376))


def test_a_two_page_pdf_loses_its_running_lines_and_keeps_an_entry_cut_by_the_page_whole(tmp_path):
    _, entries, _ = STYLES["apa"]
    body = ("Customer experience spans the whole journey (De Keyser et al., 2020; Verhoef et al., 2009). "
            "Customers engage beyond purchase (van Doorn et al., 2010), as Forrester (2018) reports. ") * 22
    pdf = TwoPages()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, (body + "\n\nReferences\n\n" + "\n".join(entries)).replace("–", "-"))  # Helvetica is Latin-1
    pdf.output(str(tmp_path / "offprint.pdf"))
    assert pdf.page_no() == 2
    (tmp_path / "item.json").write_text('{"title": "Offprint", "author": [{"family": "Martin", "given": "Claire"}], '
                                        '"issued": {"date-parts": [[2024]]}}', encoding="utf-8")
    read = read_new_document(tmp_path / "offprint.pdf", meta=tmp_path / "item.json", lang="en")
    assert read.meta["custom"]["running-lines"] == ["Journal of Customer Experience Studies, Vol. 12", "377"]
    second = read.meta["custom"]["pages"][1]["start"]
    assert read.text[second:].startswith("experience field forward")  # the page breaks inside De Keyser et al.
    found = references(read.text)
    assert [key for key, *_ in found] == ["de-keyser-2020", "forrester-2018", "van-doorn-2010", "verhoef-2009"]
    assert all(title and publisher for _, _, title, publisher in found)


def test_a_document_author_keeps_the_particle_of_the_name_as_a_reference_author_does():
    ctx = MapContext("https://w3id.org/cxkg/id/", "d", ConceptIndex([]), {})
    csl = {"family": "Berg", "given": "Anke", "non-dropping-particle": "van der"}
    node, facts = agent(csl_name(csl), ctx)
    assert node.value == "https://w3id.org/cxkg/id/person/van-der-berg"
    listed = references("References\n\nvan der Berg, A. (2024). Subscription journeys. Journal of Service Research, 1, 1–9.\n")
    assert listed[0][:2] == ("van-der-berg-2024", [("van der Berg", "A.")])
    assert agent(csl_name({"family": "Keyser", "dropping-particle": "de", "given": "Arne"}), ctx)[0].value.endswith(
        "/person/de-keyser")
