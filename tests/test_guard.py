"""The guard reads SPARQL as the grammar, and the engine, read it.

Two oracles judge it: pyoxigraph itself (run on an in-memory store, a SERVICE
or LOAD to ``http://127.0.0.1:9/`` fails at once with "port 9 is not allowed",
which proves the engine parsed the text and went for the network), and
rdflib's SPARQL parser (a second reading of the grammar, which decodes ``\\u``
escapes as SPARQL 1.1 section 19.2 says). Whenever either sees a SERVICE or a
LOAD, the guard must block the text: :class:`~cxkg.store.guard.Refused`, or a
:class:`SyntaxError` (the text never reaches an engine).
"""

from __future__ import annotations

import gc
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from cxkg.store import guard
from cxkg.config import Settings
from cxkg.store.guard import Refused
from cxkg.store.text_cache import SMALL_TEXT
from tests.test_safety import TOKEN, error_code, scratch_store, send, writer  # noqa: F401, F811 (fixtures)

ROOT = Path(__file__).resolve().parents[1]
NOWHERE = "http://127.0.0.1:9/"
PROLOGUE = f"PREFIX e: <http://e/> PREFIX : <{NOWHERE}> PREFIX s: <{NOWHERE}>\n"
EXPLOIT = PROLOGUE + "SELECT * WHERE { BIND(e:a\\# AS ?z) SERVICE <{url}x> { ?s ?p ?o } }"


def blocked(text: str) -> bool:
    """Whether the guard keeps ``text`` from any engine."""
    try:
        guard.check(text)
    except (Refused, SyntaxError):
        return True
    return False


def engine_store() -> ox.Store:
    """A few triples, in the default graph and in ``e:g``, so patterns have solutions."""
    store = ox.Store()
    s, p, o = (ox.NamedNode(f"http://e/{n}") for n in "spo")
    for graph in (ox.DefaultGraph(), ox.NamedNode("http://e/g")):
        for value in (o, ox.Literal(True), ox.Literal(False)):
            store.add(ox.Quad(s, p, value, graph))
    return store


def engine_reaches_out(text: str, kind: str) -> bool | None:
    """``True`` if pyoxigraph, unguarded, went for SERVICE/LOAD; ``None`` if it did not parse the text."""
    try:
        if kind == "update":
            engine_store().update(text)
        else:
            result = engine_store().query(text)
            bool(result) if isinstance(result, ox.QueryBoolean) else list(result)
    except SyntaxError:
        return None
    except OSError as error:
        return "port 9" in str(error)
    except (ValueError, RuntimeError):
        return False
    return False


