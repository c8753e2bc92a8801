"""Bound variables written into a query's text as constants (SEP-0007's pre-binding).

pyoxigraph's optimiser plans a query before it sees its ``substitutions``: a
pattern whose subject is pre-bound is planned as if it were free, and runs
hundreds of times slower than the same pattern with the IRI written in. So a
bound variable is replaced by its term everywhere, as SEP-0007 defines
pre-binding, and stays in the results: a ``SELECT`` that projects ``?v`` projects
``(<term> AS ?v)`` instead, unless a sub-select of its ``WHERE`` already projects
``?v`` (then ``?v`` stays: writing it again would bind it twice). ``?v`` alone in
``GROUP BY`` or ``ORDER BY`` becomes ``(<term>)``, which the grammar takes there.

The text is read into the grammar's terminals (:mod:`cxkg.store.sparql_lexer`),
so a ``?v`` in a string, an IRI or a comment is never touched; each term is
written by pyoxigraph, which escapes it. What cannot be written in safely is
refused with :class:`CannotWriteIn`: ``?v`` as a ``BIND``/``AS`` target, in
``VALUES``, in ``BOUND``, behind a ``SELECT *`` that would lose it, a literal
after ``GRAPH``, or a text the engine may read otherwise than the lexer.

>>> import pyoxigraph as ox
>>> write_in("SELECT ?v ?o WHERE { ?v ?p ?o . FILTER(?o != '?v') } # ?v", {"v": ox.NamedNode("http://e/a")})
"SELECT (<http://e/a> AS ?v) ?o WHERE { <http://e/a> ?p ?o . FILTER(?o != '?v') } # ?v"
>>> write_in("SELECT ?v { { SELECT $v { ?s ?p $v } } }", {"v": ox.Literal("x")})
'SELECT ?v { { SELECT ("x" AS $v) { ?s ?p "x" } } }'
>>> try:
...     write_in("SELECT ?o { BIND(1 AS ?v) }", {"v": ox.Literal("x")})
... except CannotWriteIn as refusal:
...     print(refusal)
?v is the target of AS at line 1, column 23: it cannot be bound beforehand
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

import pyoxigraph as ox

from cxkg.store.sparql_lexer import Token, decodings, lex, nesting, where

#: Keywords that end a ``GROUP BY`` or ``ORDER BY`` list.
AFTER_CONDITIONS = frozenset({"HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"})
#: Keywords whose group is not part of the enclosing pattern's scope.
HIDING = frozenset({"EXISTS", "MINUS"})


class CannotWriteIn(ValueError):
    """A binding that cannot be written into the text with the same meaning."""


@dataclass
class Select:
    """One ``SELECT`` clause: what it projects and the sub-selects in its scope."""

    star: bool = False
    plain: set[str] = field(default_factory=set)
    children: list["Select"] = field(default_factory=list)

    def in_scope(self, name: str) -> bool:
        """Whether a sub-select of this clause's ``WHERE`` (not inside EXISTS or MINUS) projects ``?name``."""
        return any(child.projects(name) for child in self.children)

    def projects(self, name: str) -> bool:
        return name in self.plain or (self.star and self.in_scope(name))


@dataclass
class Outline:
    """Where each variable token stands: its role, and the ``SELECT`` whose projection holds it."""

    roles: dict[int, str] = field(default_factory=dict)
    owners: dict[int, Select] = field(default_factory=dict)
    stars: list[Select] = field(default_factory=list)


