"""The teaching browser's HTML pages, read as a reader's browser would (no JavaScript).

Pages are fetched with the Flask test client on the corpus graph and parsed
with the standard library's ``html.parser`` into a small element tree.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
EDITORIAL_SUPPORTS = """PREFIX cx: <https://w3id.org/cxkg/ontology#>
SELECT DISTINCT ?c ?p WHERE { GRAPH <https://w3id.org/cxkg/id/graph/editorial> { ?c cx:supports ?p } }"""
C1 = "c1-customer-experience-analysis-capability"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict, parent: "Element | None" = None) -> None:
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Element"]:
        return [
            e for e in self.iter()
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes())
            and all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> "Element":
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}> in the page"
        return found[0]

    def links(self) -> list[str]:
        return [a.attrs.get("href") for a in self.find_all("a")]


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(body: bytes | str) -> Element:
    builder = TreeBuilder()
    builder.feed(body.decode("utf-8") if isinstance(body, bytes) else body)
    return builder.root


def page(web, url: str, status: int = 200, **kwargs) -> Element:
    response = (kwargs.pop("client", None) or web()).get(url, headers=HTML, **kwargs)
    assert response.status_code == status, (url, response.status_code, response.data[:500])
    assert response.mimetype == "text/html"
    return parse(response.data)


def pref_labels(store, slug: str) -> dict[str, str]:
    rows = store.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c ?l WHERE { ?c skos:prefLabel ?l }",
        {"c": concept_iri(slug)},
    )
    return {row["l"].language: row["l"].value for row in rows}


def concept_iri(slug: str):
    import pyoxigraph as ox

    return ox.NamedNode(f"https://w3id.org/cxkg/id/concept/{slug}")


# --- home, lists, search ---------------------------------------------------------

def test_home_has_the_entry_points(web, corpus_texts):
    doc = page(web, "/")
    assert doc.find("html").attrs["lang"] == "en"
    links = doc.links()
    for kind in ("Experience", "Capability", "Practice", "Touchpoint", "Channel", "BrandValue", "Indicator"):
        assert f"/concepts?type={kind}" in links, kind
    assert "/documents" in links and "/sparql" in links
    for identifier in corpus_texts:
        assert f"/document/{identifier}" in links
    from cxkg.queries.catalogue import load_catalogue

    for qid in load_catalogue():
        assert f"/sparql?example={qid}" in links and f"/api/queries/{qid}?format=json" in links
    assert "UX ⊂ CX ⊂ BX" in doc.find("section", cls="intro").text()


def test_a_kind_lists_its_concepts(web):
    doc = page(web, "/concepts?type=SpecializedCapability")
    notations = {n.text() for n in doc.find("ul", cls="concepts").find_all("span", cls="notation")}
    assert {f"C{i}" for i in range(1, 8)} <= notations
    assert "/concepts?type=Capability" in doc.links()
    index = page(web, "/concepts")
    assert "/concepts?type=BrandValue" in index.links()
    page(web, "/concepts?type=NoSuchKind", status=404)


def test_search_finds_a_concept_by_its_french_label(web):
    doc = page(web, "/search?q=point%20de%20contact")
    assert "/concept/touchpoint" in doc.find("ol", cls="results").links()
    assert page(web, "/search?q=NPS").find("ol", cls="results").links()[0] == "/concept/net-promoter-score"


def test_a_search_for_markup_comes_back_escaped(web):
    response = web().get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers=HTML)
    body = response.data.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    doc = parse(body)
    assert all("alert" not in s.text() for s in doc.find_all("script"))
    assert doc.find("q", cls="query").text() == "<script>alert(1)</script>"


# --- language -------------------------------------------------------------------

