"""Malformed input of every kind gets a 4xx in the error shape, never a 5xx.

Property-based (hypothesis, derandomized so CI sees the same cases): broken
SPARQL, odd parameters, huge or badly encoded bodies, stray media types,
methods and paths. Each case is a raw HTTP request (:class:`Spec`) sent
through the Flask test client, for speed, and a sample of them to a live
server. The only 5xx allowed is 503 for a stopped or too-large query.
"""

from __future__ import annotations

import dataclasses
import json
import socketserver
import threading
from typing import NamedTuple
from urllib.parse import quote, quote_from_bytes, urlencode

import pyoxigraph as ox
import pytest
import requests
from hypothesis import HealthCheck, given, settings, strategies as st

from cxkg.store import guard

FORM, QUERY, UPDATE = "application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"
LIMIT = 1024 * 1024  # MAX_CONTENT_LENGTH
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.large_base_example]


def fuzz(cases: int) -> settings:
    """The same cases on every run (derandomized), however long each takes."""
    return settings(max_examples=cases, derandomize=True, database=None, deadline=None, suppress_health_check=SLOW)


class Spec(NamedTuple):
    """One raw request: ``target`` is the path with its (already encoded) query string."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


@pytest.fixture(scope="module")
def fuzz_client(built):
    """One app for thousands of cases; a short time limit keeps odd queries quick."""
    from cxkg.api import create_app
    from cxkg.api.backend import KEY

    app = create_app({"TESTING": True, "CXKG": dataclasses.replace(built[0], query_timeout=3.0, result_limit=1000)})
    yield app.test_client()
    store = app.extensions.get(KEY)
    if store is not None:
        store.close()


def check(status: int, media: str, body: bytes, spec: Spec) -> dict | None:
    """Assert the answer is no server failure and any error has the shape; return the error.

    A HEAD answer has no body, and a client that asks for HTML (a browser) may
    get its error as a page: for those, only the status is checked.
    """
    if spec.method == "HEAD" or (media.startswith("text/html") and "text/html" in dict(spec.headers).get("Accept", "")):
        assert status < 500 or status == 503, (spec, status)
        return None
    if status < 400:
        return None
    parsed = json.loads(body)
    assert list(parsed) == ["error"], (spec, body[:300])
    error = parsed["error"]
    assert isinstance(error["code"], str) and error["code"], (spec, error)
    assert isinstance(error["message"], str) and error["message"], (spec, error)
    if status >= 500:
        assert status == 503 and error["code"] in ("timeout", "too-large"), (spec, status, error)
    return error


def local(client, spec: Spec) -> tuple[int, dict | None]:
    response = client.open(spec.target, method=spec.method, headers=list(spec.headers), data=spec.body)
    return response.status_code, check(response.status_code, response.content_type or "", response.get_data(), spec)


# -- what a request is made of ----------------------------------------------------

VALID = [
    "SELECT ?s WHERE { ?s a ?t } LIMIT 5",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c ?l WHERE { ?c skos:prefLabel ?l FILTER(LANG(?l) = 'en') } LIMIT 5",
    "ASK { ?s ?p 'x' }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
    "DESCRIBE <https://w3id.org/cxkg/ontology#supports>",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a ?o } }",
    "SELECT DISTINCT ?g FROM NAMED <https://w3id.org/cxkg/id/graph/ontology> WHERE { GRAPH ?g { } }",
    'SELECT * WHERE { VALUES ?x { 1 "a"@fr <http://e/x> } BIND(STR(?x) AS ?y) } ORDER BY DESC(?y)',
    "SELECT ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label>/^<http://www.w3.org/2000/01/rdf-schema#label>? ?o } LIMIT 2",
    "SELECT ?s (SAMPLE(?o) AS ?x) WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), '^N', 'i')) } GROUP BY ?s HAVING (COUNT(?o) > 1) LIMIT 4",
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT (xsd:integer('1') AS ?n) (<http://e/f>(?n) AS ?m) WHERE { }",
]
UPDATES = ["INSERT DATA { <http://e/a> <http://e/b> 'c' }", "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL"]
PIECES = ["\x00", "{", "}", "'", '"', "<", ">", "?", "$", "#", "\\", "\r", "\n", "\\u0000", "'''", "SELECT", "SERVICE",
          "GRAPH", "FROM", "LIMIT -1", "<http://e/f>(1)", "xsd:date(", "OFFSET 99999999999999999999", "<<", "(", ")", "@", "^^", "_:", "\ufffd", "\U0001f600"]
NOISE = st.one_of(st.sampled_from(PIECES), st.text(max_size=8))
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)


@st.composite
def broken(draw, sources=VALID) -> str:
    """A valid operation broken by one to three cuts, insertions, deletions or doublings."""
    text = draw(st.sampled_from(sources))
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, len(text)))
        how = draw(st.sampled_from(["cut", "insert", "delete", "double", "replace"]))
        text = {
            "cut": lambda: text[:i],
            "insert": lambda: text[:i] + draw(NOISE) + text[i:],
            "delete": lambda: text[:i] + text[j:],
            "double": lambda: text[:j] + text[i:],
            "replace": lambda: text[:i] + draw(NOISE) + text[j:],
        }[how]()
    return text


def carry(text: str, how: str, kind: str = "query", extra: tuple = ()) -> Spec:
    """``text`` sent the three ways the protocol allows: ``get``, ``form``, ``direct``."""
    if how == "get":
        return Spec("GET", "/sparql?" + urlencode([(kind, text), *extra]))
    if how == "form":
        return Spec("POST", "/sparql", (("Content-Type", FORM),), urlencode([(kind, text), *extra]).encode())
    media = QUERY if kind == "query" else UPDATE
    return Spec("POST", "/sparql?" + urlencode(extra), (("Content-Type", media),), text.encode())


HOW = st.sampled_from(["get", "form", "direct"])
sparql_specs = st.builds(carry, st.one_of(broken(), broken(UPDATES), TEXT), HOW, st.sampled_from(["query", "query", "update"]))

HEADER = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=40).map(str.strip)
ACCEPT = st.one_of(st.sampled_from(["*/*", "text/html", "application/json", "text/csv;q=0", "nope", "*/*;q=-1", ""]), HEADER)
KEYS = st.one_of(st.sampled_from(["query", "update", "format", "default-graph-uri", "named-graph-uri",
                                  "using-graph-uri", "output", "callback", ""]), st.text(max_size=10))
VALUES = st.one_of(st.sampled_from(VALID + ["json", "xml", "csv", "ttl", "html", "zzz", "http://e/g", "not an iri"]), TEXT)


@st.composite
def param_specs(draw) -> Spec:
    """Random parameters (repeated ones too), formats and Accept headers, by GET or form."""
    params = draw(st.lists(st.tuples(KEYS, VALUES), max_size=6))
    if draw(st.booleans()):
        params.insert(draw(st.integers(0, len(params))), ("query", draw(st.sampled_from(VALID))))
    accept = (("Accept", draw(ACCEPT)),)
    if draw(st.booleans()):
        return Spec("GET", "/sparql?" + urlencode(params), accept)
    return Spec("POST", "/sparql", accept + (("Content-Type", FORM),), urlencode(params).encode())


KNOWN_CHARSETS = ["", "utf-8", "UTF8", "latin1", "iso-8859-1", "utf-16", "UTF-16LE", "ascii"]
RAW = st.one_of(
    st.binary(max_size=60),
    broken().map(lambda text: text.encode("utf-16")),
    st.sampled_from(VALID).map(lambda text: text.encode("latin1", "replace") + b" # \xe9\xff"),
    st.sampled_from(VALID).map(str.encode),
)


def is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@st.composite
def encoding_cases(draw) -> tuple[Spec, str | None]:
    """Bytes that may not be UTF-8, with the error code they must get (``None``: any but 5xx)."""
    raw = draw(RAW)
    bad = None if is_utf8(raw) else "bad-encoding"
    where = draw(st.sampled_from(["query string", "form", "direct"]))
    if where == "query string":
        return Spec("GET", "/sparql?query=" + quote_from_bytes(raw)), bad
    charset = draw(st.one_of(st.sampled_from(KNOWN_CHARSETS), HEADER))
    media = FORM if where == "form" else draw(st.sampled_from([QUERY, UPDATE]))
    headers = (("Content-Type", media + (f"; charset={charset}" if charset else "")),)
    if where == "form":
        return Spec("POST", "/sparql", headers, b"query=" + quote_from_bytes(raw).encode()), bad
    if charset not in KNOWN_CHARSETS:
        return Spec("POST", "/sparql", headers, raw), None
    utf8 = charset.lower() in ("", "utf-8", "utf8")
    return Spec("POST", "/sparql", headers, raw), bad if utf8 else "unsupported-media-type"


MEDIA = st.one_of(
    st.sampled_from([FORM, QUERY, UPDATE, "multipart/form-data", "multipart/form-data; boundary=x", "application/json",
                     "text/plain", "application/sparql-query; q=1", "*/*", "application/", "/", ";", ""]),
    HEADER,
)
type_specs = st.builds(lambda media, body: Spec("POST", "/sparql", (("Content-Type", media),), body),
                       MEDIA, st.one_of(st.sampled_from(VALID).map(str.encode), st.binary(max_size=80)))
METHODS = st.one_of(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND"]),
                    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8))


def route_prefixes() -> list[str]:
    """The fixed start of every route of the service (``/id/``, ``/api/concepts/``, ``/ontology.``...)."""
    from cxkg.api import create_app

    return sorted({rule.rule.split("<")[0] for rule in create_app({"TESTING": True}).url_map.iter_rules()})


ROUTES = route_prefixes()
#: What breaks paths: spaces, backslashes, bad or encoded escapes, control and bidi characters, dot segments, suffixes.
ODD_PIECES = [" ", "%20", "\\", "%5c", "%5C", "%00", "%ff", "%", "%zz", "%2e%2e", "..", "../", "%2f", "//", "<", ">", '"',
              "{", "}", "|", "^", "`", "\x7f", "%0a", "\t", "\u202e", "\U0001f600", "é", ";", ".ttl", ".jsonld", ".html",
              ".nt", ".", "a", "x/y"]
ODD_PATH = st.lists(st.one_of(st.sampled_from(ODD_PIECES), TEXT), min_size=1, max_size=4).map("".join)
PATHS = st.builds(lambda root, rest: root + quote(rest, safe="/%?=&"), st.sampled_from(ROUTES), ODD_PATH)
path_specs = st.builds(lambda method, target, body: Spec(method, target, (("Content-Type", QUERY),), body),
                       METHODS, PATHS, st.sampled_from([b"", b"ASK {}", b"\xff"]))


# -- the properties --------------------------------------------------------------

@fuzz(1500)
@given(spec=sparql_specs)
def test_broken_sparql_is_a_client_error(fuzz_client, spec):
    status, error = local(fuzz_client, spec)
    if b"\x00" in spec.body or b"%00" in spec.body or "%00" in spec.target:
        assert status == 400, spec
    if spec.method == "GET":
        assert local(fuzz_client, spec._replace(method="HEAD"))[0] == status, "HEAD answers as GET does"


@fuzz(700)
@given(spec=param_specs())
def test_odd_parameters_are_client_errors(fuzz_client, spec):
    local(fuzz_client, spec)


@fuzz(700)
@given(case=encoding_cases())
def test_bad_encodings_are_client_errors(fuzz_client, case):
    spec, expected = case
    status, error = local(fuzz_client, spec)
    if expected is not None:
        assert error is not None and error["code"] == expected, (spec, status, error)


@fuzz(400)
@given(spec=type_specs)
def test_any_content_type_is_answered(fuzz_client, spec):
    local(fuzz_client, spec)


@fuzz(700)
@given(spec=path_specs)
def test_any_method_and_path_is_answered(fuzz_client, spec):
    status, _ = local(fuzz_client, spec)
    if spec.method == "HEAD":
        assert status == local(fuzz_client, spec._replace(method="GET"))[0], spec


def test_every_route_answers_odd_paths_with_a_client_error(fuzz_client):
    """Each odd piece under each route prefix, read and posted: a 4xx in the error shape (or a page)."""
    assert len(ROUTES) > 20 and "/id/" in ROUTES and "/data/" in ROUTES
    for root in ROUTES:
        for piece in ODD_PIECES:
            for method in ("GET", "POST"):
                spec = Spec(method, root + quote(piece, safe="/%"), (("Accept", "application/json"),))
                status, error = local(fuzz_client, spec)
                assert status < 500, (spec, status)


@fuzz(12)
@given(media=st.sampled_from([FORM, QUERY, UPDATE]), size=st.integers(LIMIT + 1, LIMIT + 300_000))
def test_a_body_over_one_megabyte_is_413(fuzz_client, media, size):
    status, error = local(fuzz_client, Spec("POST", "/sparql", (("Content-Type", media),), b"query=" + b"x" * size))
    assert status == 413 and error["code"] == "request-entity-too-large"


@fuzz(250)
@given(spec=st.one_of(sparql_specs, param_specs(), encoding_cases().map(lambda case: case[0]), type_specs, path_specs))
def test_the_live_server_never_fails_on_odd_input(server, spec):
    if spec.method == "CONNECT":
        return
    response = requests.request(spec.method, server + spec.target, headers=dict(spec.headers), data=spec.body, timeout=60)
    check(response.status_code, response.headers.get("Content-Type", ""), response.content, spec)


def test_the_live_server_answers_odd_paths_under_every_route(server):
    pieces = ["%20", "%5c", "a%5cb.ttl", "%00", "%ff", "%zz", "..%2f", "%E2%80%AE", "%3Cx%3E"]
    assert ROUTES
    for root in ROUTES:
        for piece in pieces:
            spec = Spec("GET", root + piece, (("Accept", "application/json"),))
            response = requests.get(server + spec.target, headers=dict(spec.headers), timeout=60, allow_redirects=False)
            check(response.status_code, response.headers.get("Content-Type", ""), response.content, spec)


def test_the_live_server_refuses_a_huge_body_with_413(server):
    response = requests.post(server + "/sparql", data=b"x" * (LIMIT + 1), headers={"Content-Type": QUERY}, timeout=60)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request-entity-too-large"


def test_the_live_server_answers_malformed_http_in_the_error_shape(server):
    """gunicorn refuses these before the app runs; the answer keeps the shape."""
    long = requests.get(server + "/sparql", params={"query": "ASK {} #" + "x" * 9000}, timeout=60)
    assert long.status_code == 414 and "POST" in long.json()["error"]["message"]
    bad = requests.post(server + "/sparql", data=b"ASK {}", headers={"Content-Type": "\x7f"}, timeout=60)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad-request"


# -- the guard against pyoxigraph itself --------------------------------------------

@pytest.fixture(scope="module")
def trap():
    """A local port that records each connection and closes it at once."""
    class Trap(socketserver.ThreadingTCPServer):
        def verify_request(self, request, client_address) -> bool:
            self.seen.append(client_address)
            return False

    server = Trap(("127.0.0.1", 0), socketserver.BaseRequestHandler)
    server.seen = []
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/"
    yield server
    server.shutdown()
    server.server_close()


#: What may hide a clause from one tokenizer and not the other: an opening, a separator, the clause.
OPENINGS = ["", "#", "# c", "'", '"', "'''", '"""', "<", "\\", "?", "FILTER(", "<<", "r:", "r:a\\#", "r:a\\'", "r:a\\",
            "?s ?p true", "BIND(1 AS ?a) FILTER(?a<?b#>)", "BIND(1 AS ?a) BIND(?a<'>)' AS ?c)", "\\u0023"]
