"""The teaching reference: evidence beside every statement, comparisons, navigation,
and the neighbourhood picture, read from the pages as a reader's browser gets them."""

from __future__ import annotations

import re

import pytest

from tests.test_pages import C1, HTML, page, parse  # noqa: F401  (the shared client and parser)

UX_CX_BX = ("user-experience", "customer-experience", "brand-experience")
DOCUMENT_000 = "000_065cf485da171822"


def doc_of(href: str) -> tuple[str, int, int]:
    match = re.fullmatch(r"/document/([^#]+)#passage-(\d+)-(\d+)", href)
    assert match, href
    return match.group(1), int(match.group(2)), int(match.group(3))


# --- evidence -------------------------------------------------------------------

def test_a_claim_quotes_its_whole_sentence_and_links_to_its_passage(web, corpus_texts):
    claims = page(web, "/concept/target-experience").find_all("li", cls="claim")
    assert claims
    for claim in claims:
        mark = claim.find("mark").text()
        link = claim.find("a", cls="passage-link").attrs["href"]
        identifier, start, end = doc_of(link)
        text = corpus_texts[identifier]
        assert text[start:end] == mark
        before, after = (s.text() for s in claim.find_all("span", cls="context"))
        assert text[:start].endswith(before.removeprefix("…"))
        assert text[end:].startswith(after.removesuffix("…"))
        whole = before.removeprefix("…") + mark + after.removesuffix("…")
        # cut at a sentence's (or a word's) bound, never mid-word
        assert not before or before.startswith("…") or not text[start - len(before) - 1].isalnum()
        assert not after or after.endswith("…") or not text[end + len(after)].isalnum()
        assert len(whole) > len(mark) or mark.endswith((".", "!", "?"))
        assert claim.find("a", cls="said-in").text().strip()  # the document by its title


def test_the_document_page_shows_each_passage_under_its_anchor(web, corpus_texts):
    concept = page(web, "/concept/target-experience")
    identifier, start, end = doc_of(concept.find("a", cls="passage-link").attrs["href"])
    document = page(web, f"/document/{identifier}")
    item = document.find("li", id=f"passage-{start}-{end}")
    assert item.find("mark").text() == corpus_texts[identifier][start:end]
    assert document.find("h1").text().strip() != identifier  # the document by its title


def test_mentions_are_shown_in_their_sentence(web, corpus_texts):
    figures = page(web, "/concept/customer-experience").find_all("figure", cls="evidence")
    assert figures
    for figure in figures:
        position = figure.find("span", cls="position")
        start, end = int(position.attrs["data-start"]), int(position.attrs["data-end"])
        identifier = figure.find("span", cls="doc-id").text().strip("()")
        assert figure.find("mark").text() == corpus_texts[identifier][start:end]
        assert position.find("a").attrs["href"] == f"/document/{identifier}#passage-{start}-{end}"
        after = figure.find_all("span", cls="context")[1].text()
        assert after.endswith("…") or not corpus_texts[identifier][end + len(after):][:1].isalnum()


def test_editorial_relations_show_their_rationale(web):
    relation = page(web, f"/concept/{C1}").find("li", data_basis="editorial")
    assert "breaking points" in relation.find("p", cls="rationale").text()
    note = page(web, "/concept/c6-vertical-dissemination-capability").find("div", cls="editorial-note")
    assert "Homburg" in note.text() and note.find("p", cls="rationale")


def test_a_capability_page_shows_its_verbatims_with_their_speakers(web, corpus_texts):
    for n in range(1, 8):
        slug = next(a.attrs["href"] for a in page(web, "/concepts/index?type=SpecializedCapability").find_all("a", cls="concept")
                    if a.find_all("span", cls="notation") and a.find("span", cls="notation").text() == f"C{n}")
        verbatims = page(web, slug).find_all("li", cls="verbatim")
        assert verbatims, slug
        for verbatim in verbatims:
            assert verbatim.find("span", cls="speaker-name").text().strip()
    carrefour = page(web, f"/concept/{C1}").find("li", cls="verbatim")
    assert "Carrefour" in carrefour.find("p", cls="speaker").text()
    assert "18" in carrefour.find("span", cls="respondent-row").text()
    identifier, start, end = doc_of(carrefour.find("a", cls="passage-link").attrs["href"])
    assert carrefour.find("mark").text() == corpus_texts[identifier][start:end]


# --- navigation -----------------------------------------------------------------

def test_close_matches_and_downloads_are_on_concept_pages(web):
    doc = page(web, "/concept/user-experience")
    assert "http://dbpedia.org/resource/User_experience" in [a.attrs["href"] for a in doc.find_all("a", cls="mapping")]
    alternates = {link.attrs["type"]: link.attrs["href"] for link in doc.find_all("link", rel="alternate")}
    assert alternates["text/turtle"] == "/data/concept/user-experience.ttl"
    assert alternates["application/ld+json"] == "/data/concept/user-experience.jsonld"
    downloads = doc.find("p", cls="downloads").links()
    assert "/data/concept/user-experience.ttl" in downloads
    response = web().get("/data/concept/user-experience.ttl")
    assert response.status_code == 200 and b"User_experience" in response.data
    assert page(web, f"/document/{DOCUMENT_000}").find_all("link", rel="alternate")


