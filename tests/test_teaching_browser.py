"""What a teacher sees of the teaching pages in a real headless Chromium.

Each test follows a teacher's step (a passage link, the language switch, a
ready-made comparison) and asserts what is on the screen afterwards, not
only what the HTML says.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 15
UX_CX_BX = "/compare?c=user-experience&c=customer-experience&c=brand-experience"


def wait_for(browser, condition):
    return WebDriverWait(browser, WAIT).until(condition)


def at_width(browser, width: int, height: int = 900) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def test_a_claims_passage_link_opens_the_document_at_that_passage(browser, server):
    browser.get(server + "/concept/target-experience?lang=en")
    claim = browser.find_element(By.XPATH, "//li[contains(@class, 'claim')][.//a[contains(@class, 'passage-link')]]")
    quote = claim.find_element(By.CSS_SELECTOR, "q.sentence mark").text
    link = claim.find_element(By.CSS_SELECTOR, "a.passage-link")
    assert link.text == "see the passage in the document"
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    wait_for(browser, seen.url_contains("/document/"))
    target = wait_for(browser, lambda b: b.execute_script("return document.querySelector(':target')"))
    assert target.get_attribute("id") == anchor
    top, bottom, screen = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]", target)
    assert -1 <= top < screen and bottom > 0, (top, bottom, screen)  # scrolled to it, on the screen
    assert browser.execute_script("return window.scrollY") > 0
    mark = target.find_element(By.CSS_SELECTOR, "mark")
    assert mark.is_displayed() and mark.text == quote


def test_a_french_browser_gets_french_then_english_sticks(french_browser, server):
    b = french_browser
    b.delete_all_cookies()
    b.get(server + "/")
    assert not b.get_cookies()  # French came from the browser, not from a cookie
    assert b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert b.find_element(By.TAG_NAME, "h1").text == "Le management de l'expérience client, en graphe de connaissances"
    assert b.find_element(By.ID, "compare-h").text == "Comparer"

    b.find_element(By.CSS_SELECTOR, "a[hreflang='en']").click()
    wait_for(b, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert b.get_cookie("cxkg_lang")["value"] == "en"
    for page, heading in (("/concepts", None), ("/concept/target-experience", "target experience"), ("/", "Customer-experience management")):
        b.get(server + page)  # no ?lang=: the cookie speaks over the browser's French
        assert b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", page
        if heading:
            assert heading in b.find_element(By.TAG_NAME, "h1").text, page
    b.delete_all_cookies()


def test_the_ready_made_ux_cx_bx_comparison_has_three_bilingual_columns(browser, server):
    browser.get(server + "/?lang=en")
    browser.find_element(By.CSS_SELECTOR, f"section.comparisons a[href='{UX_CX_BX}']").click()
    wait_for(browser, seen.url_contains("/compare?"))
    columns = browser.find_elements(By.CSS_SELECTOR, "table.compare th[scope=col]")
    assert [c.get_attribute("data-slug") for c in columns] == ["user-experience", "customer-experience", "brand-experience"]
    for code in ("fr", "en"):
        cells = browser.find_elements(By.CSS_SELECTOR, f"table.compare tr.definition-{code} td")
        assert len(cells) == 3
        for cell in cells:
            assert cell.get_attribute("lang") == code and cell.is_displayed()
            assert len(cell.text) > 20 and cell.text != "—", (code, cell.text)


def test_the_comparison_fits_a_1280_pixel_window(browser, server):
    """The row headers stay narrow and the concept columns share the rest: nothing scrolls sideways."""
    at_width(browser, 1280)
    try:
        browser.get(server + UX_CX_BX + "&lang=en")
        first, *concepts = browser.execute_script(
            "return [...document.querySelector('table.compare thead tr').cells].map(c => c.getBoundingClientRect().width)")
        assert len(concepts) == 3
        assert all(first < width for width in concepts), (first, concepts)
        headers = browser.execute_script(
            "return [...document.querySelectorAll('table.compare th[scope=row]')].map(c => c.getBoundingClientRect().width)")
        assert max(headers) == min(headers) == first  # every row, the relations row too, is in the table's grid
        page, screen, table, frame = browser.execute_script(
            "const s = document.querySelector('.compare-scroll');"
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
            " document.querySelector('table.compare').getBoundingClientRect().width, s.clientWidth]")
        assert page <= screen, (page, screen)
        assert table <= frame + 1, (table, frame)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
