"""Anchoring curated quotes to their exact stored passage."""

from __future__ import annotations

import pytest

from cxkg.loaders.locate import context, locate
from cxkg.loaders.normalize import clean, normalize
from cxkg.loaders.records import Span


def test_typed_apostrophes_find_typographic_ones(is_word, stored_text):
    stored = stored_text("004")
    quote = "L'expérience client est le sentiment résultant des interactions qu'a le client avec la marque."
    span = locate(quote, normalize(stored, is_word))
    assert span is not None
    assert stored[span.start : span.end] == quote.replace("'", "’")


def test_white_space_and_line_ends_fold(is_word, stored_text):
    stored = stored_text("001")
    span = locate("la capacité à proposer une expérience de qualité", normalize(stored, is_word))
    assert span is not None
    assert "\n" in stored[span.start : span.end]
    assert " ".join(stored[span.start : span.end].split()) == "la capacité à proposer une expérience de qualité"


def test_hyphenation_across_lines_is_repaired(is_word, stored_text):
    stored = stored_text("001")
    span = locate("un facteur de performance et de différenciation", normalize(stored, is_word))
    assert span is not None and stored[span.start : span.end].endswith("différencia-\ntion")


def test_guillemets_match_with_or_without_inner_spaces(is_word, stored_text):
    stored = stored_text("003")
    n = normalize(stored, is_word)
    tight = locate("«l'ensemble des signaux perçus par les clients sur l'ensemble du parcours client»", n)
    spaced = locate("« l’ensemble des signaux perçus par les clients sur l’ensemble du parcours client »", n)
    assert tight == spaced and tight is not None
    exact = stored[tight.start : tight.end]
    assert exact.startswith("« l’ensemble") and exact.endswith("client »")


def test_matching_is_otherwise_exact(is_word, stored_text):
    n = normalize(stored_text("004"), is_word)
    assert locate("l’expérience client est le sentiment", n) is None  # the text has a capital L
    assert locate("L’expérience client est la sentiment", n) is None


def test_occurrences_count_from_one(is_word, stored_text):
    stored = stored_text("003")
    n = normalize(stored, is_word)
    first, second = locate("Body et Tallec (2015)", n), locate("Body et Tallec (2015)", n, 2)
    assert first is not None and second is not None and first.start < second.start
    assert locate("Body et Tallec (2015)", n, 99) is None
    with pytest.raises(ValueError):
        locate("Body", n, 0)
    with pytest.raises(ValueError):
        locate("  ", n)


def test_works_on_text_with_its_lines_kept(is_word, stored_text):
    stored = stored_text("001")
    assert locate("de qualité est un facteur", clean(stored, is_word)) == locate(
        "de qualité est un facteur", normalize(stored, is_word)
    )


def test_context_gives_a_selector_prefix_and_suffix():
    stored = "Le CEM est large. Il va au-delà de l’échange."
    span = Span(stored.index("Il va"), stored.index("Il va") + 5)
    prefix, suffix = context(stored, span, 8)
    assert prefix == stored[span.start - 8 : span.start] and suffix == stored[span.end : span.end + 8]
    assert stored.find(prefix + stored[span.start : span.end] + suffix) == span.start - 8
    assert context(stored, Span(0, 2), 32)[0] == ""
