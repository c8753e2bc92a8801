"""Prepare SPARQL text for a remote store: bound values, base IRI, dataset.

A remote endpoint has no pre-binding (pyoxigraph's ``substitutions``), so a
bound variable becomes a one-row ``VALUES`` block put first in the query's
outermost ``WHERE`` group: every pattern, ``FILTER``, ``OPTIONAL`` and
``EXISTS`` of that group sees the value, as with pre-binding. The place is
found with the tokenizer of :mod:`cxkg.store.guard` (strings, IRIs and comments
are skipped), and each term is written in its N-Triples form by pyoxigraph,
which escapes it: an IRI cannot hold ``>`` or spaces, a literal's quotes and
newlines are escaped, so a value can never close the block or add syntax.

>>> import pyoxigraph as ox
>>> bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": ox.Literal('a" } DROP ALL #')})
'SELECT ?x WHERE { VALUES (?o) { ("a\\\\" } DROP ALL #") } ?x ?p ?o }'
>>> sorted(boolean_variables("SELECT (COUNT(?x) > 1 AS ?many) (COUNT(?x) AS ?n) { BIND(EXISTS { ?a ?b ?c } AS ?e) }"))
['e', 'many']
"""

from __future__ import annotations

from typing import Mapping

import pyoxigraph as ox

from cxkg.store.guard import TOKEN, query_form, tokens
from cxkg.store.text_cache import small_text_cache

#: Functions whose value is always a boolean.
BOOLEAN_CALLS = frozenset({
    "EXISTS", "NOT", "BOUND", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX",
    "CONTAINS", "STRSTARTS", "STRENDS", "SAMETERM", "LANGMATCHES", "ISTRIPLE",
})
#: Operators whose value is a boolean when they stand outside any parentheses.
BOOLEAN_OPERATORS = frozenset({"=", "<", ">", "&", "|", "IN"})
OPENERS, CLOSERS = "({[", ")}]"


def where_brace(text: str) -> int:
    """Offset just after the ``{`` that opens the query's outermost ``WHERE`` group.

    :raises SyntaxError: when the text has no such group.
    """
    depth, after_where, seen_form = 0, False, False
    for match in TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "word" and value.upper() in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
            seen_form = True
        if kind == "word" and value.upper() == "WHERE" and depth == 0:
            after_where = True
        if value == "{" and depth == 0 and (after_where or (seen_form and query_form(text[: match.start()]) != "CONSTRUCT")):
            return match.end()
        depth += (value in OPENERS) - (value in CLOSERS)
    raise SyntaxError("the query has no WHERE group to bind its parameters in")


def term_text(term: ox.NamedNode | ox.Literal) -> str:
    """A term in N-Triples syntax (escaped by pyoxigraph).

    :raises ValueError: for a blank node, which ``VALUES`` cannot hold.
    """
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise ValueError(f"only IRIs and literals can be bound on a remote store, not {term!r}")
    return str(term)


def bind_values(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None) -> str:
    """``text`` with ``bindings`` as a ``VALUES`` block opening its ``WHERE`` group.

    :raises SyntaxError: when the text has no ``WHERE`` group.
    :raises ValueError: for a variable name or a term that cannot be bound.
    """
    if not bindings:
        return text
    names = list(bindings)
    for name in names:
        ox.Variable(name)  # raises ValueError unless a valid variable name
        if not name.isidentifier():
            raise ValueError(f"not a variable name: {name!r}")
    where = where_brace(text)
    block = " VALUES ({}) {{ ({}) }}".format(
        " ".join(f"?{n}" for n in names), " ".join(term_text(bindings[n]) for n in names)
    )
    return text[:where] + block + text[where:]


def with_base(text: str, base_iri: str | None) -> str:
    """``text`` with a leading ``BASE`` (a ``BASE`` of the query itself comes later and wins)."""
    if not base_iri:
        return text
    return f"BASE {ox.NamedNode(base_iri)}\n{text}"


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
