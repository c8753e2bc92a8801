"""The pages in the reader's language: negotiation, no UI string of the other language, the 404 page,
links that a browser shows, labels where identifiers were.

The UI strings are collected from the templates themselves (every ``t(en, fr)`` pair and the
``(en, fr)`` tuples they translate with), so the check grows with the templates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def _pages_module():
    """tests/test_pages.py, for its HTML parser (the tests are imported by path, not as a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_test_pages", Path(__file__).with_name("test_pages.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HTML, parse = _pages_module().HTML, _pages_module().parse

C1 = "c1-customer-experience-analysis-capability"
TEMPLATES = Path(__file__).resolve().parents[1] / "api" / "templates"
STRING = r"""(["'])((?:(?!\{q}).)*)\{q}"""
#: t("en", "fr"), the (key, "en", "fr") rows and {"key": ("en", "fr")} values templates translate with.
PAIRS = (
    re.compile(r"\bt\(\s*" + STRING.format(q=1) + r"\s*,\s*" + STRING.format(q=3) + r"\s*\)", re.S),
    re.compile(r"\(\s*\"[^\"]*\"\s*,\s*\"([^\"]+)\"\s*,\s*\"([^\"]+)\"\s*\)"),
    re.compile(r":\s*\(\s*\"([^\"]+)\"\s*,\s*\"([^\"]+)\"\s*\)"),
)
#: Every page kind, each read in French and in English.
PAGES = (
    "/", "/concepts", "/concepts?type=Persona", "/concepts?type=SpecializedCapability", f"/concept/{C1}",
    "/concept/target-experience", "/concept/customer-experience-management", "/documents",
    "/document/000_065cf485da171822", "/document/002_7be3e768dc10d506", "/search?q=nps", "/search?q=zzzz",
    "/ontology", "/sparql", "/sparql?example=cq05", "/data/person/antonetti.html",
)
NOT_FOUND = ("/concept/no-such-concept", "/document/no-such-document", "/work/no-such-work",
             "/concepts?type=NoSuchKind", "/no/such/page", "/id/no-such/thing")
SKIPPED = {"script", "style", "textarea", "code", "pre"}
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


def ui_pairs() -> set[tuple[str, str]]:
    """Every (English, French) pair of the templates, where the two differ."""
    found = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in PAIRS:
            for match in pattern.finditer(text):
                en, fr = (match.group(2), match.group(4)) if pattern is PAIRS[0] else match.groups()
                if "{{" not in en + fr and norm(en) != norm(fr) and {en, fr} != {"en", "fr"}:
                    found.add((" ".join(en.split()), " ".join(fr.split())))
    return found


def norm(text: str) -> str:
    return " ".join(text.split()).strip(" :.,;()→←…·").strip()


def shown(root, lang: str) -> tuple[set[str], str]:
    """What a reader of ``lang`` reads as UI: text nodes and shown attributes, outside
    elements marked in another language, code and the query text; and all of it joined."""
    pieces: list[str] = []

    def walk(element, inherited):
        here = element.attrs.get("lang", inherited)
        if element.tag in SKIPPED or here != lang:
            return
        pieces.extend(element.attrs[a] for a in SHOWN_ATTRIBUTES if element.attrs.get(a))
        for child in element.children:
            if isinstance(child, str):
                pieces.append(child)
            else:
                walk(child, here)

    walk(root.find("html"), lang)
    return {norm(p) for p in pieces if norm(p)}, " ".join(" ".join(pieces).split())


def leaks(root, lang: str, strings: set[str]) -> list[str]:
    """The strings of ``strings`` a reader of the page reads: a whole text (or title), or a phrase in the text."""
    nodes, text = shown(root, lang)
    return sorted(s for s in strings if norm(s) in nodes
                  or (len(s.split()) >= 2 and re.search(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text)))


def get(web, url: str, lang: str | None = None, accept: dict = HTML, **headers):
    headers = {**accept, **headers}
    if lang:
        headers["Accept-Language"] = lang
    return web().get(url, headers=headers)


def test_the_templates_give_the_check_its_strings():
    pairs = ui_pairs()
    english = {en for en, _ in pairs}
    assert {"Place in the hierarchy", "Not found", "Works cited", "Subclass of", "Broader", "warns against"} <= english
    assert len(pairs) > 100


def test_the_check_sees_a_ui_string_of_the_other_language():
    strings = {en for en, _ in ui_pairs()}
    page = parse('<html lang="fr"><body><h2>Place in the hierarchy</h2><p>Voir : Not found.</p>'
                 '<abbr title="Evidence in the sources">x</abbr>'
                 '<p lang="en">Works cited</p><code>Broader</code><p>Un design</p></body></html>')
    assert leaks(page, "fr", strings) == ["Evidence in the sources", "Not found", "Place in the hierarchy"]


# --- negotiation ----------------------------------------------------------------

@pytest.mark.parametrize("header, lang", [
    ("fr", "fr"), ("fr-FR,fr;q=0.9,en;q=0.8", "fr"), ("en-GB,en;q=0.9,fr;q=0.8", "en"),
    ("fr;q=0.2,en;q=0.9", "en"), ("de,fr;q=0.5", "fr"), ("de", "en"), (None, "en"),
])
def test_the_page_language_follows_accept_language(web, header, lang):
    response = get(web, "/", header)
    assert parse(response.data).find("html").attrs["lang"] == lang
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_the_switch_and_the_cookie_win_over_accept_language(web):
    assert parse(get(web, "/?lang=en", "fr").data).find("html").attrs["lang"] == "en"
    client = web()
    client.get("/?lang=en", headers=HTML)
    response = client.get(f"/concept/{C1}", headers={**HTML, "Accept-Language": "fr"})
    assert parse(response.data).find("html").attrs["lang"] == "en"
    assert "Definition" in parse(response.data).find("h2", id="def-h").text()


# --- no word of the other language ------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_ui_string_of_the_other_language_on_any_page(web, lang):
    pairs = ui_pairs()
    other = {en for en, _ in pairs} if lang == "fr" else {fr for _, fr in pairs}
    work = next(link for link in parse(get(web, "/document/000_065cf485da171822").data).links() if link.startswith("/work/"))
    from cxkg.queries.catalogue import load_catalogue

    cq05 = "/sparql?" + __import__("urllib.parse").parse.urlencode({"query": load_catalogue()["cq05"].sparql})
    found = {}
    for url in (*PAGES, work, cq05, *NOT_FOUND):
        response = get(web, url, lang)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert response.mimetype == "text/html", url
        root = parse(response.data)
        assert root.find("html").attrs["lang"] == lang, url
        if leaked := leaks(root, lang, other):
            found[url] = leaked
    assert not found


def test_the_ontology_page_in_french_names_its_sections_and_terms_in_french(web):
    root = parse(get(web, "/ontology?lang=fr").data)
    toc = root.find("nav", cls="toc")
    assert "Propriétés d'objet" in toc.text() and "Object properties" not in toc.text()
    assert "Élément de parcours" in toc.text() and "JourneyElement" not in toc.text()
    assert toc.find("a", href="#JourneyElement").attrs["title"] == "cx:JourneyElement"
    persona = root.find("article", id="Persona")
    assert "Sous-classe de" in persona.text()
    assert "#JourneyElement" in persona.links()


def test_cq05_gives_its_labels_in_french_too(store):
    from cxkg.queries.catalogue import load_catalogue

    rows = store.select(load_catalogue()["cq05"].sparql)
    ux = next(r for r in rows if r["kind_en"].value == "user experience")
    assert ux["practice_fr"].value == "design"
    assert {"produit", "point de contact", "service"} <= set(ux["about_fr"].value.split(", "))


# --- the 404 page -------------------------------------------------------------------

@pytest.mark.parametrize("url", NOT_FOUND)
def test_every_unknown_address_is_the_html_404_page_for_a_browser(web, url):
    french = get(web, url, "fr")
    assert french.status_code == 404 and french.mimetype == "text/html"
    root = parse(french.data)
    assert root.find("h1").text() == "Introuvable"
    assert "Accept" in french.vary
    english = parse(get(web, url, "en").data)
    assert english.find("h1").text() == "Not found"
    client = get(web, url, accept={"Accept": "application/json"})
    assert client.status_code == 404 and client.mimetype == "application/json"
    assert set(client.get_json()["error"]) >= {"code", "message"}


def test_a_page_gives_the_reason_in_the_readers_language(web):
    assert "aucun concept" in parse(get(web, "/concept/nope", "fr").data).find("p", cls="error").text()
    assert "no concept" in parse(get(web, "/concept/nope", "en").data).find("p", cls="error").text()


@pytest.mark.parametrize("url", ["/api/queries/cq99", "/api/concepts/nope", "/api/nope", "/dumps/nope.ttl"])
def test_api_paths_keep_the_json_error_even_for_a_browser(web, url):
    response = get(web, url, "fr")
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert "code" in response.get_json()["error"]


# --- links a browser shows ------------------------------------------------------------

def test_links_to_catalogue_answers_ask_for_json_which_a_browser_shows(web):
    home = parse(get(web, "/", "en").data)
    runs = [a.attrs["href"] for a in home.find_all("a", cls="json")]
    assert runs and all(href.endswith("?format=json") for href in runs)
    sparql = parse(get(web, "/sparql?example=cq05", "en").data)
    assert sparql.find("a", cls="run-catalogue").attrs["href"] == "/api/queries/cq05?format=json"
    browser_accept = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    response = get(web, "/api/queries/cq05?format=json", accept=browser_accept)
    assert response.status_code == 200 and response.mimetype == "application/sparql-results+json"
    assert response.get_json()["results"]["bindings"]


# --- labels where a person reads --------------------------------------------------------

def test_a_document_names_its_kind(web):
    for lang, label in (("en", "Conference paper"), ("fr", "Article de colloque")):
        kind = parse(get(web, "/document/000_065cf485da171822", lang).data).find("dd", cls="kind")
        assert kind.text().strip() == label
        assert "fabio:ConferencePaper" in {a.attrs.get("title") for a in kind.find_all("a")}


def test_kinds_name_their_parent_by_its_label(web):
    index = parse(get(web, "/concepts", "fr").data)
    persona = next(li for li in index.find("ul", cls="kinds").find_all("li") if "/concepts?type=Persona" in li.links())
    assert persona.find("span", cls="parent").text().strip() == "⊂ Élément de parcours"
    assert "JourneyElement" not in index.find("main").text()
    kind = parse(get(web, "/concepts?type=Persona", "en").data)
    assert "Journey element" in kind.find("p", cls="parent").text()


def test_result_cells_show_labels_beside_iris(web):
    from cxkg.queries.catalogue import load_catalogue

    response = web().get("/sparql", query_string={"query": load_catalogue()["cq05"].sparql},
                         headers={**HTML, "Accept-Language": "fr"})
    table = parse(response.data).find("table", cls="sparql-results")
    link = table.find("a", href="/concept/user-experience")
    assert link.find("span", cls="label").text() == "expérience utilisateur"
    assert link.find("code").text() == "cxid:concept/user-experience"
    assert link.attrs["title"] == "https://w3id.org/cxkg/id/concept/user-experience"
