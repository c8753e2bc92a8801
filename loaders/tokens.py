"""The words of a parsed text, as the mention finder compares them with labels.

spaCy's tokens are almost the words, with two exceptions that the finder must
repair. It splits hyphenated compounds ("omni-canal" is three tokens), so they
are glued back into one word: glued, "omni-canal" can match a label
"omnicanal", and "expérience-cible" no longer passes for a mention of
"expérience". And it leaves some punctuation on a word ("client]." in
"[Conseil en expérience client]."), which no label would match, so brackets,
quotes and final punctuation are trimmed off a word's edges (not apostrophes:
"l'" and "d'" are words of their own).

>>> import spacy
>>> doc = spacy.blank("fr")("[Conseil en expérience client].")
>>> [w.text for w in words(doc)]
['[', 'Conseil', 'en', 'expérience', 'client']
"""

from __future__ import annotations

from typing import NamedTuple

#: Characters trimmed off the edges of a word (a token made only of them stays as it is).
EDGE_PUNCTUATION = "[](){}«»“”„‹›\".,;:!?…*"


class Word(NamedTuple):
    """A token, or a hyphenated compound glued from tokens, with its offsets and part of speech."""

    text: str
    lemma: str
    start: int
    end: int
    pos: str = ""


def trimmed(text: str, lemma: str, start: int) -> tuple[str, str, int]:
    """A token's text and lemma without edge punctuation, and its new start.

    >>> trimmed("client].", "client].", 10)
    ('client', 'client', 10)
    >>> trimmed("«mot", "mot", 3)
    ('mot', 'mot', 4)
    >>> trimmed("...", "...", 0)
    ('...', '...', 0)
    """
    core = text.strip(EDGE_PUNCTUATION)
    if not core or core == text:
        return text, lemma, start
    lead = len(text) - len(text.lstrip(EDGE_PUNCTUATION))
    clean_lemma = lemma.strip(EDGE_PUNCTUATION) if lemma != text else core
    return core, clean_lemma or core, start + lead


def words(doc) -> list[Word]:
    """The words of a Doc: hyphenated compounds glued, edge punctuation trimmed."""
    out: list[Word] = []
    glue = False
    for t in doc:
        if t.is_space:
            glue = False
            continue
        text, lemma, start = trimmed(t.text, t.lemma_, t.idx)
        end = start + len(text)
        hyphen = text == "-" and not t.whitespace_ and bool(out) and out[-1].end == start
        if glue:
            prev = out.pop()
            out.append(Word(prev.text + text, prev.lemma + lemma, prev.start, end, prev.pos))
        elif hyphen:
            prev = out.pop()
            out.append(Word(prev.text + "-", prev.lemma + "-", prev.start, end, prev.pos))
        else:
            out.append(Word(text, lemma, start, end, t.pos_))
        glue = hyphen
    return out