def test_the_language_switch_is_remembered(web):
    client = web()
    response = client.get("/?lang=fr", headers=HTML)
    assert "cxkg_lang=fr" in response.headers["Set-Cookie"]
    assert parse(response.data).find("html").attrs["lang"] == "fr"
    doc = page(web, f"/concept/{C1}", client=client)
    assert doc.find("html").attrs["lang"] == "fr"
    assert doc.find("h1").find("span", cls="primary").attrs["lang"] == "fr"
    assert "Définition" in doc.find("h2", id="def-h").text()
    switch = doc.find("p", cls="lang-switch")
    assert f"/concept/{C1}?lang=en" in switch.links()
    assert page(web, "/?lang=en", client=client).find("html").attrs["lang"] == "en"
    assert page(web, "/", client=client).find("html").attrs["lang"] == "en"


# --- a concept --------------------------------------------------------------------

def test_a_concept_page_shows_both_labels_and_definitions(web, store):
    labels = pref_labels(store, C1)
    doc = page(web, f"/concept/{C1}")
    h1 = doc.find("h1")
    assert h1.find("span", cls="primary", lang="en").text() == labels["en"]
    assert labels["fr"] in h1.find("span", cls="secondary", lang="fr").text()
    definitions = doc.find("section", cls="definitions")
    assert {p.attrs["lang"] for p in definitions.find_all("p", cls="definition")} == {"en", "fr"}
    assert "/concepts?type=SpecializedCapability" in doc.find("p", cls="types").links()


def test_editorial_relations_carry_the_mark_and_the_legend(web, store):
    rows = store.select(EDITORIAL_SUPPORTS, {"c": concept_iri(C1)})
    targets = {row["p"].value.rsplit("/", 1)[-1] for row in rows}
    assert targets, "C1 should have an editorial alignment"
    doc = page(web, f"/concept/{C1}")
    marked = doc.find_all("li", data_basis="editorial")
    assert {link.rsplit("/", 1)[-1] for li in marked for link in li.links()} >= targets
    assert all(li.find_all("abbr", cls="editorial-mark") for li in marked)
    assert doc.find("p", cls="legend").find("abbr", cls="editorial-mark")


def test_relations_from_a_source_are_not_marked(web):
    doc = page(web, "/concept/customer-experience")
    sourced = doc.find_all("li", data_basis="source")
    assert sourced
    assert not any(li.find_all("abbr", cls="editorial-mark") for li in sourced)
    assert any(link.startswith("/document/") for li in sourced for link in li.links())


def test_each_relation_shows_who_says_it_in_which_role_and_how_firmly(web):
    doc = page(web, "/concept/target-experience")
    claims = doc.find_all("li", cls="claim")
    assert claims
    for claim in claims:
        assert claim.attrs["data-role"] in {"author", "cited-work", "interviewee"}
        assert claim.find("q").text().strip()
        assert claim.attrs["data-role"] == "author" or claim.find("span", cls="said-by").text().strip()
    modalities = {claim.attrs["data-modality"] for claim in claims}
    assert "prescribes" in modalities and "asserts" not in {  # "doit permettre de vivre", "un double écueil"
        c.attrs["data-modality"] for c in claims if "écueil" in c.find("q").text()}
    french = page(web, "/concept/target-experience?lang=fr").find_all("li", cls="claim")
    assert {c.find("span", cls="modality").text() for c in french} >= {"prescrit"}


def test_a_claim_credited_to_a_cited_work_names_it(web):
    claims = page(web, "/concept/customer-experience-management").find_all("li", cls="claim", data_role="cited-work")
    assert claims
    assert any("Homburg" in c.find("span", cls="said-by").text() for c in claims)


def test_evidence_quotes_are_verbatim_at_their_positions(web, corpus_texts):
    for slug in (C1, "customer-experience", "net-promoter-score"):
        figures = page(web, f"/concept/{slug}").find_all("figure", cls="evidence")
        assert figures, slug
        for figure in figures:
            position = figure.find("span", cls="position")
            start, end = int(position.attrs["data-start"]), int(position.attrs["data-end"])
            text = corpus_texts[figure.find("span", cls="doc-id").text().strip("()")]
            assert figure.find("mark").text() == text[start:end]
            before = figure.find("span", cls="context").text().removeprefix("…")
            assert text[:start].endswith(before)