def write_in(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """``text`` with each bound variable replaced by its term, as SEP-0007 pre-binds.

    :raises CannotWriteIn: where the replacement would not mean the same.
    :raises SyntaxError: for text the lexer cannot read.
    """
    if not bindings:
        return text
    terms = {name: term_text(name, term) for name, term in bindings.items()}
    tokens = lex(text)
    nesting(text, tokens)  # raises SyntaxError for a bracket that closes nothing
    check_readings(text, tokens, terms)
    outline = read_outline(tokens)
    used = {t.text[1:] for t in tokens if t.kind == "var"} & set(terms)
    for select in outline.stars:
        lost = [n for n in sorted(used) if not select.in_scope(n)]
        if lost:
            raise CannotWriteIn(f"SELECT * would no longer give ?{lost[0]}: name the variables instead")
    parts, last = [], 0
    for i, token in enumerate(tokens):
        name = token.text[1:]
        if token.kind != "var" or name not in terms:
            continue
        parts += [text[last:token.start], replacement(text, token, i, terms[name], outline)]
        last = token.start + len(token.text)
    return "".join(parts) + text[last:]


def term_text(name: str, term) -> str:
    """A bound term as pyoxigraph writes it (escaped): IRIs and literals only."""
    ox.Variable(name)  # raises ValueError for a name no variable has
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise CannotWriteIn(f"?{name} is bound to {term!r}: only an IRI or a literal can be written in")
    return str(term)


def replacement(text: str, token: Token, i: int, term: str, outline: Outline) -> str:
    """What one occurrence of a bound variable becomes."""
    role = outline.roles.get(i, "term")
    if role == "projected":
        return token.text if outline.owners[i].in_scope(token.text[1:]) else f"({term} AS {token.text})"
    if role == "condition":
        return f"({term})"
    if role == "graph" and not term.startswith("<"):
        raise CannotWriteIn(f"{token.text} names a graph at {where(text, token.start)}: it cannot be the literal {term}")
    if role in ("target", "values", "bound"):
        what = {"target": "the target of AS", "values": "in VALUES", "bound": "tested by BOUND"}[role]
        raise CannotWriteIn(f"{token.text} is {what} at {where(text, token.start)}: it cannot be bound beforehand")
    return term


def check_readings(text: str, tokens: list[Token], terms: Mapping[str, str]) -> None:
    """Refuse a text the engine may read with other variables than the lexer does.

    An IRI token holding ``?v`` may be read by pyoxigraph as ``<`` then ``?v``
    (see :func:`cxkg.store.sparql_lexer.detours`); ``\\u`` escapes are decoded
    before parsing (:func:`cxkg.store.sparql_lexer.decodings`).
    """
    if not terms:
        return
    named = re.compile("[?$](?:" + "|".join(map(re.escape, terms)) + r")(?![\w\u00b7\u0300-\u036f\u203f\u2040])")
    for token in tokens:
        if token.kind == "iri" and named.search(token.text):
            raise CannotWriteIn(f"the IRI {token.text} at {where(text, token.start)} may be read as a comparison with a bound variable")
    count = lambda found: sum(1 for t in found if t.kind == "var" and t.text[1:] in terms)  # noqa: E731
    if any(count(lex(decoded)) != count(tokens) for decoded in decodings(text)):
        raise CannotWriteIn("a \\u escape in the text spells a bound variable")


def read_outline(tokens: list[Token]) -> Outline:
    """The role of each variable token: projected, target of AS, in VALUES, in BOUND,
    a GROUP BY/ORDER BY condition, a graph name, or (by default) a term."""
    outline = Outline()
    frames: list[tuple[str, Select | None]] = []  # per open bracket: "where", "hide" or "plain", and its SELECT
    pending: Select | None = None
    conditions: int | None = None  # bracket depth of an open GROUP BY / ORDER BY list
    i = 0
    while i < len(tokens):
        token, before = tokens[i], word(tokens, i - 1)
        upper = token.text.upper() if token.kind == "word" else ""
        if upper == "SELECT":
            pending = open_select(frames, outline)
            i = read_projection(tokens, i + 1, pending, outline)
            continue
        if token.text in "({[" and token.kind == "other":
            kind = "where" if pending and token.text == "{" else "hide" if before in HIDING else "plain"
            frames.append((kind, pending))
            pending = None
        elif token.text in ")}]" and token.kind == "other":
            frames.pop()
            if conditions is not None and len(frames) < conditions:
                conditions = None
        elif upper == "BY" and before in ("GROUP", "ORDER"):
            conditions = len(frames)
        elif upper in AFTER_CONDITIONS:
            conditions = None
            if upper == "VALUES":
                i = mark_values(tokens, i + 1, outline)
                continue
        elif token.kind == "var":
            outline.roles[i] = var_role(tokens, i, before, conditions == len(frames))
        i += 1
    return outline


def word(tokens: list[Token], i: int) -> str:
    """The keyword at ``i`` in capitals, or ``""``."""
    return tokens[i].text.upper() if 0 <= i < len(tokens) and tokens[i].kind == "word" else ""


def var_role(tokens: list[Token], i: int, before: str, condition: bool) -> str:
    if before == "AS":
        return "target"
    if before == "GRAPH":
        return "graph"
    if i >= 2 and tokens[i - 1].text == "(" and word(tokens, i - 2) == "BOUND":
        return "bound"
    return "condition" if condition else "term"


def open_select(frames: list[tuple[str, Select | None]], outline: Outline) -> Select:
    """A new ``SELECT``, a child of the one whose ``WHERE`` holds it unless EXISTS or MINUS hides it."""
    select = Select()
    for kind, owner in reversed(frames):
        if kind == "hide":
            break
        if kind == "where":
            owner.children.append(select)
            break
    return select


def read_projection(tokens: list[Token], i: int, select: Select, outline: Outline) -> int:
    """Mark the plain variables a ``SELECT`` projects; the index after its projection."""
    depth = 0
    while i < len(tokens):
        token = tokens[i]
        if depth == 0 and (token.text == "{" or word(tokens, i) in ("WHERE", "FROM")):
            return i
        depth += (token.text == "(") - (token.text == ")")
        if depth == 0 and token.kind == "var":
            select.plain.add(token.text[1:])
            outline.roles[i], outline.owners[i] = "projected", select
        elif token.text == "*" and depth == 0:
            select.star = True
            outline.stars.append(select)
        elif token.kind == "var":
            outline.roles[i] = "target" if word(tokens, i - 1) == "AS" else "term"
        i += 1
    return i


def mark_values(tokens: list[Token], i: int, outline: Outline) -> int:
    """Mark the variables a ``VALUES`` clause names; the index after them."""
    if i < len(tokens) and tokens[i].kind == "var":
        outline.roles[i] = "values"
        return i + 1
    if i < len(tokens) and tokens[i].text == "(":
        i += 1
        while i < len(tokens) and tokens[i].kind == "var":
            outline.roles[i] = "values"
            i += 1
        if i < len(tokens) and tokens[i].text == ")":
            i += 1
    return i
