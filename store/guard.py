"""Refuse what would make the engine reach outside the store.

pyoxigraph follows ``SERVICE <http://...>`` to the network, and both engines
would fetch a ``LOAD``; a public endpoint must do neither. The check is lexical
(strings, IRIs and comments are skipped, so a keyword inside a literal is
harmless) and runs before any text reaches an engine, embedded or remote.

``FROM`` and ``FROM NAMED`` may only name graphs the store holds: they select
graphs, they never fetch.

>>> check("SELECT * WHERE { ?s ?p 'SERVICE' }", graphs=set())
>>> try:
...     check("SELECT * WHERE { SERVICE <http://x.example/sparql> { ?s ?p ?o } }", graphs=set())
... except Refused as refusal:
...     print(refusal)
SERVICE is refused: this endpoint never queries other services
>>> check("SELECT * FROM <http://x.example/g> WHERE { ?s ?p ?o }", graphs={"http://x.example/g"})
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

import pyoxigraph as ox

#: One SPARQL token: what may hide a keyword (strings, IRIs, comments) comes first.
TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][\w\u00b7-\U000effff]+)
  | (?P<pname>[A-Za-z\u00c0-\U000effff][\w.\-\u00b7-\U000effff]*?:[\w.\-:%\\\u00b7-\U000effff]*|:[\w.\-:%\\\u00b7-\U000effff]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>\S)
    """,
    re.VERBOSE,
)

#: Keywords refused wherever they appear as keywords.
FORBIDDEN = {
    "SERVICE": "SERVICE is refused: this endpoint never queries other services",
    "LOAD": "LOAD is refused: this endpoint never fetches remote data",
}


class Refused(ValueError):
    """The request asks for something a safe endpoint does not do."""


def tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) for each token, comments dropped."""
    for match in TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind != "comment":
            yield kind, match.group()


@lru_cache(maxsize=512)
def query_form(text: str) -> str | None:
    """The form of a query: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

    >>> query_form("PREFIX s: <http://e/select> # SELECT" + chr(10) + "ask { }")
    'ASK'
    """
    for kind, value in tokens(text):
        if kind == "word" and value.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return value.upper()
    return None


@lru_cache(maxsize=512)
def dataset_clauses(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The graphs of the ``FROM`` and of the ``FROM NAMED`` clauses (prefixes expanded).

    >>> dataset_clauses("PREFIX g: <http://e/> SELECT * FROM g:a FROM NAMED <http://e/b> {}")
    (('http://e/a',), ('http://e/b',))
    """
    default, named, prefixes = [], [], {}
    stream = list(tokens(text))
    for i, (kind, value) in enumerate(stream):
        if kind == "word" and value.upper() == "PREFIX" and i + 2 < len(stream):
            prefixes[stream[i + 1][1]] = stream[i + 2][1][1:-1]
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
    kind, value = token
    if kind == "iri":
        return value[1:-1]
    if kind == "pname":
        prefix, _, local = value.partition(":")
        return prefixes.get(prefix + ":", prefix + ":") + local
    return value


def check(text: str, graphs: Iterable[str] | None = None) -> None:
    """Raise :class:`Refused` if ``text`` would reach outside the store.

    :param text: a SPARQL query or update.
    :param graphs: the IRIs of the graphs the store holds; ``None`` skips the
        ``FROM`` check (for an update, whose ``USING`` names graphs the same way,
        and for a query whose protocol dataset replaces its ``FROM``).
    :raises Refused: naming what was refused.
    """
    reason = forbidden(text)
    if reason:
        raise Refused(reason)
    iris = dataset_iris(text) if graphs is not None else []
    known = set(graphs) if iris else set()
    for iri in iris:
        if iri not in known:
            raise Refused(
                f"FROM <{iri}> is refused: it is not a graph of this dataset, "
                "and this endpoint never fetches remote graphs"
            )


@lru_cache(maxsize=512)
def forbidden(text: str) -> str | None:
    """Why ``text`` is refused whatever the store holds, if it is.

    Cached: a service sends the same catalogue texts again and again.
    """
    for kind, value in tokens(text):
        if kind == "word" and value.upper() in FORBIDDEN:
            return FORBIDDEN[value.upper()]
    return None


def has_dataset_clause(text: str, keywords: tuple[str, ...] = ("USING", "WITH")) -> bool:
    """Whether an update names its own dataset (``USING``/``WITH``)."""
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