def test_the_neighbourhood_picture_links_the_neighbours(web):
    doc = page(web, f"/concept/{C1}")
    svg = doc.find("svg", cls="neighbourhood")
    nodes = [a.attrs["href"] for a in svg.find_all("a", cls="node")]
    assert "/concept/touchpoint-adaptation" in nodes
    assert svg.find_all("line", cls="editorial")
    assert len(svg.find_all("circle")) == len(nodes) + 1


def test_unknown_slugs_are_404_pages_for_readers_and_json_for_clients(web):
    for url in ("/concept/no-such-concept", "/document/no-such-document", "/work/no-such-work"):
        assert "Not found" in page(web, url, status=404).find("h1").text()
        response = web().get(url, headers={"Accept": "application/json"})
        assert response.status_code == 404
        assert set(response.get_json()["error"]) >= {"code", "message"}


# --- documents and works ----------------------------------------------------------

def test_a_document_page_shows_structure_citations_and_concepts(web):
    book = page(web, "/document/002_7be3e768dc10d506")
    structure = book.find("ol", cls="structure")
    assert "/concept/net-promoter-score" in structure.links()
    assert any("Customer Effort Score" in li.text() for li in structure.find_all("li"))
    paper = page(web, "/document/000_065cf485da171822")
    works = [link for link in paper.find("ul", cls="works").links() if link.startswith("/work/")]
    assert len(works) >= 16
    assert paper.find("ul", cls="mentions").find_all("a", cls="concept")
    work = page(web, works[0])
    assert "/document/000_065cf485da171822" in work.links()


def test_a_work_page_lists_the_capabilities_it_studies(web):
    doc = page(web, "/concept/touchpoint-adaptation-capability")
    sources = [link for link in doc.find("ul", cls="sources").links() if link.startswith("/work/")]
    assert sources
    assert "/concept/touchpoint-adaptation-capability" in page(web, sources[0]).links()


# --- the SPARQL page --------------------------------------------------------------

def test_the_query_page_offers_prefixes_and_the_catalogue(web):
    from cxkg.queries.catalogue import load_catalogue

    doc = page(web, "/sparql")
    assert "PREFIX cx: <https://w3id.org/cxkg/ontology#>" in doc.find("textarea", id="query").text()
    options = {o.attrs.get("value") for o in doc.find("select", id="example").find_all("option")}
    assert set(load_catalogue()) <= options
    examples = json.loads(doc.find("script", id="examples-data").text())
    query = load_catalogue()["cq05"].sparql
    body = "".join(line for line in query.splitlines(keepends=True) if not line.startswith("#+"))
    assert examples["cq05"] == body and "#+" not in body  # the YAML header folded away
    preloaded = page(web, "/sparql?example=cq05").find("textarea", id="query").text()
    assert preloaded.strip() == body.strip()


def test_the_query_page_renders_results_with_links(web):
    query = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
             "SELECT ?c ?l WHERE { ?c skos:notation \"C1\" ; skos:prefLabel ?l } ")
    doc = page(web, "/sparql", query_string={"query": query})
    table = doc.find("table", cls="sparql-results")
    assert [th.text() for th in table.find_all("th")] == ["?c", "?l"]
    assert f"/concept/{C1}" in table.links()
    assert {s.attrs.get("lang") for s in table.find_all("span", cls="literal")} == {"en", "fr"}
    assert "yes" in page(web, "/sparql", query_string={"query": "ASK {}"}).find("p", cls="boolean").text()
    graph = page(web, "/sparql", query_string={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2"})
    assert len(graph.find("table", cls="sparql-results").find_all("tr")) == 3


def test_a_failed_query_is_shown_on_the_page_to_readers_only(web):
    doc = page(web, "/sparql", status=400, query_string={"query": "SELEC <nope>"})
    assert doc.find("pre", cls="error").text()
    assert doc.find("textarea", id="query").text() == "SELEC <nope>"
    response = web().get("/sparql", query_string={"query": "SELEC <nope>"}, headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "syntax-error"