def test_the_hierarchy_is_a_tree_and_the_index_is_alphabetical(web):
    tree = page(web, "/concepts/tree?type=Capability")
    c1 = tree.find("li", id=f"c-{C1}")
    parent = c1.parent
    while parent.tag != "li":
        parent = parent.parent
    assert parent.attrs["id"] in {"c-omnichannel-cx-management-capability", "c-specialized-marketing-capability"}
    index = page(web, "/concepts/index?type=Practice&lang=fr")
    letters = [s.attrs["id"] for s in index.find_all("section", cls="letter")]
    assert letters == sorted(letters) and letters
    for section in index.find_all("section", cls="letter"):
        letter = section.attrs["id"].removeprefix("letter-")
        for link in section.find_all("a", cls="concept"):
            label = link.text().strip().split(" ", 1)[-1] if link.find_all("span", cls="notation") else link.text().strip()
            assert label[:1].upper() in (letter, "É", "È") or letter == "#", (letter, label)
    assert page(web, "/concepts/tree?type=NoSuchKind", status=404)
    assert "/concepts/tree?type=Capability" in page(web, "/concepts?type=Capability").links()


# --- comparisons ----------------------------------------------------------------

def test_ux_cx_bx_side_by_side(web):
    home = page(web, "/")
    url = "/compare?c=user-experience&c=customer-experience&c=brand-experience"
    assert url in home.links() and "/compare/alignment" in home.links()
    doc = page(web, url)
    heads = [th.attrs["data-slug"] for th in doc.find("table", cls="compare").find("thead").find_all("th") if "data-slug" in th.attrs]
    assert heads == list(UX_CX_BX)
    falls = doc.find("tr", data_facet="falls_within").find_all("td")
    assert "/concept/customer-experience" in falls[0].links()
    assert "/concept/brand-experience" in falls[1].links()
    assert len(doc.find("tr", data_facet="about").find_all("td")) == 3
    for row in ("definition-fr", "definition-en", "counts", "relations"):
        assert len(doc.find("tr", cls=row).find_all("td")) == 3
    assert doc.find("tr", cls="relations").find_all("li", cls="claim")
    data = web().get("/api/compare?c=user-experience&c=customer-experience&c=brand-experience").get_json()
    assert [c["slug"] for c in data["concepts"]] == list(UX_CX_BX)
    assert data["concepts"][0]["counts"]["mentions"] == int(doc.find("span", cls="count-mentions").attrs["data-count"])


def test_compare_refuses_too_many_or_unknown_concepts(web):
    assert web().get("/api/compare?c=a&c=b&c=c&c=d&c=e").status_code == 400
    assert web().get("/api/compare?c=user-experience&c=no-such-concept").status_code == 404
    page(web, "/compare?c=user-experience&c=no-such-concept", status=404)
    form = page(web, "/compare?c=user-experience")
    assert len(form.find_all("select")) == 4
    assert f"/compare?c={C1}" in page(web, f"/concept/{C1}").find("p", cls="compare-with").links()


def test_the_alignment_of_the_capabilities_with_the_practices(web):
    doc = page(web, "/compare/alignment")
    rows = doc.find("table", cls="alignment").find("tbody").find_all("tr")
    assert len(rows) == 4
    adaptation = doc.find("tr", data_practice="touchpoint-adaptation")
    assert {d.attrs["data-capability"] for d in adaptation.find_all("div", cls="aligned") if "data-capability" in d.attrs} == {"C1", "C7"}
    assert all(d.find("p", cls="rationale") for d in adaptation.find_all("div", cls="aligned"))
    c6 = doc.find("div", cls="unmatched")
    assert c6.attrs["data-capability"] == "C6" and "Homburg" in c6.find("p", cls="scope-note").text()
    data = web().get("/api/compare/alignment").get_json()
    assert [u["capability"]["notation"] for u in data["unmatched"]] == ["C6"]
    assert data["unmatched"][0]["note"]


# --- the neighbourhood picture ----------------------------------------------------

def test_the_neighbourhood_has_one_arrow_per_direction_full_labels_and_edge_labels(web, store):
    doc = page(web, "/concept/target-experience")
    svg = doc.find("svg", cls="neighbourhood")
    links = svg.find_all("g", cls="link")
    pairs = [(g.attrs["data-target"], g.attrs["data-direction"]) for g in links]
    assert len(pairs) == len(set(pairs))
    for g in links:
        assert g.find("line").attrs["marker-end"] == "url(#arrow)"
        assert g.find("text", cls="edge-label").text().strip()
    labels = [" ".join(t.text() for t in a.find_all("tspan")) for a in svg.find_all("a", cls="node")]
    assert "gap between experiential promise and lived experience" in labels
    assert not any("…" in label for label in labels)
    assert svg.find_all("line", cls="unasserted") and svg.find_all("line", cls="editorial")
    # every neighbour is drawn, none left out for want of room
    big = page(web, "/concept/customer-experience")
    targets = {a.attrs["href"] for a in big.find("svg", cls="neighbourhood").find_all("a", cls="node")}
    assert len(targets) > 20
