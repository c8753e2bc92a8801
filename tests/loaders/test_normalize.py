"""Offset-keeping cleaning: readings are right, and every reading quotes back its stored passage."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxkg.loaders.normalize import Normalized, clean, fold, normalize, read, remove

BROKEN = re.compile(r"([^\W\d_]+)-[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*([^\W\d_]+)")


def test_lexicon_knows_words_and_inflections(is_word):
    assert is_word("concurrentiel") and is_word("Organisations") and is_word("différenciation")
    assert not is_word("expériencesatisfaction") and not is_word("omnicanal-")


def test_every_line_break_hyphen_that_cuts_a_word_is_repaired(document, is_word, corpus_texts):
    text = corpus_texts[document]
    n = clean(text, is_word)
    for m in BROKEN.finditer(text):
        head, tail = m.groups()
        at = n.index(m.start(1))
        if is_word(head + tail) and not tail[0].isupper():
            assert n.text[at:at + len(head + tail)] == head + tail
        else:
            assert n.text[at:at + len(head + tail) + 1] == f"{head}-{tail}"


def test_compound_keeps_its_hyphen_and_words_are_joined(is_word, stored_text):
    n = normalize(stored_text("001_db3e0ae5cb11ca84"), is_word)
    assert "« expérience-satisfaction-relation »" in n.text
    assert "un véritable avantage concurrentiel." in n.text
    assert "différenciation." in n.text and "concur-" not in n.text


def test_clean_keeps_lines_and_fold_makes_one_line(is_word, stored_text):
    text = stored_text("003_646ce7bedf1c5126")
    lines = clean(text, is_word)
    assert "\u00a0" not in lines.text and lines.text.count("\n") == text.count("\n")
    assert "\n" not in fold(lines).text and "  " not in fold(lines).text


def test_crlf_and_non_breaking_spaces():
    n = normalize("Une ex-\r\n\r\npérience\u202fclient\r\n", lambda w: w == "expérience")
    assert n.text == "Une expérience client "
    t = n.value(4, 21)
    assert t.value == "expérience client" and t.span.start == 4
    assert "Une ex-\r\n\r\npérience\u202fclient\r\n"[t.span.start:t.span.end] == "ex-\r\n\r\npérience\u202fclient"


def test_random_word_spans_read_back_from_the_stored_text(document, is_word, corpus_texts):
    text = corpus_texts[document]
    n = normalize(text, is_word)
    words = [m.span() for m in re.finditer(r"\S+", n.text)]
    rng = random.Random(document)
    for _ in range(300):
        i = rng.randrange(len(words))
        j = min(len(words) - 1, i + rng.randrange(12))
        t = n.value(words[i][0], words[j][1])
        assert normalize(text[t.span.start:t.span.end], is_word).text.strip() == t.value


def test_read_trims_punctuation_and_remove_drops_markup():
    n = clean("Capacité à prioriser des\n\npoints de contact,\n", lambda w: False)
    assert read(n, 0, len(n.text), ",").value == "Capacité à prioriser des points de contact"
    r = remove(clean("Le <i>Customer Effort Score</i>", lambda w: False), r"</?i>")
    t = r.value(0, len(r.text))
    assert t.value == "Le Customer Effort Score" and t.span == r.span(0, len(r.text))


WORDS = {"concurrentiel", "expérience", "entreprises"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["concur", "rentiel", "expé", "rience", "entre", "prises", "a", "-", " ", "\t",
                                 "\n", "\r\n", "\r", "\u00a0", "\u202f", "-\n", "- \n\n "]), max_size=30))
def test_origins_always_point_at_the_character_they_clean(parts):
    text = "".join(parts)
    for n in (clean(text, WORDS.__contains__), normalize(text, WORDS.__contains__)):
        assert len(n.origin) == len(n.text) + 1 and n.origin[-1] == len(text)
        assert all(a < b for a, b in zip(n.origin, n.origin[1:]))
        for ch, at in zip(n.text, n.origin):
            src = text[at]
            assert ch == src or (ch.isspace() and src.isspace())


def test_span_of_an_empty_range_is_empty():
    assert Normalized("ab", (0, 1, 2)).span(1, 1).start == 1
    with pytest.raises(IndexError):
        Normalized("ab", (0, 1, 2)).span(0, 3)
