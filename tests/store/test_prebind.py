"""Bound variables written in as constants: the text read as the engine reads it, the answers unchanged."""

import pyoxigraph as ox
import pytest

from cxkg.store.prebind import CannotWriteIn, write_in

E = "http://e/"
A, B = ox.NamedNode(E + "a"), ox.NamedNode(E + "b")
P, Q = ox.NamedNode(E + "p"), ox.NamedNode(E + "q")
G = ox.NamedNode(E + "g")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for s, p, o in [(A, P, B), (A, Q, ox.Literal("x")), (B, P, A), (B, Q, ox.Literal("y"))]:
        store.add(ox.Quad(s, p, o, G))
        store.add(ox.Quad(s, p, o))
    return store


def rows(result) -> list[dict]:
    names = [v.value for v in result.variables]
    return sorted(({n: str(row[n]) if row[n] is not None else None for n in names} for row in result), key=str)


def with_values(text: str, bound: dict) -> str:
    """The reference: a one-row VALUES block opening the outermost WHERE group (every text below has one)."""
    at = text.find("WHERE {")
    at = at + len("WHERE {") if at >= 0 else text.index("{") + 1
    names, terms = " ".join(f"?{n}" for n in bound), " ".join(str(t) for t in bound.values())
    return f"{text[:at]} VALUES ({names}) {{ ({terms}) }}{text[at:]}"


SAME_ANSWERS = [
    "SELECT ?v ?o WHERE { ?v ?p ?o }",
    "SELECT ?o WHERE { ?v ?p ?o . FILTER(?v = <http://e/a>) }",
    "SELECT ?v ?n WHERE { { SELECT ?v (COUNT(?o) AS ?n) WHERE { ?v ?p ?o } GROUP BY ?v } }",
    "SELECT ?v (COUNT(?o) AS ?n) WHERE { ?v ?p ?o } GROUP BY ?v ORDER BY ?v",
    "SELECT ?v ?o WHERE { { SELECT ?v ?o { ?v <http://e/p> ?o } } UNION { SELECT ?v ?o { ?o <http://e/p> ?v } } }",
    "SELECT ?s ?v WHERE { GRAPH ?v { ?s ?p ?o } }",
    "SELECT ?x WHERE { ?v ?p ?o BIND(?v AS ?x) }",
    "SELECT ?o WHERE { ?v ?p ?o OPTIONAL { ?o ?p ?v } FILTER NOT EXISTS { ?v <http://e/r> ?o } }",
    "ASK { $v ?p ?o }",
    "CONSTRUCT { ?v ?p ?o } WHERE { ?v ?p ?o }",
]


@pytest.mark.parametrize("text", SAME_ANSWERS)
def test_written_in_gives_the_answers_of_pre_binding(store, text):
    bound = {"v": G if "GRAPH" in text else A}
    written = write_in(text, bound)
    assert "?v" not in written.split("WHERE")[-1] or "AS ?v" in written  # the variable left the patterns
    before = store.query(with_values(text, bound))  # the variable joined with its value first
    after = store.query(written)
    if isinstance(before, ox.QueryBoolean):
        assert bool(before) and bool(after)
    elif isinstance(before, ox.QueryTriples):
        expected = set(before)
        assert expected and set(after) == expected
    else:
        expected = rows(before)
        assert expected, text
        assert rows(after) == expected


def test_a_variable_in_a_string_an_iri_or_a_comment_is_not_touched():
    text = 'SELECT ?o WHERE { ?v ?p "?v $v" . ?o ?p \'\'\'?v\'\'\' } # ?v\n'
    assert write_in(text, {"v": A}) == 'SELECT ?o WHERE { <http://e/a> ?p "?v $v" . ?o ?p \'\'\'?v\'\'\' } # ?v\n'


def test_the_dollar_form_is_the_same_variable():
    assert write_in("SELECT $v { $v ?p ?v }", {"v": B}) == "SELECT (<http://e/b> AS $v) { <http://e/b> ?p <http://e/b> }"


def test_a_literal_is_written_escaped_and_cannot_add_syntax():
    written = write_in("SELECT ?s { ?s ?p ?v }", {"v": ox.Literal('x" } DROP ALL #\n')})
    assert written == 'SELECT ?s { ?s ?p "x\\" } DROP ALL #\\n" }'


def test_the_outer_projection_keeps_the_variable_a_sub_select_projects():
    text = "SELECT ?v ?o { { SELECT ?v ?o { ?v ?p ?o } } ?o ?q ?v }"
    assert write_in(text, {"v": A}) == "SELECT ?v ?o { { SELECT (<http://e/a> AS ?v) ?o { <http://e/a> ?p ?o } } ?o ?q <http://e/a> }"


def test_a_sub_select_inside_exists_brings_nothing_into_scope():
    text = "SELECT ?v { ?s ?p ?o FILTER EXISTS { { SELECT ?v { ?v ?p ?o } } } }"
    assert write_in(text, {"v": A}).startswith("SELECT (<http://e/a> AS ?v) {")


def test_group_by_and_order_by_take_the_term_in_brackets():
    text = "SELECT ?v (COUNT(*) AS ?n) { ?v ?p ?o } GROUP BY ?v ?p ORDER BY ?v DESC(?v)"
    assert write_in(text, {"v": A}) == ("SELECT (<http://e/a> AS ?v) (COUNT(*) AS ?n) { <http://e/a> ?p ?o } "
                                      "GROUP BY (<http://e/a>) ?p ORDER BY (<http://e/a>) DESC(<http://e/a>)")


REFUSED = {
    "SELECT ?o { BIND(1 AS ?v) ?s ?p ?o }": "target of AS",
    "SELECT (1 AS ?v) { ?s ?p ?o }": "target of AS",
    "SELECT ?o { ?s ?p ?o } VALUES ?v { 1 }": "in VALUES",
    "SELECT ?o { VALUES (?o ?v) { (1 2) } }": "in VALUES",
    "SELECT ?o { ?s ?p ?o FILTER(BOUND(?v)) }": "BOUND",
    "SELECT * { ?v ?p ?o }": "SELECT *",
    "SELECT ?s { GRAPH ?v { ?s ?p ?o } }": "names a graph",
    "SELECT ?s { ?s ?p ?o FILTER(?o<?v&&?o>1) }": "comparison",
    "SELECT ?s { ?s ?p <http://e/?v> }": "comparison",
    'SELECT ?s { ?s ?p "\\u0022 . ?s ?p ?v . \\u0022" }': "escape",
}


@pytest.mark.parametrize("text", REFUSED)
def test_what_cannot_be_written_in_safely_is_refused(text):
    term = ox.Literal("x") if "GRAPH" in text else A
    with pytest.raises(CannotWriteIn, match=REFUSED[text]):
        write_in(text, {"v": term})


def test_a_blank_node_is_refused():
    with pytest.raises(CannotWriteIn, match="only an IRI or a literal"):
        write_in("SELECT ?s { ?s ?p ?v }", {"v": ox.BlankNode()})


def test_a_variable_the_text_does_not_use_leaves_it_as_it_is():
    text = "SELECT ?s { ?s ?p ?o } # ?v"
    assert write_in(text, {"v": A}) == text


def test_a_bracket_that_closes_nothing_is_a_syntax_error():
    with pytest.raises(SyntaxError, match="closes no bracket"):
        write_in("SELECT ?s { ?s ?p ?v } }", {"v": A})