def rdflib_sees(text: str, kind: str) -> set[str] | None:
    """The names of rdflib's parse tree (``ServiceGraphPattern``, ``Load``...); ``None``: no parse."""
    try:
        tree = parseUpdate(text) if kind == "update" else parseQuery(text)
    except (ParseBaseException, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return None
    names, todo = set(), [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            todo.extend(node.values())
        elif isinstance(node, dict):
            todo.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            todo.extend(node)
    return names


REMOTE = {"ServiceGraphPattern", "Load"}


# -- the hole, and what must still pass ---------------------------------------------

EXPLOITS = {
    "local escape #": EXPLOIT,
    "local escape '": EXPLOIT.replace("e:a\\#", "e:a\\'"),
    "less than, then a comment": PROLOGUE + "SELECT * WHERE { BIND(1 AS ?a) BIND(2 AS ?b) "
    "FILTER(?a<?b#>)'''\n) SERVICE <{url}x> { } #'''\n}",
    "less than, then a string": PROLOGUE + "SELECT * WHERE { BIND(1 AS ?a) BIND(?a<'>)' AS ?c) SERVICE <{url}x> { } #'\n}",
    "keyword glued to a name": PROLOGUE.replace(NOWHERE, "{url}") + "SELECT * WHERE { SERVICEs:x { } }",
    "keyword glued after true": PROLOGUE + "SELECT * WHERE { ?s ?p trueSERVICE<{url}x>{} }",
    "comment ended by a carriage return": "SELECT * WHERE { # note\rSERVICE <{url}x> { } }",
}
LOAD_EXPLOITS = {
    "local escape #": PROLOGUE + "INSERT { ?s ?p e:a\\# } WHERE { ?s ?p ?o } ; LOAD <{url}x>",
    "local escape '": PROLOGUE + "INSERT DATA { e:s e:p e:a\\' } ; LOAD <{url}x> #'",
    "keyword glued to a name": PROLOGUE.replace(NOWHERE, "{url}") + "LOADs:x",
}


@pytest.mark.parametrize("kind, name", [("query", n) for n in EXPLOITS] + [("update", n) for n in LOAD_EXPLOITS])
def test_the_exploits_reach_an_unguarded_engine_and_are_refused(kind, name):
    text = (EXPLOITS if kind == "query" else LOAD_EXPLOITS)[name]
    assert engine_reaches_out(text.replace("{url}", NOWHERE), kind) is True, "the control: pyoxigraph goes out"
    with pytest.raises(Refused, match="SERVICE" if kind == "query" else "LOAD"):
        guard.check(text.replace("{url}", "http://127.0.0.1:8/"))


@pytest.mark.parametrize("text", [
    PROLOGUE + "SELECT * WHERE { BIND(e:a\\# AS ?z) }",
    PROLOGUE + "SELECT * WHERE { BIND(e:a\\' AS ?z) ?s ?p e:b\\.c%41\\~ . ?s ?p e: . ?s ?p e:a. }",
    "SELECT * WHERE { BIND('SERVICE <http://x/> {}' AS ?a) BIND(\"\"\"LOAD\n<x>\"\"\" AS ?b) } # SERVICE",
    "SELECT * WHERE { BIND('''it's ''' AS ?a) BIND('\\u00e9' AS ?b) ?s <http://e/#service> ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o >= 1) FILTER(?s = <http://www.w3.org/2000/01/rdf-schema#label>) }",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?l WHERE { ?s rdfs:label ?l }",
    "SELECT ?service ?load WHERE { ?service <http://e/load> ?load }",
    "INSERT DATA { <http://e/s> <http://e/p> 'LOAD <http://x/>' }",
])
def test_legitimate_texts_with_the_same_forms_pass(text):
    assert engine_reaches_out(text, "update" if text.startswith("INSERT") else "query") is False
    guard.check(text)


def test_the_catalogue_passes():
    texts = sorted((ROOT / "queries").glob("cq*.rq")) + sorted((ROOT / "ontology").glob("*/*.rq"))
    assert len(texts) >= 20
    for path in texts:
        guard.check(path.read_text(encoding="utf-8"), graphs=None)


@pytest.mark.parametrize("text, where", [
    ("SELECT * WHERE { ?s ?p 'open }", "line 1, column 24"),
    ("SELECT * WHERE {\n ?s ?p e:a\\\\ }", "line 2, column 11"),
    ("SELECT * WHERE { ?s ?p ?o \x0b}", "line 1, column 27"),
    ("SELECT * WHERE { ?s ?p ?o } }", "line 1, column 29"),
    ("SELECT * WHERE { BIND('\\u0027' AS ?a) }", "section 19.2"),
])
def test_unreadable_text_is_a_syntax_error(text, where):
    with pytest.raises(SyntaxError, match=where):
        guard.check(text)


def test_escapes_of_keyword_letters_are_refused_as_the_spec_reads_them():
    text = "SELECT * WHERE { ?s ?p 'x\\u0027 . \\u0053ERVICE <http://127.0.0.1:8/> { } }"
    assert engine_reaches_out(text, "query") is None, "pyoxigraph does not decode escapes outside strings"
    assert REMOTE & rdflib_sees(text, "query"), "rdflib, as the spec, decodes them first"
    with pytest.raises((Refused, SyntaxError)):
        guard.check(text)
    with pytest.raises(Refused, match="SERVICE"):
        guard.check("SELECT * WHERE { # \\u000A SERVICE <http://127.0.0.1:8/> { }\n}")


# -- nesting ----------------------------------------------------------------------

def nested(depth: int) -> str:
    return "ASK { FILTER(" + "(" * (depth - 2) + "1" + ")" * (depth - 2) + ") }"


def test_nesting_past_the_limit_is_refused_naming_it():
    limit = Settings().nesting_limit
    guard.check(nested(limit))
    with pytest.raises(Refused, match=f"limit is {limit}"):
        guard.check(nested(limit + 1))
    with pytest.raises(Refused, match="20000 deep; the limit is 128"):
        guard.check(nested(20_000))
    with pytest.raises(Refused, match="the limit is 3"):
        guard.check("SELECT * { { [ <http://e/p> [] ] } }", nesting_limit=3)


def test_brackets_inside_an_iri_read_as_less_than_count():
    hidden = "ASK { BIND(1 AS ?a) FILTER(?a<" + "(" * 200 + "1#>\n" + ")" * 200 + ") }"
    with pytest.raises((Refused, SyntaxError)):
        guard.check(hidden)


# -- bounded caches ---------------------------------------------------------------

@pytest.mark.parametrize("size", [100_000, SMALL_TEXT - 100])
def test_the_caches_hold_a_bounded_number_of_bytes(size):
    from cxkg.store.remote_text import boolean_variables, distinct

    def run_all(i: int) -> None:
        text = f"SELECT * WHERE {{ ?s ?p '{i:08d}{'x' * (size - 40)}' }}"
        guard.check(text, graphs=set())
        guard.query_form(text), boolean_variables(text), distinct(text)

    run_all(-1)  # caches and imports warm
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(600):
        run_all(i)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert held < 16 * 1024 * 1024, f"600 texts of {size} characters left {held / 2**20:.1f} MB held"


# -- the grammar-aware fuzzer -----------------------------------------------------

def fuzz(cases: int) -> settings:
    return settings(max_examples=cases, derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck))


ESCAPES = ["\\#", "\\'", '\\"', "\\.", "%41", "\\\\", "\\-", "\\~", "\\;", "\\(", "\\)", ".b", ":c"]
STRINGS = ["'#'", '"#"', "'\\''", '"\\""', "'''a'b''c'''", '"""a\n"b"""', "'''#\n'''", '"""\'\'\'"""',
           "'\\u0027'", "'\\u0023'", '"\\u0022"', "'\\\\u0027'", "'a\\u005C'", "'\\n#'", '"\\r"']
COMMENTS = ["# x\n", "# x\r", "# ' \n", "#'''\r", '# " \r\n', "# \\u000A \n", "#\n"]
TAILS = ["", "#'", '#"', "#'''", '# """', "# '", "#\\u0027"]
GLUES = [" ", "", "\n", "\r", "\t", " # c\n", " # c\r"]
TARGETS = [f"<{NOWHERE}>", ":", ":x", "s:x", "<http://127.0.0.1:\\u0039/>"]
SERVICES = ["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "SERV\\u0049CE"]
LOADS = ["LOAD", "load", "\\u004cOAD"]

FRAGMENT = st.one_of(
    st.builds("BIND(e:a{} AS ?h) ".format, st.sampled_from(ESCAPES)),
    st.builds("?s ?p e:a{} . ".format, st.sampled_from(ESCAPES)),
    st.builds("BIND({} AS ?h) ".format, st.sampled_from(STRINGS)),
    st.sampled_from(COMMENTS),
    st.sampled_from(["BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b#>)'''\n) ", "BIND(1 AS ?a) BIND(?a<'>)' AS ?c) ",
                     "FILTER(?a<?b&&?c>?d) ", "?s ?p e: . ", "?s ?p e:a. ", "?s ?p true", "?s ?p false ",
                     "?s ?p e:o . ", "OPTIONAL { ?s ?p ?o } "]),
)
WRAPPERS = ["{{ {} }}", "OPTIONAL {{ {} }}", "MINUS {{ {} }}", "{{ }} UNION {{ {} }}", "FILTER EXISTS {{ {} }}",
            "FILTER NOT EXISTS {{ {} }}", "GRAPH ?g {{ {} }}", "GRAPH e:g {{ {} }}", "{{ SELECT * WHERE {{ {} }} }}"]


class Case(NamedTuple):
    """A text that hides SERVICE or LOAD, its kind, and the same text with a harmless clause instead."""

    text: str
    kind: str
    control: str


@st.composite
def service_queries(draw) -> Case:
    """A query whose SERVICE hides behind lexical forms (strings, escapes, comments, glue)."""
    before = "".join(draw(st.lists(FRAGMENT, min_size=0, max_size=3)))
    clause = draw(st.sampled_from(SERVICES)) + draw(st.sampled_from(GLUES)) + draw(st.sampled_from(TARGETS)) + " { }"
    wrappers = draw(st.lists(st.sampled_from(WRAPPERS), max_size=2))
    glue, tail = draw(st.sampled_from(GLUES)), draw(st.sampled_from(TAILS))
    form = draw(st.sampled_from(["SELECT * WHERE {{ {} }}", "ASK {{ {} }}", "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {} }}",
                                 "INSERT {{ e:s e:p e:o }} WHERE {{ {} }}", "DELETE {{ ?s ?p ?o }} WHERE {{ {} }}"]))

    def write(clause: str) -> str:
        for wrapper in wrappers:
            clause = wrapper.format(clause)
        return PROLOGUE + form.format(before + glue + clause + " " + tail + "\n")

    kind = "update" if form.startswith(("INSERT", "DELETE")) else "query"
    return Case(write(clause), kind, write("{ ?s ?p ?o }"))


@st.composite
def load_updates(draw) -> Case:
    """Several update operations separated by ``;``, one of them a LOAD behind lexical forms."""
    data = draw(st.sampled_from([f"e:a{e}" for e in ESCAPES] + STRINGS))
    first = draw(st.sampled_from([f"INSERT DATA {{ e:s e:p {data} }}", "CLEAR ALL",
                                  f"INSERT {{ e:s e:p {data} }} WHERE {{ ?s ?p ?o }}"]))
    load = draw(st.sampled_from(LOADS)) + draw(st.sampled_from(GLUES)) + draw(st.sampled_from(TARGETS))
    if draw(st.booleans()):
        load += " INTO GRAPH e:g"
    comment, tail, last = draw(st.sampled_from(COMMENTS)), draw(st.sampled_from(TAILS)), draw(st.booleans())

    def write(operation: str) -> str:
        ops = [first, comment + operation + " " + tail + "\n"] + (["CLEAR DEFAULT"] if last else [])
        return PROLOGUE + " ;\n".join(ops)

    return Case(write(load), "update", write("CLEAR SILENT GRAPH e:h"))


CASES = st.one_of(service_queries(), service_queries(), load_updates())


def test_whatever_reaches_the_engine_the_guard_refuses(capsys):
    """pyoxigraph as the oracle: each case it parses and runs up to SERVICE/LOAD, the guard blocks."""
    seen = Counter()

    @fuzz(3000)
    @given(case=CASES)
    def run(case):
        reached = engine_reaches_out(case.text, case.kind)
        seen["cases"] += 1
        seen["parsed by pyoxigraph"] += reached is not None
        seen["reached SERVICE/LOAD"] += bool(reached)
        if reached:
            assert blocked(case.text), repr(case.text)
        if engine_reaches_out(case.control, case.kind) is not None:
            seen["controls parsed by pyoxigraph"] += 1
            seen["of which the guard blocks"] += blocked(case.control)

    run()
    with capsys.disabled():
        print(f"\nengine fuzzer: {dict(seen)}")
    assert seen["reached SERVICE/LOAD"] >= seen["cases"] // 5, "the fuzzer builds texts the engine runs"
    assert seen["of which the guard blocks"] <= seen["controls parsed by pyoxigraph"] // 10, "few false alarms"


HAND_WRITTEN = [
    *(t.replace("{url}", NOWHERE) for t in EXPLOITS.values()),
    *(t.replace("{url}", NOWHERE) for t in LOAD_EXPLOITS.values()),
    "SELECT * WHERE { \\u0053ERVICE <http://x/> { } }",
    "SELECT * WHERE { SERV\\u0049CE <http://x/> { } }",
    "SELECT * WHERE { BIND('\\u0027 AS ?a) SERVICE <http://x/> { } } #'",
    "SELECT * WHERE { BIND(\"a\\u0022 AS ?a) SERVICE <http://x/> { } } #\"",
    "SELECT * WHERE { # \\u000A SERVICE <http://x/> { }\n}",
    "SELECT * WHERE { # \\u000D SERVICE <http://x/> { }\n}",
    "SELECT * WHERE { BIND('''a''\\' SERVICE''' AS ?a) SERVICE <http://x/> { } }",
    "SELECT * WHERE { BIND(\"\"\"#\"\"\" AS ?a) SERVICE <http://x/> { } }",
    "SELECT * WHERE { ?s ?p ?o . SERVICE\t\r\n<http://x/>{} }",
    "SELECT * WHERE { { SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://x/> { } } } } }",
    "PREFIX e: <http://e/> SELECT * WHERE { ?s ?p e:a\\\\ SERVICE <http://x/> { } }",
    "PREFIX e: <http://e/> SELECT * WHERE { ?s ?p e:a%4 SERVICE <http://x/> { } }",
    "PREFIX e: <http://e/> SELECT * WHERE { ?s e:p\\# ?o . FILTER NOT EXISTS { SERVICE <http://x/> { } } }",
    "LOAD <http://x/> ; CLEAR ALL",
    "CLEAR ALL ; # \\u000A LOAD <http://x/>\n",
    "INSERT DATA { <http://e/s> <http://e/p> '''\\u0027''' } ; LOAD <http://x/>",
    "PREFIX e: <http://e/> DELETE { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p e:a\\' } MINUS { SERVICE <http://x/> { } } } #'",
]


def test_whatever_rdflib_reads_as_service_or_load_the_guard_refuses(capsys):
    """rdflib's parser as the oracle, on the fuzzer's texts and on hand-written ones."""
    seen = Counter()

    def judge(text: str, kind: str, source: str) -> None:
        names = rdflib_sees(text, kind)
        seen[f"{source}: cases"] += 1
        seen[f"{source}: parsed by rdflib"] += names is not None
        if names and REMOTE & names:
            seen[f"{source}: SERVICE/LOAD in rdflib's tree"] += 1
            assert blocked(text), repr(text)

    for text in HAND_WRITTEN:
        judge(text, "update" if "SELECT" not in text else "query", "hand-written")

    @fuzz(1500)
    @given(case=CASES)
    def run(case):
        judge(case.text, case.kind, "fuzzer")

    run()
    with capsys.disabled():
        print(f"\nrdflib differential: {dict(seen)}")
    assert seen["hand-written: SERVICE/LOAD in rdflib's tree"] >= 10
    assert seen["fuzzer: SERVICE/LOAD in rdflib's tree"] >= 150


# -- against a live server ----------------------------------------------------------

def run_unguarded(text: str, kind: str) -> None:
    """Run on pyoxigraph with no guard, ignoring how it fails (the listener is the witness)."""
    try:
        engine_reaches_out(text, kind)
    except OSError:
        pass


@pytest.mark.parametrize("name", sorted(EXPLOITS))
def test_the_live_server_refuses_each_exploit_without_any_connection(server, listener, name):
    text = EXPLOITS[name].replace("{url}", listener.url)
    run_unguarded(text, "query")
    assert listener.seen, "the control: pyoxigraph, unguarded, connects to the listener"
    listener.seen.clear()
    for via in ("get", "form", "direct"):
        response = send(server, via, text)
        assert response.status_code == 400, response.text
        assert error_code(response) == "refused" and "SERVICE" in response.json()["error"]["message"]
    assert listener.others() == [], "the check let a connection through"


@pytest.mark.parametrize("name", sorted(LOAD_EXPLOITS))
def test_the_live_server_refuses_each_hidden_load_without_any_connection(writer, listener, name):
    text = LOAD_EXPLOITS[name].replace("{url}", listener.url)
    run_unguarded(text, "update")
    assert listener.seen, "the control: pyoxigraph, unguarded, connects to the listener"
    listener.seen.clear()
    response = send(writer, "direct", text, "update", {"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400, response.text
    assert error_code(response) == "refused" and "LOAD" in response.json()["error"]["message"]
    assert listener.others() == [], "the check let a connection through"


def test_the_live_server_refuses_deep_nesting_and_keeps_answering(server):
    response = send(server, "direct", nested(20_000))
    assert response.status_code == 400, response.text
    assert error_code(response) == "refused"
    assert "the limit is 128" in response.json()["error"]["message"]
    assert send(server, "direct", nested(100)).json()["boolean"] is True
