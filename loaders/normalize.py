"""Offset-keeping cleaning: read the text as a person would, quote it as stored.

Extracted text carries the damage of its PDF or web origin: ``\\r\\n`` line ends,
non-breaking spaces, words hyphenated across line breaks, runs of blank lines.
Extractors match patterns on the *cleaned* text, but evidence must quote the
text *as stored*. :class:`Normalized` keeps both: for every cleaned character,
``origin`` gives its offset in the stored text, so any cleaned range maps back
to the exact stored passage.

>>> n = normalize("un avantage concur-\\r\\nrentiel\\u00a0!", lambda w: w == "concurrentiel")
>>> n.text
'un avantage concurrentiel !'
>>> t = n.value(12, 25)
>>> t.value, t.span
('concurrentiel', Span(start=12, end=28))
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from cxkg.loaders.records import Span, Text

#: Characters dropped outright: soft hyphen and zero-width characters.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\ufeff")

#: A word cut by a line break: letters, a hyphen, optional blanks, the break,
#: optional blank lines and indentation, then the rest of the word.
_BROKEN = re.compile(r"([^\W\d_]+)-[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=([^\W\d_]+))")


@dataclass(frozen=True)
class Normalized:
    """A cleaned text with, for each of its characters, where it stands in the stored text.

    :param text: the cleaned text.
    :param origin: ``origin[i]`` is the stored offset of cleaned character ``i``;
        ``len(origin) == len(text) + 1`` and ``origin[-1]`` is the end of the
        stored passage.

    >>> n = Normalized("ab", (3, 5, 6))
    >>> n.span(0, 2)
    Span(start=3, end=6)
    """

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> Span:
        """The stored passage that the cleaned range ``[start, end)`` comes from.

        :raises IndexError: if the range lies outside the cleaned text.

        >>> Normalized("a b", (0, 1, 4, 5)).span(1, 3)
        Span(start=1, end=5)
        """
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"range [{start}, {end}) outside 0..{len(self.text)}")
        if start == end:
            return Span(self.origin[start], self.origin[start])
        return Span(self.origin[start], self.origin[end - 1] + 1)

    def value(self, start: int, end: int) -> Text:
        """The cleaned range, stripped, as a :class:`Text` with its stored span.

        >>> Normalized(" ab ", (0, 1, 2, 3, 4)).value(0, 4)
        Text(value='ab', span=Span(start=1, end=3))
        """
        s, e = _strip_range(self.text, start, end)
        return Text(self.text[s:e], self.span(s, e))

    def index(self, stored: int) -> int:
        """The first cleaned position whose stored offset is at or after ``stored``.

        Lets a caller that found something in the stored text move to the cleaned one.

        >>> Normalized("ab", (3, 5, 6)).index(4)
        1
        """
        return bisect.bisect_left(self.origin, stored, 0, len(self.text))

    def slice(self, start: int, end: int) -> "Normalized":
        """The cleaned range ``[start, end)`` as a Normalized of its own (origins kept).

        >>> Normalized("abc", (0, 1, 2, 3)).slice(1, 3)
        Normalized(text='bc', origin=(1, 2, 3))
        """
        last = self.origin[end - 1] + 1 if end > start else self.origin[start]
        return Normalized(self.text[start:end], self.origin[start:end] + (last,))


def _strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    """Move ``start`` and ``end`` inwards past white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _char(ch: str) -> str | None:
    """The cleaned form of one stored character: None to drop it."""
    if ch in _INVISIBLE:
        return None
    if ch == "\r":
        return "\n"
    if ch != " " and unicodedata.category(ch) == "Zs":
        return " "
    return ch


