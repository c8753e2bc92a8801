"""Reading a new document: each format, each source of metadata, the language, and every bad input.

Every file is written here, into the test's own folder; the PDFs with fpdf2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fpdf import FPDF

from cxkg.config import Settings
from cxkg.loaders.corpus import CorpusError, read_corpus
from cxkg.loaders.intake import page_at, read_new_document

ENGLISH = (
    "Customer experience is the journey a customer takes with a firm over time, across the touchpoints "
    "of the purchase cycle. Firms that manage it well design each of these touchpoints with the customer "
    "in mind, and they measure what customers think of them after each interaction."
)
FRENCH = (
    "L'expérience client est le parcours que vit le client avec une entreprise au fil du temps, à travers "
    "les points de contact du cycle d'achat. Les entreprises qui la pilotent bien conçoivent chacun de ces "
    "points de contact pour le client, et elles mesurent ce que les clients en pensent après chaque échange."
)
META = {"title": "Customer experience", "author": [{"family": "Lemon", "given": "Katherine N."}],
        "issued": {"date-parts": [[2016]]}}
BIBTEX = r"""@article{Lemon2016,
  title = {Understanding Customer Experience Throughout the Customer Journey},
  author = {Lemon, Katherine N. and Verhoef, Peter C. and van der Berg, Jan and De Keyzer, Freya
            and Jozi{\'c}, Danijel and {World Health Organization}},
  journal = {Journal of Marketing}, volume = {80}, number = {6}, pages = {69--96},
  year = {2016}, month = nov, doi = {10.1509/jm.15.0420}, url = {https://doi.org/10.1509/jm.15.0420},
  publisher = {SAGE}
}
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def meta_file(folder: Path, item=META, name: str = "item.json") -> Path:
    return write(folder, name, json.dumps(item))


def make_pdf(path: Path, pages: list[str], first_label: int | None = None, title: str | None = None) -> Path:
    """A PDF with one paragraph per page (``first_label``: the number printed on the first page)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    if title:
        pdf.set_title(title)
    for number, text in enumerate(pages):
        pdf.add_page()
        if number == 0 and first_label is not None:
            pdf.set_page_label("D", None, first_label)
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


# Formats


def test_plain_text_keeps_its_text_and_takes_the_given_item(tmp_path):
    path = write(tmp_path, "Lemon 2016.txt", ENGLISH + "\r\n")
    document = read_new_document(path, meta=meta_file(tmp_path))
    assert document.text == ENGLISH + "\n"
    assert document.identifier == "lemon-2016" and document.meta["id"] == "lemon-2016"
    assert document.meta["title"] == "Customer experience" and document.meta["language"] == "en"
    assert document.meta["custom"]["source"]["format"] == "text"


def test_utf16_and_byte_order_marks_are_read(tmp_path):
    for name, data in (("a.txt", FRENCH.encode("utf-16")), ("b.txt", b"\xef\xbb\xbf" + FRENCH.encode("utf-8"))):
        document = read_new_document(write(tmp_path, name, data), meta=meta_file(tmp_path))
        assert document.text == FRENCH and document.meta["language"] == "fr"


def test_markdown_front_matter_gives_the_metadata_and_stays_in_the_text(tmp_path):
    source = ("---\ntitle: \"Stratégie omnicanale et expérience client\"\nauthor: Vincent, Arnaud\n"
              "date: 2020-08-19T13:55:44.592Z\nlang: fr\ncanonicalUrl: https://example.org/omnicanal\n"
              "id: Omnicanal 2020\n---\n\n### Questions\n\n" + FRENCH + "\n")
    document = read_new_document(write(tmp_path, "post.md", source))
    assert document.text == source  # the front matter reader of the pipeline backs its facts with its span
    assert document.identifier == "omnicanal-2020"
    assert document.meta["title"] == "Stratégie omnicanale et expérience client"
    assert document.meta["author"] == [{"family": "Vincent", "given": "Arnaud"}]
    assert document.meta["issued"] == {"date-parts": [[2020, 8, 19]]}
    assert document.meta["URL"] == "https://example.org/omnicanal" and document.meta["language"] == "fr"


def test_a_front_matter_handle_is_no_author_and_a_numeric_id_is_text(tmp_path):
    path = write(tmp_path, "post.md", "---\nauthor: arv\nid: 2020\ntitle: Omnicanal\nyear: 2020\n---\n" + FRENCH)
    with pytest.raises(CorpusError, match="no author in its metadata"):
        read_new_document(path)
    document = read_new_document(path, ask=lambda prompt: "Qualtrics")
    assert document.identifier == "2020" and document.meta["author"] == [{"literal": "Qualtrics"}]


def test_markdown_without_front_matter_takes_a_bibtex_entry(tmp_path):
    document = read_new_document(write(tmp_path, "notes.md", "# Notes\n\n" + ENGLISH), bib=write(tmp_path, "a.bib", BIBTEX))
    assert document.text.startswith("# Notes\n\n") and document.identifier == "lemon2016"
    assert document.meta["container-title"] == "Journal of Marketing"


def test_html_keeps_paragraphs_and_headings_and_drops_scripts(tmp_path):
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Site | CX</title>"
            "<meta name='citation_title' content='Journeys and touchpoints'>"
            "<meta name='citation_author' content='Lemon, Katherine N.'>"
            "<meta name='citation_author' content='Verhoef, Peter C.'>"
            "<meta name='citation_publication_date' content='2016/11/01'>"
            "<meta name='citation_doi' content='10.1509/jm.15.0420'>"
            "<style>p { color: red }</style><script>var tracking = 1;</script></head>"
            "<body><h1>Customer   journeys</h1><p>" + ENGLISH + "</p><ul><li>Pre-purchase</li><li>Purchase</li></ul>"
            "<table><tr><th>Stage</th><th>Touchpoint</th></tr><tr><td>Purchase</td><td>Shop</td></tr></table>"
            "<p>Caf&eacute; &amp; shop.<br>Next line.</p><script>track()</script></body></html>")
    document = read_new_document(write(tmp_path, "journeys.html", page))
    assert document.text.split("\n\n") == [
        "Customer journeys", ENGLISH, "Pre-purchase", "Purchase", "Stage\tTouchpoint\nPurchase\tShop",
        "Café & shop.\nNext line.",
    ]
    assert "tracking" not in document.text and "color" not in document.text and "track()" not in document.text
    assert document.meta["title"] == "Journeys and touchpoints"
    assert [name["family"] for name in document.meta["author"]] == ["Lemon", "Verhoef"]
    assert document.meta["issued"] == {"date-parts": [[2016, 11, 1]]} and document.meta["DOI"] == "10.1509/jm.15.0420"


def test_html_main_content_is_kept_without_the_site_around_it(tmp_path):
    page = ("<html><body><header><p>Site banner</p><nav><a href='/'>Home</a></nav></header>"
            "<div role='main'><div><h1>Journeys</h1></div><p>" + ENGLISH + "</p><div><p>Lemon and Verhoef (2016)</p></div></div>"
            "<footer><p>Copyright site</p><button>Share</button></footer></body></html>")
    document = read_new_document(write(tmp_path, "article.html", page), meta=meta_file(tmp_path))
    assert document.text.split("\n\n") == ["Journeys", ENGLISH, "Lemon and Verhoef (2016)"]


def test_html_declared_charset_is_honoured(tmp_path):
    page = "<html><head><meta charset='windows-1252'></head><body><p>" + FRENCH + "</p></body></html>"
    document = read_new_document(write(tmp_path, "page.htm", page.encode("cp1252")), meta=meta_file(tmp_path))
    assert document.text == FRENCH and document.meta["language"] == "fr"


def test_a_pdf_protected_only_against_changes_is_read(tmp_path):
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, ENGLISH)
    pdf.set_encryption(owner_password="owner")
    pdf.output(str(tmp_path / "protected.pdf"))
    document = read_new_document(tmp_path / "protected.pdf", meta=meta_file(tmp_path))
    assert " ".join(document.text.split()) == ENGLISH


def test_pdf_text_with_where_each_page_starts(tmp_path):
    second = "Customer experience management is the set of capabilities with which firms renew the journey."
    path = make_pdf(tmp_path / "homburg.pdf", [ENGLISH, second], first_label=377, title="CX management")
    document = read_new_document(path, meta=meta_file(tmp_path, {k: v for k, v in META.items() if k != "title"}))
    assert document.meta["title"] == "CX management"  # from the PDF's document information
    pages = document.meta["custom"]["pages"]
    assert [page["label"] for page in pages] == ["377", "378"]
    start = document.text.index("Customer experience management is")
    assert page_at(pages, start) == "378" and page_at(pages, document.text.index("touchpoints")) == "377"
    assert " ".join(document.text.split()).endswith(second)


def test_a_missing_year_names_only_the_ways_that_fit_the_file(tmp_path):
    undated = {k: v for k, v in META.items() if k != "issued"}
    pdf = make_pdf(tmp_path / "undated.pdf", [ENGLISH])
    with pytest.raises(CorpusError, match=r"no year in its metadata: give it in") as refused:
        read_new_document(pdf, meta=meta_file(tmp_path, undated))
    assert "front matter" not in str(refused.value) and "--meta ITEM.json" in str(refused.value)
    post = write(tmp_path, "post.md", "---\ntitle: Omnicanal\nauthor: Claire Martin\n---\n" + FRENCH)
    with pytest.raises(CorpusError, match=r"front matter \(date:\)"):
        read_new_document(post)


class JournalPdf(FPDF):
    """Pages with a running head (the journal) and foot (the page number), as articles have."""

    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, f"Journal of Service Research 21({self.page_no()})", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, str(self.page_no()))


def test_running_heads_and_feet_are_left_out_of_a_pdf_text(tmp_path):
    bodies = [ENGLISH, "Homburg, C., Jozic, D. and Kuehnl, C. (2017). Customer experience management.",
              "Lemon, K. N. and Verhoef, P. C. (2016). Understanding customer experience.", FRENCH[:80]]
    pdf = JournalPdf()
    for body in bodies:
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, body)
    pdf.output(str(tmp_path / "article.pdf"))
    document = read_new_document(tmp_path / "article.pdf", meta=meta_file(tmp_path), lang="en")
    assert "Journal of Service Research" not in document.text
    assert [line for line in document.text.split("\n") if line.strip().isdigit()] == []
    assert document.meta["custom"]["running-lines"] == ["Journal of Service Research 21(1)", "1"]
    pages = document.meta["custom"]["pages"]
    assert [page_at(pages, document.text.index(body[:30])) for body in bodies] == ["1", "2", "3", "4"]


def test_stored_text_and_item_read_back_as_a_corpus_with_the_same_offsets(tmp_path):
    document = read_new_document(make_pdf(tmp_path / "paper.pdf", [ENGLISH, FRENCH]), meta=meta_file(tmp_path),
                                 lang="en")
    folder = tmp_path / "added"
    folder.mkdir()
    write(folder, f"{document.identifier}.txt", document.text)
    write(folder, "corpus.json", json.dumps([document.meta]))
    (again,) = read_corpus(folder)
    assert again.text == document.text and again.meta == document.meta


# Metadata


def test_a_csl_item_may_be_a_list_of_one(tmp_path):
    item = write(tmp_path, "list.json", json.dumps([{**META, "id": "lemon-verhoef-2016", "type": "article-journal"}]))
    document = read_new_document(write(tmp_path, "a.txt", ENGLISH), meta=item)
    assert document.identifier == "lemon-verhoef-2016" and document.meta["type"] == "article-journal"


def test_bibtex_fields_map_to_csl_json(tmp_path):
    document = read_new_document(write(tmp_path, "a.txt", ENGLISH), bib=write(tmp_path, "lemon.bib", BIBTEX))
    meta = document.meta
    assert meta["type"] == "article-journal" and meta["title"].startswith("Understanding Customer Experience")
    assert meta["author"] == [
        {"family": "Lemon", "given": "Katherine N."}, {"family": "Verhoef", "given": "Peter C."},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
        {"family": "De Keyzer", "given": "Freya"}, {"family": "Jozić", "given": "Danijel"},
        {"literal": "World Health Organization"},
    ]
    assert meta["issued"] == {"date-parts": [[2016, 11]]}
    assert (meta["volume"], meta["issue"], meta["page"]) == ("80", "6", "69-96")
    assert meta["DOI"] == "10.1509/jm.15.0420" and meta["URL"] == "https://doi.org/10.1509/jm.15.0420"
    assert meta["publisher"] == "SAGE" and meta["container-title"] == "Journal of Marketing"


def test_bibtex_online_entry_with_others_and_an_access_date(tmp_path):
    bib = write(tmp_path, "web.bib", "@online{qualtrics, title = {{CX} trends}, author = {Doe, Jane and others},\n"
                                    "  date = {2023-02-01}, urldate = {2024-03-05}, url = {https://example.org/cx}}\n")
    document = read_new_document(write(tmp_path, "a.txt", ENGLISH), bib=bib)
    meta = document.meta
    assert meta["type"] == "webpage" and meta["title"] == "CX trends"
    assert meta["author"] == [{"family": "Doe", "given": "Jane"}]
    assert meta["issued"] == {"date-parts": [[2023, 2, 1]]} and meta["accessed"] == {"date-parts": [[2024, 3, 5]]}


def test_the_given_item_wins_over_the_front_matter(tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: Draft title\nauthor: Someone Else\ndate: 2019\n---\n" + ENGLISH)
    document = read_new_document(path, meta=meta_file(tmp_path))
    assert document.meta["title"] == "Customer experience" and document.meta["author"][0]["family"] == "Lemon"


def test_missing_fields_are_asked_for(tmp_path):
    asked: list[str] = []
    answers = {"Title": "Asked title", "Authors": "De Keyzer, Freya; Organisation X", "Year": "2021"}

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return answers[prompt.split(" ")[0]]

    document = read_new_document(write(tmp_path, "a.txt", ENGLISH), ask=ask)
    assert len(asked) == 3 and all("a.txt" in prompt for prompt in asked)
    assert document.meta["title"] == "Asked title" and document.meta["issued"] == {"date-parts": [[2021]]}
    assert document.meta["author"] == [{"family": "De Keyzer", "given": "Freya"}, {"family": "X", "given": "Organisation"}]


def test_an_unreadable_answer_is_asked_again(tmp_path):
    replies = iter(["soon", "2018"])
    document = read_new_document(write(tmp_path, "a.txt", ENGLISH), meta=meta_file(tmp_path, {"title": "T", "author": META["author"]}),
                                 ask=lambda prompt: next(replies))
    assert document.meta["issued"] == {"date-parts": [[2018]]}


def test_the_identifier_is_given_or_made_safe(tmp_path):
    path = write(tmp_path, "Étude n°1.txt", FRENCH)
    assert read_new_document(path, meta=meta_file(tmp_path)).identifier == "etude-n-1"
    assert read_new_document(path, meta=meta_file(tmp_path), identifier="homburg-2017").identifier == "homburg-2017"
    with pytest.raises(CorpusError, match="'homburg-al-2017'") as refused:  # a given id is never changed quietly
        read_new_document(path, meta=meta_file(tmp_path), identifier="Homburg & al. 2017")
    assert str(path) in str(refused.value)


# Language


@pytest.mark.parametrize(("text", "expected"), [(ENGLISH, "en"), (FRENCH, "fr")])
def test_the_language_is_told_from_the_text(tmp_path, text, expected):
    document = read_new_document(write(tmp_path, "a.txt", text), meta=meta_file(tmp_path))
    assert document.meta["language"] == expected


def test_the_language_given_wins(tmp_path):
    document = read_new_document(write(tmp_path, "a.txt", ENGLISH), meta=meta_file(tmp_path), lang="fr")
    assert document.meta["language"] == "fr"


def test_a_text_too_short_to_tell_has_its_language_asked_for(tmp_path):
    path = write(tmp_path, "short.txt", "Net Promoter Score: 42.")
    document = read_new_document(path, meta=meta_file(tmp_path), ask=lambda prompt: "English" if "fr or en" in prompt else "")
    assert document.meta["language"] == "en"


# Bad input: each a clear error naming the file, and nothing written


def bad_inputs(folder: Path) -> dict[str, tuple[dict, str]]:
    """Each bad input: the call's arguments and words its error must hold."""
    text = write(folder, "good.txt", ENGLISH)
    scan = FPDF()
    scan.add_page()
    scan.rect(20, 20, 80, 80, style="F")
    scan.output(str(folder / "scan.pdf"))
    locked = FPDF()
    locked.set_font("Helvetica", size=12)
    locked.add_page()
    locked.multi_cell(0, 8, ENGLISH)
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.output(str(folder / "locked.pdf"))
    (folder / "folder.txt").mkdir()
    huge = folder / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024**2)
    return {
        "binary": ({"path": write(folder, "logo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}, "binary file"),
        "empty": ({"path": write(folder, "empty.txt", b"")}, "empty"),
        "blank": ({"path": write(folder, "blank.txt", "  \n\n ")}, "no text"),
        "front matter only": ({"path": write(folder, "only.md", "---\ntitle: T\n---\n")}, "no text after its front matter"),
        "unknown encoding": ({"path": write(folder, "latin.txt", FRENCH.encode("cp1252"))}, "not UTF-8"),
        "50 MB": ({"path": huge}, "CXKG_DOCUMENT_BYTES"),
        "no text layer": ({"path": folder / "scan.pdf"}, "no text layer"),
        "password": ({"path": folder / "locked.pdf"}, "encrypted with a password"),
        "directory": ({"path": folder / "folder.txt"}, "not a regular file"),
        "not a PDF": ({"path": write(folder, "fake.pdf", b"%PDF-1.4 nothing else")}, "not a readable PDF"),
        "extension": ({"path": write(folder, "paper.docx", b"PK\x03\x04")}, "'.docx' is not a format"),
        "no file": ({"path": folder / "missing.txt"}, "no such file"),
        "json": ({"path": text, "meta": write(folder, "bad.json", '{"title": "T",\n "author": }')}, "line 2: not valid JSON"),
        "two items": ({"path": text, "meta": write(folder, "two.json", "[{}, {}]")}, "one CSL-JSON item"),
        "title type": ({"path": text, "meta": meta_file(folder, {**META, "title": 12}, "title.json")}, "'title' must be a string"),
        "author type": ({"path": text, "meta": meta_file(folder, {**META, "author": "Lemon"}, "author.json")}, "'author' must be a list of names"),
        "date type": ({"path": text, "meta": meta_file(folder, {**META, "issued": "2016"}, "issued.json")}, "'issued' must be a date"),
        "csl type": ({"path": text, "meta": meta_file(folder, {**META, "type": "journal paper"}, "type.json")}, "CSL item type"),
        "bib no entry": ({"path": text, "bib": write(folder, "none.bib", "% just a comment\n")}, "found no entry"),
        "bib syntax": ({"path": text, "bib": write(folder, "broken.bib", "@article{x,\n title = {T\n")}, "not valid BibTeX"),
        "bib two": ({"path": text, "bib": write(folder, "two.bib", BIBTEX + BIBTEX.replace("Lemon2016", "b"))}, "found 2 entries"),
        "yaml": ({"path": write(folder, "y.md", "---\ntitle: [unclosed\n---\n" + ENGLISH)}, "not valid YAML"),
        "missing fields": ({"path": text}, "no title, author and year"),
        "language": ({"path": text, "meta": meta_file(folder), "lang": "de"}, "fr or en"),
        "undetectable": ({"path": write(folder, "de.txt", "Kundenerlebnis, Markenwerte, Berührungspunkte."),
                          "meta": meta_file(folder)}, "--lang fr or --lang en"),
        "both": ({"path": text, "meta": meta_file(folder), "bib": write(folder, "one.bib", BIBTEX)}, "give the metadata once"),
        "id": ({"path": text, "meta": meta_file(folder), "identifier": "!!!"}, "give --id"),
    }


def test_every_bad_input_is_a_clear_error_naming_the_file_and_nothing_is_written(tmp_path):
    cases = bad_inputs(tmp_path)
    assert cases
    before = sorted(p.name for p in tmp_path.iterdir())
    settings = Settings(document_bytes=16 * 1024**2)
    for name, (arguments, words) in cases.items():
        try:
            read_new_document(**arguments, settings=settings)
        except CorpusError as error:
            message = str(error)
        else:
            pytest.fail(f"{name}: no error")
        named = [str(arguments[key]) for key in ("path", "meta", "bib") if key in arguments]
        assert any(message.startswith(path) for path in named), (name, message)
        assert words in message, (name, message)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_the_size_limit_is_a_setting(tmp_path):
    path = write(tmp_path, "a.txt", ENGLISH)
    with pytest.raises(CorpusError, match="over the limit of 100 "):
        read_new_document(path, meta=meta_file(tmp_path), settings=Settings.from_env({"CXKG_DOCUMENT_BYTES": "100"}))
    assert Settings.from_env({"CXKG_DOCUMENT_BYTES": "50M"}).document_bytes == 50 * 1024**2
