"""Every kind of page, checked by axe-core in headless Chromium: no serious or critical violation.

axe-core (``tests/vendor/axe.min.js``, pinned in ``package.json``, copied by ``make vendor``)
is a test tool, never served: it is injected by WebDriver's script evaluation, which the
pages' Content Security Policy does not govern, then run on the whole document. Each page
is checked in English and in French, and the concept page also on a 390-pixel screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WAIT = 15
#: The impacts a page may not have.
BLOCKING = ("serious", "critical")

#: Every kind of page, by a name that says which one failed.
PAGES = {
    "home": "/",
    "kinds": "/concepts",
    "concepts-of-a-kind": "/concepts?type=Capability",
    "concept-c1": "/concept/c1-customer-experience-analysis-capability",
    "concept-target-experience": "/concept/target-experience",
    "documents": "/documents",
    "document": "/document/000_065cf485da171822",
    "work": "/work/barney-2014",
    "search": "/search?q=experience",
    "ontology": "/ontology",
    "sparql-question": "/sparql?example=cq01",
    "sparql-results": "/sparql?example=cq05&run=1",
    "exercises": "/exercises",
    "exercise": "/exercises/cq01",
    "compare": "/compare?c=user-experience&c=customer-experience&c=brand-experience",
    "alignment": "/compare/alignment",
    "tree": "/concepts/tree",
    "index": "/concepts/index",
    "not-found": "/concept/no-such-concept",
}
#: The pages also checked on a phone's screen.
NARROW = ("concept-c1", "concept-target-experience", "home", "sparql-results")

#: Run axe on the document, answer its violations (only what a report needs) to the callback.
RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(
  r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                                    nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}))),
  e => done({error: String(e)}));
"""


def url(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + "lang=" + lang


def axe_violations(browser) -> list[dict]:
    """Inject axe-core into the page shown and run it; its violations."""
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    assert browser.execute_script("return typeof window.axe && typeof window.axe.run") == "function", \
        "axe-core did not load into the page"
    browser.set_script_timeout(60)
    found = browser.execute_async_script(RUN)
    assert not isinstance(found, dict), f"axe-core failed: {found}"
    return found


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>, {len(v['nodes'])} node(s)")
        for node in v["nodes"][:3]:
            lines.append(f"    {node['target']}")
    return "\n".join(lines)


def check(browser, server: str, path: str, lang: str) -> None:
    browser.get(server + url(path, lang))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    if browser.find_elements(By.CSS_SELECTOR, ".editor-host"):  # the editor is part of the page: wait for it
        WebDriverWait(browser, WAIT).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, ".editor-host[data-editor-ready='true']"))
    violations = axe_violations(browser)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{path} ({lang}): {len(blocking)} serious or critical violation(s):\n" + report(blocking)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", list(PAGES))
def test_a_page_has_no_serious_accessibility_violation(browser, server, page, lang):
    check(browser, server, PAGES[page], lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", NARROW)
def test_a_page_on_a_390_pixel_screen_has_no_serious_accessibility_violation(browser, server, page, lang):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        check(browser, server, PAGES[page], lang)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_axe_finds_a_violation_it_is_shown(browser, server):
    """The check can fail: on a page given an image without a name, axe reports it, serious or worse."""
    browser.get(server + "/?lang=en")
    browser.execute_script("const i = document.createElement('img'); i.src = '/favicon.ico';"
                           "document.querySelector('main').append(i);")
    violations = axe_violations(browser)
    assert any(v["id"] == "image-alt" and v["impact"] in BLOCKING for v in violations), report(violations)
