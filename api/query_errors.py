"""A query that does not parse, told in words: where, what stands there, and why if known.

The parser says ``error at L:C: expected one of ...`` with the grammar's
terminals. A reader gets instead the line and column, the line itself with a
caret under the column, and a sentence in the page's language: a prefix used
but not declared, a variable selected but neither grouped nor aggregated, or
else what the parser found where it could not go on.

>>> found = explain("SELECT * WHERE {\\n  ?s ex:p ?o\\n}", "error at 2:10: expected one of ...", "en")
>>> found["line"], found["column"], found["source"], found["caret"]
(2, 6, '  ?s ex:p ?o', '     ^')
>>> found["message"]
'line 2, column 6: the prefix ex: is used but not declared (add PREFIX ex: <…> at the top)'
>>> explain("SELECT * WHERE { ?s ?p ?o . }}", "error at 1:31: expected [_]", "fr")["message"]
'ligne 1, colonne 30 : la requête ne peut pas se poursuivre avec « } » ici'
>>> explain("x", "a message without a position", "en") is None
True
"""

from __future__ import annotations

import re

POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)
#: The egress check's own reading error, already in words (``store/guard.py``).
GUARD = re.compile(r"at line (\d+), column (\d+): (.*)", re.S)
DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
USED = re.compile(r"(?<![\w:<?$\"'])([A-Za-z][\w-]*)?:(?=[\w%\\]|\s)")

#: Reasons the parser gives as sentences among its expected tokens, in words.
REASONS = {
    "The SELECT contains a variable that is unbound": (
        "a selected variable is neither in GROUP BY nor in an aggregate such as (COUNT(?x) AS ?n)",
        "une variable sélectionnée n'est ni dans GROUP BY ni dans un agrégat comme (COUNT(?x) AS ?n)"),
}


def undeclared_prefixes(text: str) -> list[str]:
    """Prefixes used in prefixed names but never declared (strings, IRIs and comments skipped).

    >>> undeclared_prefixes('PREFIX a: <http://e/> SELECT * { ?s a:p ?o ; b:q "c:d" . } # e:f')
    ['b']
    """
    bare = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*', " ", text)
    declared = {m.group(1) or "" for m in DECLARED.finditer(bare)}
    bare = DECLARED.sub(" ", bare)
    used = []
    for m in USED.finditer(bare):
        name = m.group(1) or ""
        if name not in declared and name not in used:
            used.append(name)
    return used


def token_start(source: str, column: int) -> int:
    """The parser points just past the token it could not take: the column where that token starts.

    >>> token_start("  ?s ?p ?o . }}", 16), token_start("  ?s ex:p ?o", 11), token_start("}", 2)
    (15, 11, 1)
    """
    index = column - 1
    if 0 < index <= len(source) and not source[index - 1].isspace():
        index -= 1
        while index > 0 and re.match(r"[\w:?$-]", source[index]) and re.match(r"[\w:?$-]", source[index - 1]):
            index -= 1
    return index + 1


def first_use(lines: list[str], name: str) -> tuple[int, int, str] | None:
    """Where an undeclared prefix is first used: the parser only notices it later.

    >>> first_use(["SELECT * WHERE {", "  ?s ex:p ?o"], "ex")
    (2, 6, '  ?s ex:p ?o')
    """
    used = re.compile(r"(?<![\w:<?$\"'])" + re.escape(name) + r":")
    for number, source in enumerate(lines, 1):
        if not DECLARED.match(source.strip()):
            found = used.search(source)
            if found:
                return number, found.start() + 1, source
    return None


def explain(text: str, message: str, lang: str) -> dict | None:
    """``{line, column, source, caret, message}`` for a parser message with a position, else ``None``."""
    match = POSITION.search(message)
    guard = None if match else GUARD.search(message)
    if guard:
        line, column = int(guard.group(1)), int(guard.group(2))
        lines = text.splitlines() or [""]
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        where = f"ligne {line}, colonne {column} : " if lang == "fr" else f"line {line}, column {column}: "
        return {"line": line, "column": column, "source": source,
                "caret": re.sub(r"[^\t]", " ", source[: column - 1]) + "^", "message": where + guard.group(3)}
    if not match:
        return None
    line, column, rest = int(match.group(1)), int(match.group(2)), match.group(3)
    lines = text.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    column = token_start(source, column)
    caret = re.sub(r"[^\t]", " ", source[: column - 1]) + "^"
    fr = lang == "fr"
    where = f"ligne {line}, colonne {column} : " if fr else f"line {line}, column {column}: "
    reason = next((REASONS[key][1 if fr else 0] for key in REASONS if key in rest), None)
    missing = undeclared_prefixes(text)
    if reason is None and missing:
        name = missing[0]
        line, column, source = first_use(lines, name) or (line, column, source)
        caret = re.sub(r"[^\t]", " ", source[: column - 1]) + "^"
        where = f"ligne {line}, colonne {column} : " if fr else f"line {line}, column {column}: "
        reason = (f"le préfixe {name}: est utilisé sans être déclaré (ajoutez PREFIX {name}: <…> en tête)" if fr
                  else f"the prefix {name}: is used but not declared (add PREFIX {name}: <…> at the top)")
    if reason is None:
        token = re.match(r"\S{1,30}", source[column - 1:]) if column - 1 < len(source) else None
        if token is None and line >= len(lines):
            reason = ("la requête s'arrête avant d'être complète (une accolade ou une parenthèse non fermée ?)" if fr
                      else "the query ends before it is complete (a brace or parenthesis left open?)")
        elif token is None:
            reason = "la requête ne peut pas se poursuivre à la fin de cette ligne" if fr else "the query cannot go on at the end of this line"
        else:
            reason = (f"la requête ne peut pas se poursuivre avec « {token.group(0)} » ici" if fr
                      else f"the query cannot go on with “{token.group(0)}” here")
    return {"line": line, "column": column, "source": source, "caret": caret, "message": where + reason}
