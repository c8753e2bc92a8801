"""Refuse what would make the engine reach outside the store, or overflow it.

pyoxigraph follows ``SERVICE <http://...>`` to the network, and both engines
would fetch a ``LOAD``; a public endpoint must do neither. The check reads the
text by the grammar's own terminals (:mod:`cxkg.store.sparql_lexer`), in every
reading an engine may take: as written, with its ``\\u`` escapes decoded
(SPARQL 1.1, section 19.2), and with an IRI's ``<`` read as "less than". A
keyword inside a string, an IRI or a comment is harmless; text that cannot be
read is a :class:`SyntaxError`, refused before any engine sees it.

pyoxigraph reads keywords with no word boundary (``SERVICEe:x`` is ``SERVICE
e:x``, ``trueSERVICE`` is ``true SERVICE``), so a word, a language tag or a
prefix that merely contains ``SERVICE`` or ``LOAD`` is refused too.

``FROM`` and ``FROM NAMED`` may only name graphs the store holds: they select
graphs, they never fetch. Brackets and braces may nest only
``Settings.nesting_limit`` deep: the engine's parser recurses on them, and
20,000 nested parentheses crash it.

>>> check("SELECT * WHERE { ?s ?p 'SERVICE' }", graphs=set())
>>> try:
...     check("SELECT * WHERE { SERVICE <http://x.example/sparql> { ?s ?p ?o } }", graphs=set())
... except Refused as refusal:
...     print(refusal)
SERVICE is refused: this endpoint never queries other services
>>> try:
...     check("PREFIX e: <http://e/> SELECT * { BIND(e:a\\\\# AS ?z) SERVICE <http://x.example/> {} }")
... except Refused as refusal:
...     print(refusal)
SERVICE is refused: this endpoint never queries other services
>>> check("SELECT * FROM <http://x.example/g> WHERE { ?s ?p ?o }", graphs={"http://x.example/g"})
>>> try:
...     check("ASK { FILTER(" + "(" * 200 + "1" + ")" * 200 + ") }")
... except Refused as refusal:
...     print(refusal)
the query nests brackets and braces 202 deep; the limit is 128
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

import pyoxigraph as ox

from cxkg.config import Settings
from cxkg.store.sparql_lexer import CODEPOINT, TOKEN, Token, decodings, detours, lex, nesting
from cxkg.store.text_cache import small_text_cache

#: Keywords refused wherever an engine may read them as keywords.
FORBIDDEN = {
    "SERVICE": "SERVICE is refused: this endpoint never queries other services",
    "LOAD": "LOAD is refused: this endpoint never fetches remote data",
}
LOCAL_ESCAPE = re.compile(r"\\(.)")
#: A quick test that a text may hold a forbidden keyword at all.
KEYWORDS = re.compile("|".join(FORBIDDEN), re.IGNORECASE)
FROM = re.compile("FROM", re.IGNORECASE)


class Refused(ValueError):
    """The request asks for something a safe endpoint does not do."""


@dataclass(frozen=True)
class Reading:
    """What the check learns from a text: why it is refused (if it is), how deep it nests."""

    reason: str | None
    depth: int


@small_text_cache
def read(text: str) -> Reading:
    """Read ``text`` in every reading an engine may take.

    :raises SyntaxError: when a reading has text no terminal matches.
    """
    reason, depth = None, 0
    for i, version in enumerate([text, *decodings(text)]):
        try:
            primary = lex(version)
            others = detours(version, primary)
            depth = max(depth, nesting(version, primary, others))
        except SyntaxError as error:
            if i == 0:
                raise
            raise SyntaxError(f"{error.msg}, once its \\u escapes are replaced (SPARQL 1.1, section 19.2)") from None
        if not reason and KEYWORDS.search(version):
            reason = refusal(primary) or refusal(t for path in others for t in path.tokens)
    return Reading(reason, depth)


def refusal(found: Iterable[Token]) -> str | None:
    """Why these tokens are refused: a word, language tag or prefix that holds a forbidden keyword."""
    for token in found:
        if token.kind in ("word", "langtag"):
            name = token.text.upper()
        elif token.kind == "pname":
            name = token.text.partition(":")[0].upper()
        else:
            continue
        for keyword, reason in FORBIDDEN.items():
            if keyword in name:
                return reason
    return None


def forbidden(text: str) -> str | None:
    """Why ``text`` is refused whatever the store holds, if it is.

    Cached for short texts: a service sends the same catalogue texts again and again.

    :raises SyntaxError: for text that cannot be read.
    """
    return read(text).reason


def check(text: str, graphs: Iterable[str] | None = None, nesting_limit: int = Settings.nesting_limit) -> None:
    """Raise unless ``text`` is safe to give an engine.

    :param text: a SPARQL query or update.
    :param graphs: the IRIs of the graphs the store holds; ``None`` skips the
        ``FROM`` check (for an update, whose ``USING`` names graphs the same way,
        and for a query whose protocol dataset replaces its ``FROM``).
    :param nesting_limit: how deep brackets and braces may nest (``Settings.nesting_limit``).
    :raises SyntaxError: for text that cannot be read.
    :raises Refused: naming what was refused, or the nesting limit. (Not a
        subclass: a query process reports an error by its class's name, and
        the web service answers ``Refused`` with 400, code ``refused``.)
    """
    reading = read(text)
    if reading.reason:
        raise Refused(reading.reason)
    if reading.depth > nesting_limit:
        raise Refused(f"the query nests brackets and braces {reading.depth} deep; the limit is {nesting_limit}")
    iris = dataset_iris(text) if graphs is not None else []
    known = set(graphs) if iris else set()
    for iri in iris:
        if iri not in known:
            raise Refused(
                f"FROM <{iri}> is refused: it is not a graph of this dataset, "
                "and this endpoint never fetches remote graphs"
            )


def tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) for each token, comments dropped; unreadable characters skipped.

    For the helpers that run on text the check has passed (or will refuse).
    """
    for match in TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind != "comment":
            yield kind, match.group()


