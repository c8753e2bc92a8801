"""The teaching browser in a real headless Chromium, driven by Selenium.

A reader opens the home page of the live service, types in the search box,
picks a suggestion and reads the concept page. ``tests/setup-browser.sh``
installs Debian's ``chromium`` and ``chromium-driver`` when they are missing
(the ``browser`` fixture, in ``conftest.py``); the tests are skipped, with
the reason, only when that cannot be done.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import Select, WebDriverWait

C1 = "c1-customer-experience-analysis-capability"
WAIT = 15


def wait_for(browser, condition):
    return WebDriverWait(browser, WAIT).until(condition)


def test_a_reader_finds_a_concept_through_the_suggestions(browser, server):
    browser.get(server + "/?lang=en")
    box = browser.find_element(By.ID, "search-box")
    box.send_keys("customer experience analysis")
    suggestion = wait_for(browser, seen.visibility_of_element_located((By.CSS_SELECTOR, f"ul.suggestions a[href='/concept/{C1}']")))
    assert "customer experience analysis capability" in suggestion.text
    assert box.get_attribute("aria-expanded") == "true"
    suggestion.click()
    wait_for(browser, seen.url_contains(f"/concept/{C1}"))

    title = browser.find_element(By.TAG_NAME, "h1")
    assert "customer experience analysis capability" in title.text
    assert "capacité d'analyse de l'expérience client" in title.text
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"

    quote = browser.find_element(By.CSS_SELECTOR, "figure.evidence mark")
    assert quote.is_displayed() and "analyse" in quote.text

    relation = browser.find_element(By.CSS_SELECTOR, "li[data-basis='editorial']")
    mark = relation.find_element(By.CSS_SELECTOR, "abbr.editorial-mark")
    assert mark.is_displayed() and "editorial" in mark.text
    assert "editorial" in browser.find_element(By.CSS_SELECTOR, "p.legend").text

    picture = browser.find_element(By.CSS_SELECTOR, "svg.neighbourhood")
    assert picture.is_displayed() and picture.size["width"] > 200
    node = picture.find_element(By.CSS_SELECTOR, "a.node[href='/concept/touchpoint-adaptation']")
    assert "touchpoint adaptation" in node.text


def test_the_search_works_without_suggestions(browser, server):
    browser.get(server + "/?lang=fr")
    box = browser.find_element(By.ID, "search-box")
    box.send_keys("point de contact", Keys.ENTER)
    results = wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "ol.results a.concept"))
    assert "/search?q=point+de+contact" in browser.current_url
    assert any(a.get_attribute("href").endswith("/concept/touchpoint") for a in results)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"


def test_the_query_page_fills_an_example_and_shows_a_table(browser, server):
    browser.get(server + "/sparql?lang=en")
    Select(browser.find_element(By.ID, "example")).select_by_value("cq05")
    text = browser.find_element(By.ID, "query").get_property("value")
    assert "?kind" in text and "#+ id" not in text  # the question's query, its YAML header folded away
    browser.find_element(By.CSS_SELECTOR, "form.query button[type=submit]").click()
    table = wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "table.sparql-results"))[0]
    links = [a.get_attribute("href") for a in table.find_elements(By.CSS_SELECTOR, "a")]
    assert any(link.endswith("/concept/user-experience") for link in links)


def test_the_neighbourhood_is_legible_on_a_390_pixel_screen(browser, server):
    """At 390 px the picture keeps its size (its frame scrolls), so its text stays legible,
    and the page itself does not scroll sideways."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        browser.get(server + "/concept/target-experience?lang=en")
        picture = browser.find_element(By.CSS_SELECTOR, "svg.neighbourhood")
        labels = picture.find_elements(By.CSS_SELECTOR, "a.node text, text.edge-label")
        assert labels
        sizes = browser.execute_script(
            "return arguments[0].map(t => t.getBoundingClientRect().height)", labels)
        assert min(sizes) >= 10, sizes  # drawn at its own scale, not shrunk to the screen
        page_width, screen = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        assert page_width <= screen + 1
        frame = browser.find_element(By.CSS_SELECTOR, ".picture-scroll")
        assert browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", frame)
        node = picture.find_element(By.CSS_SELECTOR, "a.node[href='/concept/customer-experience']")
        assert "customer experience" in node.get_attribute("textContent")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_json_link_of_the_home_page_opens_in_the_browser(browser, server):
    browser.get(server + "/?lang=en")
    link = browser.find_element(By.CSS_SELECTOR, "#q-cq05 a.json")
    assert link.get_attribute("href").endswith("/api/queries/cq05?format=json")
    link.click()
    wait_for(browser, seen.url_contains("/api/queries/cq05"))
    shown = wait_for(browser, lambda b: b.find_elements(By.TAG_NAME, "pre"))[0].text  # the JSON, as text
    assert '"bindings"' in shown and "user-experience" in shown


def test_an_unknown_address_is_the_404_page_in_the_browser(browser, server):
    browser.get(server + "/no/such/page?lang=en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Not found"
    assert browser.find_element(By.CSS_SELECTOR, "code.path").text == "/no/such/page"
