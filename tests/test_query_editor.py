"""The query page's editor and the exercises, in headless Chromium and through the server's answers.

The editor (CodeMirror 6, ``static/vendor``) must load under the Content Security
Policy with no violation and no console error; a competency question opens with its
parameter form and runs; an exercise is graded right for the catalogue's own query
and wrong for a query missing a pattern; a syntax error is told with its line and column.
"""

from __future__ import annotations

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from cxkg.queries.catalogue import load_catalogue

WAIT = 15
NOTATION = "  OPTIONAL { ?capability skos:notation ?notation }\n"


def wait_for(browser, condition):
    return WebDriverWait(browser, WAIT).until(condition)


def console_problems(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")
            or "Content Security Policy" in e["message"]]


def set_editor_text(browser, text: str) -> None:
    browser.execute_script(
        "var v = document.querySelector('.editor-host').editorView;"
        "v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: arguments[0]}});", text)


def test_the_editor_loads_under_the_csp_and_a_question_runs_with_its_form(browser, server):
    browser.get_log("browser")  # forget what earlier tests logged
    browser.get(server + "/sparql?example=cq01&lang=en")
    host = wait_for(browser, seen.presence_of_element_located((By.CSS_SELECTOR, ".editor-host[data-editor-ready='true']")))
    editor = host.shadow_root.find_element(By.CSS_SELECTOR, ".cm-editor .cm-content")
    text = editor.text
    assert "SELECT ?practice ?capability" in text and "#+" not in text  # the header folded away
    assert host.shadow_root.find_elements(By.CSS_SELECTOR, ".cm-line span")  # highlighted tokens
    assert not browser.find_element(By.ID, "query").is_displayed()  # the textarea stays, hidden, in the form
    assert console_problems(browser) == []

    field = browser.find_element(By.ID, "param-practice")
    assert field.get_attribute("value") == "touchpoint adaptation"
    assert field.get_attribute("data-api") == "/api/concepts/search"
    browser.find_element(By.CSS_SELECTOR, "button.run-example").click()
    table = wait_for(browser, seen.presence_of_element_located((By.CSS_SELECTOR, "table.sparql-results")))
    assert "run=1" in browser.current_url
    assert table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert table.find_elements(By.CSS_SELECTOR, "span.iri-label")  # labels beside IRIs
    assert console_problems(browser) == []


def test_the_editor_fills_the_form_and_a_syntax_error_shows_its_position(browser, server):
    browser.get(server + "/sparql?lang=fr")
    wait_for(browser, seen.presence_of_element_located((By.CSS_SELECTOR, ".editor-host[data-editor-ready='true']")))
    set_editor_text(browser, "SELECT * WHERE {\n  ?s ?p\n}\n")
    browser.find_element(By.CSS_SELECTOR, "form.query button[type=submit]").click()
    error = wait_for(browser, seen.presence_of_element_located((By.CSS_SELECTOR, "pre.error")))
    assert "ligne 3, colonne 1" in error.text
    assert error.find_element(By.CSS_SELECTOR, ".caret").text.strip() == "^"
    assert "expected" not in error.text


def test_an_exercise_is_graded_in_the_browser(browser, server):
    browser.get_log("browser")  # forget what earlier tests logged (a 400 page logs its status)
    browser.get(server + "/exercises/cq01?lang=en")
    wait_for(browser, seen.presence_of_element_located((By.CSS_SELECTOR, ".editor-host[data-editor-ready='true']")))
    assert "Which capabilities support a practice?" in browser.find_element(By.CSS_SELECTOR, ".statement").text
    set_editor_text(browser, load_catalogue()["cq01"].sparql)
    browser.find_element(By.CSS_SELECTOR, "button.submit-answer").click()
    grade = wait_for(browser, seen.presence_of_element_located((By.CSS_SELECTOR, "section.grade")))
    assert grade.get_attribute("data-correct") == "true"
    assert console_problems(browser) == []


def test_a_wrong_answer_is_graded_wrong_in_the_browser(browser, server):
    browser.get(server + "/exercises/cq01?lang=en")
    wait_for(browser, seen.presence_of_element_located((By.CSS_SELECTOR, ".editor-host[data-editor-ready='true']")))
    query = load_catalogue()["cq01"].sparql
    assert NOTATION in query
    set_editor_text(browser, query.replace(NOTATION, ""))  # a pattern left out
    browser.find_element(By.CSS_SELECTOR, "button.submit-answer").click()
    grade = wait_for(browser, seen.presence_of_element_located((By.CSS_SELECTOR, "section.grade")))
    assert grade.get_attribute("data-correct") == "false"
    assert "wrong" in (grade.get_attribute("class") or "")


def test_exercises_are_graded_by_the_server(server):
    query = load_catalogue()["cq01"]
    url = server + "/exercises/cq01"
    json = {"Accept": "application/json"}

    right = requests.post(url, data={"query": query.sparql}, headers=json).json()
    assert right["correct"] is True and right["missing"] == [] and right["extra"] == []

    assert NOTATION in query.sparql
    wrong = requests.post(url, data={"query": query.sparql.replace(NOTATION, "")}, headers=json).json()
    assert wrong["correct"] is False
    assert wrong["missing"] and all("notation" in row for row in wrong["missing"])
    assert wrong["extra"] and all("notation" not in row for row in wrong["extra"])

    renamed = query.sparql.replace("?capability", "?c")  # names of columns do not matter
    assert requests.post(url, json={"query": renamed}, headers=json).json()["correct"] is True

    other = requests.post(url, data={"query": query.sparql, "param-practice": "journey mapping"}, headers=json)
    assert other.status_code in (200, 400)

    page = requests.post(url, data={"query": query.sparql.replace(NOTATION, "")})
    assert page.headers["Content-Type"].startswith("text/html") and 'data-correct="false"' in page.text
    assert "Missing rows" in page.text or "Lignes manquantes" in page.text


def test_a_syntax_error_names_its_line_and_column(server):
    answer = requests.post(server + "/exercises/cq01", data={"query": "SELECT * WHERE {\n  ?s ex:p ?o\n}"},
                           headers={"Accept": "application/json"})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert (error["line"], error["column"]) == (2, 6)
    assert error["message"].startswith("line 2, column 6: the prefix ex: is used but not declared")


def test_the_pages_work_without_javascript(server):
    listing = requests.get(server + "/exercises?lang=en").text
    assert all(f"/exercises/{qid}" in listing for qid in load_catalogue())
    page = requests.get(server + "/sparql?example=cq05", headers={"Accept": "text/html"}).text
    assert '<textarea id="query" name="query"' in page and "#+ id" not in page