@small_text_cache
def query_form(text: str) -> str | None:
    """The form of a query: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

    >>> query_form("PREFIX s: <http://e/select> # SELECT" + chr(10) + "ask { }")
    'ASK'
    """
    for kind, value in tokens(text):
        if kind == "word" and value.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return value.upper()
    return None


@small_text_cache
def dataset_clauses(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The graphs of the ``FROM`` and of the ``FROM NAMED`` clauses (prefixes expanded).

    >>> dataset_clauses("PREFIX g: <http://e/> SELECT * FROM g:a\\\\# FROM NAMED <http://e/\\\\u0062> {}")
    (('http://e/a#',), ('http://e/b',))
    """
    default, named, prefixes = [], [], {}
    if not FROM.search(text):
        return (), ()
    stream = list(tokens(text))
    for i, (kind, value) in enumerate(stream):
        if kind == "word" and value.upper() == "PREFIX" and i + 2 < len(stream):
            prefixes[stream[i + 1][1]] = expand(stream[i + 2], {})
        if kind == "word" and value.upper() == "FROM" and i + 1 < len(stream):
            is_named = stream[i + 1][1].upper() == "NAMED"
            j = i + 2 if is_named else i + 1
            if j < len(stream):
                (named if is_named else default).append(expand(stream[j], prefixes))
    return tuple(default), tuple(named)


def dataset_iris(text: str) -> tuple[str, ...]:
    """Every graph a ``FROM`` or ``FROM NAMED`` clause names.

    >>> dataset_iris("PREFIX g: <http://e/> SELECT * FROM g:a FROM NAMED <http://e/b> {}")
    ('http://e/a', 'http://e/b')
    """
    default, named = dataset_clauses(text)
    return default + named


def expand(token: tuple[str, str], prefixes: dict[str, str]) -> str:
    """The IRI an IRI or prefixed name stands for (escapes read; an unknown prefix kept as written)."""
    kind, value = token
    if kind == "iri":
        return CODEPOINT.sub(lambda m: chr(min(int(m.group(1) or m.group(2), 16), 0x10FFFF)), value[1:-1])
    if kind == "pname":
        prefix, _, local = value.partition(":")
        return prefixes.get(prefix + ":", prefix + ":") + LOCAL_ESCAPE.sub(r"\1", local)
    return value


@small_text_cache
def reads_named_graphs(text: str) -> bool:
    """Whether a query may read named graphs: it has a ``GRAPH`` pattern, or is a
    ``DESCRIBE`` (whose description the engine may gather from any graph).

    >>> reads_named_graphs("SELECT ?graph WHERE { ?graph <http://e/GRAPH> 'GRAPH' }"), reads_named_graphs("ASK { graph ?g {} }")
    (False, True)
    """
    return has_keyword(text, ("GRAPH", "DESCRIBE"))


def has_dataset_clause(text: str) -> bool:
    """Whether an update names its own dataset (``USING``/``WITH``)."""
    return has_keyword(text, ("USING", "WITH"))


def has_keyword(text: str, keywords: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``keywords`` (upper case) as a keyword, not in a string, IRI or comment.

    >>> has_keyword("INSERT DATA { <http://e/DELETE> <http://e/p> 'DROP' } # CLEAR", ("DELETE", "DROP", "CLEAR"))
    False
    """
    return any(kind == "word" and value.upper() in keywords for kind, value in tokens(text))


def valid(iri: str) -> str:
    """``iri`` if it is an absolute IRI that can stand between ``<>``.

    :raises Refused: otherwise.
    """
    try:
        return ox.NamedNode(iri).value
    except ValueError as error:
        raise Refused(f"not a valid graph IRI: {iri!r} ({error})") from None


def add_using(update: str, default: list[str], named: list[str]) -> str:
    """Give each ``... WHERE`` operation of an update the protocol's dataset.

    The SPARQL 1.1 Protocol's ``using-graph-uri``/``using-named-graph-uri`` act as
    ``USING``/``USING NAMED`` on every operation with a ``WHERE`` clause.

    >>> add_using("INSERT { ?s a <t> } WHERE { ?s ?p ?o }", ["http://e/g"], [])
    'INSERT { ?s a <t> } USING <http://e/g> WHERE { ?s ?p ?o }'
    """
    default, named = [valid(i) for i in default], [valid(i) for i in named]
    clause = " ".join([f"USING <{iri}>" for iri in default] + [f"USING NAMED <{iri}>" for iri in named])
    out, depth, last, previous = [], 0, 0, ""
    for match in TOKEN.finditer(update):
        value = match.group()
        if value == "{":
            depth += 1
        elif value == "}":
            depth -= 1
        elif match.lastgroup == "word" and value.upper() == "WHERE" and depth == 0 and previous != "DELETE":
            out.append(update[last : match.start()] + clause + " ")
            last = match.start()
        if match.lastgroup != "comment":
            previous = value.upper()
    return "".join(out) + update[last:]