def _unify(stored: str) -> Normalized:
    """Line ends to ``\\n``, space separators to spaces, invisible characters dropped."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(stored):
        if ch == "\r" and stored[i + 1 : i + 2] == "\n":
            continue  # the \n that follows stands for the pair
        out = _char(ch)
        if out is not None:
            chars.append(out)
            origin.append(i)
    origin.append(len(stored))
    return Normalized("".join(chars), tuple(origin))


def _joins(head: str, tail: str, is_word: Callable[[str], bool]) -> bool:
    """Whether a line-end hyphen only cut a word: a capital after it marks a compound."""
    if tail[0].isupper() and not head.isupper():
        return False
    return is_word(head + tail)


def _dehyphenate(n: Normalized, is_word: Callable[[str], bool]) -> Normalized:
    """Join words cut at line ends; keep the hyphen where the joined form is no word."""
    chars: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _BROKEN.finditer(n.text):
        head, tail = m.group(1), m.group(2)
        hyphen = m.start(1) + len(head)
        chars.append(n.text[pos:hyphen])
        origin.extend(n.origin[pos:hyphen])
        if not _joins(head, tail, is_word):
            chars.append("-")
            origin.append(n.origin[hyphen])
        pos = m.end()
    chars.append(n.text[pos:])
    origin.extend(n.origin[pos:])
    return Normalized("".join(chars), tuple(origin))


def clean(stored: str, is_word: Callable[[str], bool]) -> Normalized:
    """Clean a stored text but keep its lines.

    ``\\r\\n`` and ``\\r`` become ``\\n``; non-breaking and other space separators
    become spaces; soft hyphens go. A word hyphenated across a line break (blank
    lines between allowed) is joined when ``is_word`` accepts the joined form,
    otherwise the hyphen stays and the break goes (compounds such as
    ``expérience-satisfaction``).

    :param stored: the text as stored (read with ``newline=''``).
    :param is_word: tells whether a string is a word of the language.

    >>> clean("omni-\\n\\ncanal, entre-\\nprises", lambda w: w == "entreprises").text
    'omni-canal, entreprises'
    """
    return _dehyphenate(_unify(stored), is_word)


def fold(n: Normalized) -> Normalized:
    """Fold every run of white space (spaces, tabs, line breaks) into one space.

    The space keeps the origin of the run's first character.

    >>> fold(Normalized("a \\n\\tb", (0, 1, 2, 3, 4, 5))).text
    'a b'
    """
    chars: list[str] = []
    origin: list[int] = []
    previous_space = False
    for ch, at in zip(n.text, n.origin):
        if ch.isspace():
            if not previous_space:
                chars.append(" ")
                origin.append(at)
            previous_space = True
        else:
            chars.append(ch)
            origin.append(at)
            previous_space = False
    origin.append(n.origin[-1])
    return Normalized("".join(chars), tuple(origin))


def normalize(stored: str, is_word: Callable[[str], bool]) -> Normalized:
    """Clean then fold: the reading form of a stored passage, offsets kept.

    >>> normalize("  une ex-\\npérience\\n\\n", lambda w: w == "expérience").text
    ' une expérience '
    """
    return fold(clean(stored, is_word))


def read(n: Normalized, start: int, end: int, trim: str = "") -> Text:
    """The reading of a cleaned range: white space folded, stripped, and ``trim`` characters cut at both ends.

    For cells and titles taken from a text cleaned with its lines kept.

    >>> read(clean("Capacité à prioriser des\\n\\npoints de contact,", lambda w: False), 0, 44, ",")
    Text(value='Capacité à prioriser des points de contact', span=Span(start=0, end=43))
    """
    f = fold(n.slice(start, end))
    s, e = 0, len(f.text)
    while s < e and (f.text[s].isspace() or f.text[s] in trim):
        s += 1
    while e > s and (f.text[e - 1].isspace() or f.text[e - 1] in trim):
        e -= 1
    return f.value(s, e)


def remove(n: Normalized, pattern: str) -> Normalized:
    """Drop every match of ``pattern`` (markup such as ``<i>``), keeping the other characters' origins.

    >>> remove(Normalized("a<i>b</i>", tuple(range(10))), r"</?i>")
    Normalized(text='ab', origin=(0, 4, 9))
    """
    keep = [True] * len(n.text)
    for m in re.finditer(pattern, n.text):
        keep[m.start():m.end()] = [False] * (m.end() - m.start())
    chars = "".join(c for c, k in zip(n.text, keep) if k)
    return Normalized(chars, tuple(o for o, k in zip(n.origin, keep) if k) + (n.origin[-1],))
