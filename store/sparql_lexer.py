"""SPARQL text as the grammar's own terminals (SPARQL 1.1 Query, section 19.8).

The guard must see every keyword the engine sees, so this lexer reads tokens as
the grammar defines them: ``PN_LOCAL`` takes ``\\#``, ``\\'`` and ``%41``
(``PLX``), a comment runs from ``#`` to the next ``\\n`` or ``\\r``, strings
take ``ECHAR`` and the ``\\u`` escapes pyoxigraph reads in them. What it cannot
read (an unterminated string, a stray backslash, a character the grammar does
not know) is a :class:`SyntaxError`, never skipped.

>>> [t.text for t in lex("PREFIX e: <http://e/> SELECT * { BIND(e:a\\\\# AS ?z) SERVICE <x> {} }")]
['PREFIX', 'e:', '<http://e/>', 'SELECT', '*', '{', 'BIND', '(', 'e:a\\\\#', 'AS', '?z', ')', 'SERVICE', '<x>', '{', '}', '}']
>>> lex("SELECT * { ?s ?p 'open }")
Traceback (most recent call last):
...
SyntaxError: cannot read the query at line 1, column 18: an unterminated string

Two facts of the engine shape what else is read:

- pyoxigraph reads ``<`` after an operand as "less than" where a lexer reads an
  IRI: in ``FILTER(?a<?b#>)`` it sees ``?a < ?b`` and a comment. :func:`detours`
  gives those other readings of an IRI that holds ``#`` or ``'``.
- SPARQL 1.1 (section 19.2) replaces ``\\uXXXX`` and ``\\UXXXXXXXX`` in the whole
  text before parsing; :func:`decodings` gives the text so decoded.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterator, NamedTuple

_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f\u2040"
_VARNAME = f"[{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f\u2040]*"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ESC = r"\\[tbnrf\\\"']|" + _UCHAR
_EXP = "[eE][+-]?[0-9]+"

#: One token; group names are the token kinds. Strings, IRIs and comments come
#: first: they are what may hide a keyword.
TOKEN = re.compile("|".join([
    r"(?P<comment>#[^\r\n]*)",
    "(?P<string>"
    f"'''(?:[^'\\\\]++|{_ESC}|'(?!''))*+'''"
    f'|"""(?:[^"\\\\]++|{_ESC}|"(?!""))*+"""'
    f"|'(?:[^'\\\\\\n\\r]++|{_ESC})*+'"
    f'|"(?:[^"\\\\\\n\\r]++|{_ESC})*+")',
    f"(?P<iri><(?:[^<>\"{{}}|^`\\\\\\x00-\\x20]++|{_UCHAR})*+>)",
    f"(?P<var>[?$]{_VARNAME})",
    f"(?P<bnode>_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)",
    f"(?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)",
    r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)",
    f"(?P<number>[0-9]+\\.[0-9]*{_EXP}|\\.[0-9]+{_EXP}|[0-9]+{_EXP}|[0-9]*\\.[0-9]+|[0-9]+)",
    r"(?P<word>[A-Za-z][A-Za-z0-9_]*)",
    r"(?P<other>[{}()\[\];,.=<>!&|+\-*/^?~])",  # one character each, as the helpers expect
]))
#: What the grammar skips between tokens (``WS``): nothing else.
SPACE = re.compile(r"[ \t\r\n]*")
#: Tokens and the space between them, up to the first character no terminal matches.
SCAN = re.compile(r"[ \t\r\n]*(?:" + TOKEN.pattern + r"|(?P<error>[^ \t\r\n](?s:.*)))")
OPENERS, CLOSERS = "({[", ")}]"
BRACKETS = frozenset(OPENERS + CLOSERS)
#: Characters that start a comment or a string when ``<`` is read as an operator.
TURNS = re.compile("[#']")
LINE_BREAK = re.compile("[\r\n]")
CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class Token(NamedTuple):
    """One terminal: its kind (a group name of :data:`TOKEN`), its text, its offset."""

    kind: str
    text: str
    start: int


def where(text: str, pos: int) -> str:
    """``line L, column C`` of an offset, counted as people do (from 1)."""
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


def unreadable(text: str, pos: int) -> SyntaxError:
    """The error for text no terminal of the grammar matches at ``pos``."""
    char = text[pos]
    if char in "'\"":
        what = "an unterminated string"
    elif char == "\\":
        what = "a backslash outside a string, an IRI or an escape of a prefixed name"
    else:
        what = f"the character {char!r}, which SPARQL does not allow here"
    return SyntaxError(f"cannot read the query at {where(text, pos)}: {what}")


def tokens_from(text: str, pos: int = 0) -> Iterator[Token]:
    """Tokens from ``pos`` on, comments included.

    :raises SyntaxError: where no terminal matches.
    """
    end = len(text)
    while True:
        pos = SPACE.match(text, pos).end()
        if pos >= end:
            return
        match = TOKEN.match(text, pos)
        if match is None:
            raise unreadable(text, pos)
        yield Token(match.lastgroup or "other", match.group(), pos)
        pos = match.end()


def lex(text: str) -> list[Token]:
    """Every token of ``text`` but comments.

    :raises SyntaxError: where no terminal matches.
    """
    found = [Token(m.lastgroup, m[m.lastgroup], m.start(m.lastgroup))
             for m in SCAN.finditer(text) if m.lastgroup != "comment"]
    if found and found[-1].kind == "error":
        raise unreadable(text, found[-1].start)
    return found


def turn(token: Token) -> int | None:
    """Where an IRI read as ``<`` (less than) turns into a comment or a string, if it does."""
    if token.kind != "iri":
        return None
    found = TURNS.search(token.text, 1)
    return token.start + found.start() if found else None


class Detour(NamedTuple):
    """Another reading of part of the text: its tokens, and where it rejoins (``None``: it does not)."""

    tokens: list[Token]
    rejoin: int | None


def detours(text: str, primary: list[Token]) -> list[Detour]:
    """The engine's other readings of ``text``, each until it rejoins a reading already made.

    Each starts at the ``#`` or ``'`` inside an IRI (read as a comment or a
    string, as pyoxigraph does after ``?a <``) and goes on until it reaches a
    token start of ``primary`` or of an earlier detour; a detour that meets
    unreadable text ends there, its tokens kept (a stricter check, never a
    weaker one).
    """
    known = {token.start for token in primary}
    todo = [pos for pos in map(turn, primary) if pos is not None]
    breaks = [m.start() for m in LINE_BREAK.finditer(text)] if todo else []
    comments: set[int] = set()  # line ends reached by a detour's comment: the same road on
    out: list[Detour] = []
    while todo:
        pos = todo.pop()
        if pos in known:
            continue
        if text[pos] == "#":
            i = bisect.bisect_left(breaks, pos)
            end = breaks[i] if i < len(breaks) else len(text)
            if end in comments:
                continue
            comments.add(end)
        path: list[Token] = []
        rejoin = None
        try:
            for token in tokens_from(text, pos):
                if token.start in known:
                    rejoin = token.start
                    break
                known.add(token.start)
                path.append(token)
                turned = turn(token)
                if turned is not None and turned not in known:
                    todo.append(turned)
        except SyntaxError:
            pass
        out.append(Detour(path, rejoin))
    return out


def nesting(text: str, primary: list[Token], others: list[Detour] = ()) -> int:
    """How deep ``(``, ``{`` and ``[`` nest, in the deepest reading.

    Brackets inside an IRI count too (read as operators, they are real), and a
    detour carries its extra depth into the rest of the text.

    >>> text = "SELECT * { FILTER((1)) }"
    >>> nesting(text, lex(text))
    3

    :raises SyntaxError: for a closing bracket that closes nothing.
    """
    marks, depths, depth, peak = [-1], [0], 0, 0
    for token in primary:
        if token.kind == "iri":
            peak = max(peak, depth + inner(token.text))
        elif token.kind == "other" and token.text in BRACKETS:
            depth += 1 if token.text in OPENERS else -1
            if depth < 0:
                raise SyntaxError(f"cannot read the query at {where(text, token.start)}: {token.text!r} closes no bracket")
            marks.append(token.start)
            depths.append(depth)
            peak = max(peak, depth)
    after = depths[:]
    for i in range(len(after) - 2, -1, -1):
        after[i] = max(after[i], after[i + 1])
    for path, rejoin in others:
        if not path:
            continue
        start = path[0].start
        depth = depths[bisect.bisect_right(marks, start) - 1] + net(text[text.rfind("<", 0, start) : start])
        for token in path:
            peak = max(peak, depth + inner(token.text) if token.kind == "iri" else depth)
            depth += net(token.text) if token.kind == "other" else 0
        if rejoin is not None:
            i = bisect.bisect_right(marks, rejoin) - 1
            peak = max(peak, after[i] - depths[i] + depth)
    return peak


def net(text: str) -> int:
    """Opening minus closing brackets in ``text``."""
    return sum(text.count(c) for c in OPENERS) - sum(text.count(c) for c in CLOSERS)


def inner(text: str) -> int:
    """The deepest bracket nesting inside an IRI's text."""
    if not any(c in text for c in OPENERS):
        return 0
    depth = peak = 0
    for char in text:
        depth += (char in OPENERS) - (char in CLOSERS)
        peak = max(peak, depth)
    return peak


def decodings(text: str) -> list[str]:
    """``text`` with its ``\\u`` escapes replaced (SPARQL 1.1, section 19.2), in every reading.

    The spec does not say whether ``\\\\u0041`` is an escaped backslash before
    ``u0041`` (as in Java) or a backslash before ``A``: both readings are given
    when they differ. An empty list: there is no escape to decode.

    >>> decodings("\\\\u0053ERVICE")
    ['SERVICE']
    >>> decodings("SELECT")
    []

    :raises SyntaxError: for an escape of no character (over ``\\U0010FFFF``).
    """
    if "\\u" not in text and "\\U" not in text:
        return []

    def decode(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF:
            raise SyntaxError(f"cannot read the query at {where(text, match.start())}: {match.group()} is no character")
        return chr(code)

    every = CODEPOINT.sub(decode, text)
    java = CODEPOINT.sub(lambda m: m.group() if odd_backslashes(text, m.start()) else decode(m), text)
    return [t for t in dict.fromkeys([every, java]) if t != text]


def odd_backslashes(text: str, pos: int) -> bool:
    """Whether an odd number of backslashes stands right before ``pos``."""
    count = 0
    while pos - count > 0 and text[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1