BREAKS = ["", " ", "\t", "\r", "\n", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\xa0"]
CLAUSES = ["SERVICE <{url}s> { }", "service silent r:s {}", "SERVICE<{url}s>{}", "\\u0053ERVICE <{url}s> {}",
           "SERVICEr:s {}", "SERVICE <{url}s> { } #'", "SERVICE <{url}s> { } #'''"]
HIDDEN = st.tuples(st.sampled_from(OPENINGS), st.sampled_from(BREAKS), st.sampled_from(CLAUSES)).map("".join)
TRICKS = st.sampled_from(["?s ?p ?o", "{", "}", "'", '"', ">", ")", ".", "\n", "LOAD", "1", "'''\n)", "#'\n"])


@fuzz(800)
@given(parts=st.lists(st.one_of(HIDDEN, TRICKS), min_size=1, max_size=6))
def test_what_the_guard_lets_through_never_connects(trap, parts):
    """However the guard's tokenizer reads odd text, pyoxigraph (unguarded) makes no connection."""
    text = f"PREFIX r: <{trap.url}> SELECT * WHERE {{ {''.join(parts)} }}".replace("{url}", trap.url)
    try:
        guard.check(text, graphs=set())
    except (guard.Refused, SyntaxError):  # refused, or unreadable: no engine sees it
        return
    before = len(trap.seen)
    try:
        result = ox.Store().query(text)
        list(result) if not isinstance(result, ox.QueryBoolean) else bool(result)
    except (SyntaxError, ValueError, RuntimeError, OSError):
        pass
    assert trap.seen[before:] == [], repr(text)
