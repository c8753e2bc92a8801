"""The HTTP layer of a public endpoint, against live servers (``cxkg serve``).

Slow clients do not starve the service; servers of one user do not share a
control socket; a body over the limit is refused whatever its transfer
encoding; an operation given twice is an error; pages link only web IRIs and
carry a Content Security Policy that their own script lives with; odd paths
are client errors; and no URL the service writes comes from the ``Host``
header. Every error is checked in the error shape.
"""

from __future__ import annotations

import json
import os
import socket
import time
from urllib.parse import urlsplit

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import Select, WebDriverWait

LIMIT = 1024 * 1024  # Settings.body_limit
QUERY = "SELECT ?s WHERE { ?s a ?t } LIMIT 5"
DIRECT_QUERY, DIRECT_UPDATE, FORM = "application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded"
TOKEN = "hardening-token"
C1 = "c1-customer-experience-analysis-capability"


def error(response: requests.Response, status: int, code: str | None = None) -> dict:
    """Assert the answer is ``status`` in the error shape (with ``code``); return the error."""
    assert response.status_code == status, (response.status_code, response.text[:300])
    body = response.json()
    assert list(body) == ["error"], body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


def raw_exchange(base: str, data: bytes, seconds: float = 60) -> tuple[int, dict, bytes]:
    """Send raw bytes over one connection; the status, headers and body of the answer."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=seconds) as sock:
        sock.sendall(data)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            assert chunk, f"the connection closed before an answer: {received!r}"
            received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
        while len(body) < int(headers.get("content-length", 0)):
            chunk = sock.recv(65536)
            assert chunk, "the connection closed in the middle of the answer"
            body += chunk
    return int(lines[0].split()[1]), headers, body


def chunked(target: str, media: str, chunks: list[bytes], headers: str = "") -> bytes:
    """A POST whose body is sent in the given chunks (``Transfer-Encoding: chunked``)."""
    framed = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
    head = (f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {media}\r\n"
            f"Transfer-Encoding: chunked\r\n{headers}Connection: close\r\n\r\n")
    return head.encode() + framed


def ask(base: str, text: str) -> bool:
    response = requests.get(base + "/sparql", params={"query": text}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


# -- 1. slow clients ----------------------------------------------------------------

def half_open(base: str) -> socket.socket:
    """A connection that starts a request and never finishes its headers."""
    parts = urlsplit(base)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    return sock


def closed(sock: socket.socket) -> bool:
    """Whether the server has closed this connection (without waiting)."""
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.setblocking(True)


def timed_query(base: str, timeout: float) -> float:
    started = time.monotonic()
    response = requests.get(base + "/sparql", params={"query": QUERY}, timeout=timeout)
    assert response.status_code == 200, response.text
    assert len(response.json()["results"]["bindings"]) == 5
    return time.monotonic() - started


def test_half_open_connections_do_not_stop_a_query(built, start_server):
    """200 connections that never finish their request, held (and reopened when
    the server drops them) for 30 s: a normal query is answered meanwhile."""
    base = start_server(built[0].store)
    alone = min(timed_query(base, 60) for _ in range(3))
    bound = max(2.0, 10 * alone)  # the point is that the answer comes, not how fast
    sockets = [half_open(base) for _ in range(200)]
    latencies, reopened = [], 0
    try:
        end = time.monotonic() + 30
        while time.monotonic() < end:
            for i, sock in enumerate(sockets):
                if closed(sock):
                    sock.close()
                    sockets[i], reopened = half_open(base), reopened + 1
            latencies.append(timed_query(base, bound))
            time.sleep(1)
    finally:
        for sock in sockets:
            sock.close()
    assert len(latencies) >= 5
    assert max(latencies) < bound, (alone, latencies)
    print(f"query alone {alone:.3f} s; with 200 half-open connections: max {max(latencies):.3f} s over "
          f"{len(latencies)} queries; {reopened} connections dropped by the server and reopened")


def test_a_slow_body_does_not_hold_a_query_process(built, start_server):
    """Bodies that never arrive wait apart from the queries (one query process here)."""
    base = start_server(built[0].store, workers=1)
    parts = urlsplit(base)
    waiting = []
    try:
        for _ in range(20):
            sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
            sock.sendall(f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: {DIRECT_QUERY}\r\nContent-Length: 100\r\n\r\nASK".encode())
            waiting.append(sock)
        assert timed_query(base, 30) < 30
    finally:
        for sock in waiting:
            sock.close()


# -- 2. no shared control socket -----------------------------------------------------

@pytest.mark.parametrize("runtime_dir", [True, False])
def test_servers_of_one_user_leave_each_other_alone(built, server_control, tmp_path, runtime_dir):
    """Two servers start and stop, a third fails on a taken port, and none makes
    a control socket (``$XDG_RUNTIME_DIR/gunicorn.ctl``, else ``~/.gunicorn/``)."""
    launch, stop, port = server_control["launch"], server_control["stop"], server_control["free_port"]
    home, runtime = tmp_path / "home", tmp_path / "runtime"
    home.mkdir()
    runtime.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"} | {"HOME": str(home)}
    if runtime_dir:
        env["XDG_RUNTIME_DIR"] = str(runtime)
    store, ports = built[0].store, [port(), port()]
    first, second = launch(store, ports[0], 1, env=env), launch(store, ports[1], 1, env=env)
    try:
        for process, number in ((first, ports[0]), (second, ports[1])):
            server_control["wait_until_up"](f"http://127.0.0.1:{number}", process)
        taken = launch(store, ports[0], 1, env=env)
        assert taken.wait(60) != 0, "a server on a taken port fails"
        stop(second)
        assert ask(f"http://127.0.0.1:{ports[0]}", "ASK { ?s ?p ?o }") is True
    finally:
        stop(first)
        stop(second)
    assert not (home / ".gunicorn").exists() and not (runtime / "gunicorn.ctl").exists()


# -- 3. bodies ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def writer(tmp_path_factory, start_server) -> str:
    """A writable server on an empty store."""
    import pyoxigraph as ox

    path = str(tmp_path_factory.mktemp("writable") / "store")
    ox.Store(path).flush()
    return start_server(path, workers=1, env={"CXKG_WRITE_TOKEN": TOKEN})


def test_a_chunked_update_over_the_limit_is_413_and_applies_nothing(writer):
    """The first megabyte alone would be a valid update: it must not run."""
    first = b"INSERT DATA { <http://example.org/first> <http://example.org/p> 1 }\n#"
    padding = [b"x" * 65536] * (LIMIT // 65536 + 1)
    last = b"\n; INSERT DATA { <http://example.org/last> <http://example.org/p> 2 }"
    request = chunked("/sparql", DIRECT_UPDATE, [first, *padding, last], f"Authorization: Bearer {TOKEN}\r\n")
    status, headers, body = raw_exchange(writer, request)
    assert status == 413 and headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "request-entity-too-large"
    assert ask(writer, "ASK { <http://example.org/first> ?p ?o }") is False


def test_a_chunked_update_within_the_limit_is_applied(writer):
    update = b"INSERT DATA { <http://example.org/chunked> <http://example.org/p> 1 }"
    request = chunked("/sparql", DIRECT_UPDATE, [update[:20], update[20:]], f"Authorization: Bearer {TOKEN}\r\n")
    assert raw_exchange(writer, request)[0] == 204
    assert ask(writer, "ASK { <http://example.org/chunked> ?p ?o }") is True


@pytest.mark.parametrize("media, body", [(DIRECT_QUERY, b"ASK {} #"), (FORM, b"query=ASK+%7B%7D+%23")])
def test_a_chunked_query_over_the_limit_is_413(server, media, body):
    status, headers, answer = raw_exchange(server, chunked("/sparql", media, [body, b"x" * LIMIT]))
    assert status == 413 and headers["content-type"] == "application/json"
    assert b'"request-entity-too-large"' in answer


def test_a_body_with_content_length_over_the_limit_is_413(server):
    response = requests.post(server + "/sparql", data=b"ASK {} #" + b"x" * LIMIT, headers={"Content-Type": DIRECT_QUERY}, timeout=60)
    error(response, 413, "request-entity-too-large")


@pytest.mark.parametrize("size_line", [b"zz", b"-1", b"1x", b""])
def test_a_bad_chunk_size_line_is_400(server, size_line):
    request = (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {DIRECT_QUERY}\r\n"
               "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode() + size_line + b"\r\nASK {}\r\n0\r\n\r\n"
    status, headers, body = raw_exchange(server, request)
    assert status == 400, body
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "bad-request"


def test_a_chunked_query_within_the_limit_is_answered(server):
    request = chunked("/sparql", DIRECT_QUERY, [b"ASK { ?s ", b"?p ?o }"])
    status, _, body = raw_exchange(server, request)
    assert status == 200 and b"true" in body


# -- 4. an operation given twice ------------------------------------------------------

@pytest.mark.parametrize("in_url, media, body", [
    ("query=ASK%7B%7D", FORM, "query=ASK+%7B%7D"),
    ("query=ASK%7B%7D", FORM, "update=CLEAR+ALL"),
    ("query=ASK%7B%7D", DIRECT_QUERY, "ASK { ?s ?p ?o }"),
    ("update=CLEAR%20ALL", DIRECT_UPDATE, "CLEAR ALL"),
    ("query=ASK%7B%7D", DIRECT_UPDATE, "CLEAR ALL"),
])
def test_an_operation_in_both_url_and_body_is_400(server, in_url, media, body):
    response = requests.post(f"{server}/sparql?{in_url}", data=body.encode(), headers={"Content-Type": media}, timeout=60)
    assert "URL" in error(response, 400, "bad-request")["message"]


# -- 5. safe pages -------------------------------------------------------------------

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")


@pytest.mark.parametrize("path, accept", [
    ("/", "text/html"), ("/sparql", "text/html"), (f"/concept/{C1}", "text/html"), ("/sparql", "text/turtle"),
    ("/api/concepts?limit=1", "application/json"), ("/static/suggest.js", "*/*"), ("/no/such/page", "application/json"),
    ("/id/a%20b", "application/json"),
])
def test_every_answer_carries_the_security_headers(server, path, accept):
    response = requests.get(server + path, headers={"Accept": accept}, timeout=60, allow_redirects=False)
    assert all(response.headers.get(name) for name in SECURITY_HEADERS), response.headers
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("iri", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x"])
def test_the_query_page_links_no_script_iri(server, iri):
    text = f'SELECT (IRI("{iri}") AS ?x) (<https://example.org/page> AS ?y) {{}}'
    response = requests.get(server + "/sparql", params={"query": text}, headers={"Accept": "text/html"}, timeout=60)
    assert response.status_code == 200
    page = response.text
    assert iri in page, "the IRI is shown"
    assert f'href="{iri}' not in page and "href=\"javascript" not in page.lower()
    assert 'href="https://example.org/page"' in page, "a web IRI is still a link"


def csp_violations(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]


def suggestions_work(browser) -> None:
    """Typing in the header's search box shows suggestions: the page's script runs."""
    box = browser.find_element(By.ID, "search-box")
    box.clear()
    box.send_keys("customer experience analysis")
    WebDriverWait(browser, 15).until(seen.visibility_of_element_located((By.CSS_SELECTOR, "ul.suggestions a")))


@pytest.mark.parametrize("path", ["/?lang=en", f"/concept/{C1}?lang=en", "/sparql?lang=en"])
def test_pages_run_their_script_with_no_csp_violation(browser, server, path):
    browser.get(server + "/")
    csp_violations(browser)  # empties the log
    browser.get(server + path)
    suggestions_work(browser)
    if path.startswith("/sparql"):
        Select(browser.find_element(By.ID, "example")).select_by_value("cq05")
        assert "?kind" in browser.find_element(By.ID, "query").get_property("value")  # its header folded away
    assert csp_violations(browser) == []


def test_an_inline_script_is_blocked_and_reported(browser, server):
    """The check above can fail: an inline script is refused, and the log says so."""
    browser.get(server + "/?lang=en")
    csp_violations(browser)
    browser.execute_script("var s = document.createElement('script'); s.textContent = 'window.ran = 1';"
                           "document.body.appendChild(s);")
    assert browser.execute_script("return window.ran === undefined") is True
    assert WebDriverWait(browser, 15).until(lambda b: csp_violations(b))


# -- 6. odd paths --------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/id/a%20b", "/data/a%5cb.ttl", "/id/a%5cb", "/data/a%20b.jsonld", "/id/%3Cx%3E", "/data/%7B%7D.nt",
    "/concept/a%20b", "/document/a%5cb", "/work/%00", "/api/concepts/a%20b", "/api/queries/a%5cb", "/dumps/a%20b",
    "/static/..%2f..%2fetc%2fpasswd", "/ontology.a%20b", "/id/a%22b", "/data/%E2%80%AE.ttl",
])
def test_an_odd_path_is_a_client_error(server, path):
    response = requests.get(server + path, headers={"Accept": "application/json"}, timeout=60, allow_redirects=False)
    assert 400 <= response.status_code < 500, (path, response.status_code, response.text[:300])
    error(response, response.status_code)


# -- 7. the Host header ----------------------------------------------------------------

EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}


@pytest.mark.parametrize("path, accept, own_urls", [
    ("/sparql", "text/turtle", True), ("/sparql/", "application/ld+json", True), ("/.well-known/void", "text/turtle", True),
    ("/api/concepts?limit=2", "application/ld+json", True), ("/dumps/", "application/json", True),
    (f"/api/concepts/{C1}", "application/ld+json", False), (f"/data/concept/{C1}.jsonld", "*/*", False),
    ("/openapi.json", "application/json", False),
])
def test_no_answer_echoes_the_host_header(server, path, accept, own_urls):
    response = requests.get(server + path, headers={**EVIL, "Accept": accept}, timeout=60)
    assert response.status_code == 200, response.text[:300]
    assert "evil.example" not in response.text
    if own_urls:
        assert f"{server}/" in response.text, "the service's URLs name the address it listens on"


@pytest.mark.parametrize("path, accept", [
    (f"/id/concept/{C1}", "text/html"), (f"/id/concept/{C1}", "text/turtle"), ("/id/dataset", "text/turtle"),
])
def test_a_303_location_ignores_the_host_header(server, path, accept):
    response = requests.get(server + path, headers={**EVIL, "Accept": accept}, timeout=60, allow_redirects=False)
    assert response.status_code == 303
    assert response.headers["Location"].startswith(server + "/")


def test_the_public_url_names_the_service(built, start_server):
    public = "https://kg.example.org/cxkg"
    base = start_server(built[0].store, workers=1, env={"CXKG_PUBLIC_URL": public + "/"})
    void = requests.get(base + "/.well-known/void", headers={**EVIL, "Accept": "text/turtle"}, timeout=60)
    assert f"<{public}/sparql>" in void.text and "evil.example" not in void.text
    assert base not in void.text
    moved = requests.get(base + f"/id/concept/{C1}", headers={**EVIL, "Accept": "text/turtle"}, timeout=60, allow_redirects=False)
    assert moved.headers["Location"] == f"{public}/data/concept/{C1}.ttl"
