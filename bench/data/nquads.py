"""A counting N-Quads writer: the generator's only output, cheap at 1M lines.

Lines are written as text rather than built as pyoxigraph quads, so a million
triples cost seconds and little memory.

>>> import io
>>> out = io.StringIO(); sink = Sink(out)
>>> sink.add("http://e/s", "http://e/p", lit('a "b"', lang="fr"), "http://e/g")
>>> out.getvalue()
'<http://e/s> <http://e/p> "a \\\\"b\\\\""@fr <http://e/g> .\\n'
>>> sink.count
1
"""

from __future__ import annotations

from typing import TextIO

XSD = "http://www.w3.org/2001/XMLSchema#"
ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class Literal(str):
    """An already written literal term (so that IRIs and literals differ by type)."""


def lit(value: object, lang: str | None = None, datatype: str | None = None) -> Literal:
    """A literal in N-Quads syntax: plain, language-tagged or typed."""
    text = f'"{str(value).translate(ESCAPES)}"'
    if lang:
        return Literal(f"{text}@{lang}")
    if datatype:
        return Literal(f"{text}^^<{datatype}>")
    return Literal(text)


def integer(value: int) -> Literal:
    return lit(value, datatype=XSD + "integer")


def term(value: str) -> str:
    """An IRI or a literal as written in a line."""
    return value if isinstance(value, Literal) else f"<{value}>"


class Sink:
    """Writes quads to a text file and counts them."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.count = out, 0

    def add(self, s: str, p: str, o: str, g: str) -> None:
        self.out.write(f"<{s}> <{p}> {term(o)} <{g}> .\n")
        self.count += 1

    def raw(self, line: str) -> None:
        """A line already in N-Quads (the ontology, copied as parsed)."""
        self.out.write(line if line.endswith("\n") else line + "\n")
        self.count += 1
