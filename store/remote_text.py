"""Read SPARQL text for a remote store: base IRI, boolean and IRI columns, ``DISTINCT``.

Bound values are written in as constants, as on the embedded store
(:func:`cxkg.store.prebind.write_in`). What is read here is what a remote
answer needs mended: which columns hold booleans (Virtuoso writes 1 and 0)
or IRIs written in (which it may give back as strings), and whether repeated
rows must be dropped. The text is read with the
tokenizer of :mod:`cxkg.store.guard` (strings, IRIs and comments skipped).

>>> sorted(boolean_variables("SELECT (COUNT(?x) > 1 AS ?many) (COUNT(?x) AS ?n) { BIND(EXISTS { ?a ?b ?c } AS ?e) }"))
['e', 'many']
"""

from __future__ import annotations


import pyoxigraph as ox

from cxkg.store.guard import tokens
from cxkg.store.text_cache import small_text_cache

#: Functions whose value is always a boolean.
BOOLEAN_CALLS = frozenset({
    "EXISTS", "NOT", "BOUND", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX",
    "CONTAINS", "STRSTARTS", "STRENDS", "SAMETERM", "LANGMATCHES", "ISTRIPLE",
})
#: Operators whose value is a boolean when they stand outside any parentheses.
BOOLEAN_OPERATORS = frozenset({"=", "<", ">", "&", "|", "IN"})
OPENERS, CLOSERS = "({[", ")}]"


def with_base(text: str, base_iri: str | None) -> str:
    """``text`` with a leading ``BASE`` (a ``BASE`` of the query itself comes later and wins)."""
    if not base_iri:
        return text
    return f"BASE {ox.NamedNode(base_iri)}\n{text}"


@small_text_cache
def iri_variables(text: str) -> frozenset[str]:
    """Variables a projection binds to an IRI written in, ``(<iri> AS ?v)``.

    Virtuoso 7.2.5 gives some of them back as strings (in cq21's sub-selects,
    with its parameter written in); knowing them lets the remote store give
    them back as IRIs, as the embedded store does.

    >>> sorted(iri_variables("SELECT (<http://e/a> AS ?v) ?w WHERE { { SELECT (<http://e/b> AS $x) {} } BIND(<http://e/c> AS ?y) }"))
    ['v', 'x', 'y']
    """
    stream = list(tokens(text))
    return frozenset(stream[i + 3][1][1:] for i in range(len(stream) - 4)
                     if stream[i][1] == "(" and stream[i + 1][0] == "iri" and stream[i + 2][1].upper() == "AS"
                     and stream[i + 3][0] == "var" and stream[i + 4][1] == ")")


@small_text_cache
def boolean_variables(text: str) -> frozenset[str]:
    """Variables that every ``(expression AS ?v)`` of the query binds to a boolean.

    Virtuoso writes a boolean value as the integer 1 or 0; knowing which
    variables hold booleans lets the remote store give them back as
    ``xsd:boolean``, as the embedded store does.
    """
    stream = list(tokens(text))
    verdicts: dict[str, bool] = {}
    opened: list[int] = []
    for i, (kind, value) in enumerate(stream):
        if value == "(":
            opened.append(i)
        elif value == ")" and opened:
            opened.pop()
        elif kind == "word" and value.upper() == "AS" and opened and i + 1 < len(stream):
            name = stream[i + 1][1][1:]
            verdict = is_boolean(stream[opened[-1] + 1 : i])
            verdicts[name] = verdicts.get(name, True) and verdict
    return frozenset(name for name, verdict in verdicts.items() if verdict)


def is_boolean(expression: list[tuple[str, str]]) -> bool:
    """Whether an expression's value is a boolean, judged from its outermost operator."""
    if not expression:
        return False
    depth, level0 = 0, []
    for kind, value in expression:
        if value in CLOSERS:
            depth -= 1
        if depth == 0:
            level0.append(value.upper() if kind == "word" else value)
        if value in OPENERS:
            depth += 1
    if any(token in BOOLEAN_OPERATORS for token in level0) or level0 in (["TRUE"], ["FALSE"]):
        return True
    first = level0[0]
    return first == "!" or (first in BOOLEAN_CALLS and _single_call(level0))


def _single_call(level0: list[str]) -> bool:
    """A call standing alone: ``F ( ... )``, ``EXISTS { ... }`` or ``NOT EXISTS { ... }``."""
    rest = level0[2:] if level0[:2] == ["NOT", "EXISTS"] else level0[1:]
    return len(rest) == 2 and rest[0] in OPENERS


@small_text_cache
def distinct(text: str) -> bool:
    """Whether the query's outermost form is ``SELECT DISTINCT`` or ``SELECT REDUCED``.

    Virtuoso 7.2 may repeat a row of a ``SELECT DISTINCT`` when some of its
    variables are unbound; the remote store drops such repeats.

    >>> distinct("PREFIX s: <http://e/> SELECT DISTINCT ?x { { SELECT ?x {} } }"), distinct("SELECT ?x {}")
    (True, False)
    """
    stream = [(kind, value.upper()) for kind, value in tokens(text) if kind == "word"]
    for i, (_, value) in enumerate(stream):
        if value in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return value == "SELECT" and i + 1 < len(stream) and stream[i + 1][1] in ("DISTINCT", "REDUCED")
    return False
