"""Concept mentions: inflections, acronyms, longest match, stored offsets."""

from __future__ import annotations

import time

import pytest

from cxkg.loaders.lexicon import lexicon, load_nlp
from cxkg.loaders.mentions import build_matcher, find_all_mentions, find_mentions
from cxkg.ontology.labels import fold_word as fold_key
from cxkg.loaders.normalize import normalize


LABELS = [
    ("cx:touchpoint", "point de contact", "fr"),
    ("cx:touchpoint", "touchpoint", "en"),
    ("cx:dynamic", "capacité dynamique", "fr"),
    ("cx:journey", "parcours client", "fr"),
    ("cx:journey", "customer journey", "en"),
    ("cx:nps", "Net Promoter Score", "en"),
    ("cx:nps", "NPS", "fr"),
    ("cx:nps", "NPS", "en"),
    ("cx:ces", "Customer Effort Score", "en"),
    ("cx:ces", "CES", "fr"),
    ("cx:crm", "CRM", "fr"),
    ("cx:cx", "expérience client", "fr"),
    ("cx:cxm", "management de l'expérience client", "fr"),
    ("cx:omni", "omnicanal", "fr"),
    ("cx:channel", "canal", "fr"),
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def is_word(nlp):
    return lexicon(nlp)


@pytest.fixture(scope="module")
def matcher(nlp):
    return build_matcher(LABELS, nlp)


def mentions_of(stored, nlp, is_word, matcher):
    return stored, find_mentions(normalize(stored, is_word), matcher, nlp)


def test_inflected_forms_match_their_label(nlp, is_word, matcher, stored_text):
    stored, found = mentions_of(stored_text("003"), nlp, is_word, matcher)
    touchpoints = {stored[m.span.start : m.span.end] for m in found if m.concept == "cx:touchpoint"}
    assert "points de contacts" in touchpoints
    stored, found = mentions_of(stored_text("000"), nlp, is_word, matcher)
    assert "capacités dynamiques" in {stored[m.span.start : m.span.end] for m in found if m.concept == "cx:dynamic"}
    stored, found = mentions_of(stored_text("004"), nlp, is_word, matcher)
    assert "parcours clients" in {stored[m.span.start : m.span.end] for m in found if m.concept == "cx:journey"}


def test_indicators_are_found_in_chapter_3_of_the_book(nlp, is_word, matcher, stored_text):
    stored, found = mentions_of(stored_text("002"), nlp, is_word, matcher)
    chapter = (stored.index("Chapitre 3"), stored.index("Chapitre 4"))
    inside = [m for m in found if chapter[0] <= m.span.start < chapter[1]]
    nps = [stored[m.span.start : m.span.end] for m in inside if m.concept == "cx:nps"]
    ces = [stored[m.span.start : m.span.end] for m in inside if m.concept == "cx:ces"]
    assert nps == ["NPS", "NPS", "NPS"]
    assert "Customer Effort Score" in ces and "CES" in ces  # the first sits in <i>…</i> markup


def test_acronyms_match_only_in_capitals(nlp, matcher):
    text = "Ces clients notent le CES ; ces scores."
    found = find_mentions(normalize(text, lambda w: False), matcher, nlp)
    assert [(m.concept, text[m.span.start : m.span.end]) for m in found] == [("cx:ces", "CES")]


def test_longest_label_wins_and_shared_labels_are_all_reported(nlp):
    labels = [("a:cx", "expérience client", "fr"), ("a:cxm", "management de l'expérience client", "fr"),
              ("a:one", "parcours", "fr"), ("a:two", "parcours", "fr")]
    m = build_matcher(labels, nlp)
    text = "Le management de l’expérience client suit les parcours."
    found = find_mentions(normalize(text, lambda w: False), m, nlp)
    assert [(x.concept, text[x.span.start : x.span.end]) for x in found] == [
        ("a:cxm", "management de l’expérience client"),
        ("a:one", "parcours"),
        ("a:two", "parcours"),
    ]


def test_hyphenated_compounds_are_one_word(nlp, is_word, matcher, stored_text):
    stored, found = mentions_of(stored_text("000"), nlp, is_word, matcher)
    channels = [stored[m.span.start : m.span.end] for m in found if m.concept == "cx:channel"]
    assert all("omni" not in stored[m.span.start - 6 : m.span.start] for m in found if m.concept == "cx:channel")
    assert channels  # "un canal" still counts
    omni = {" ".join(stored[m.span.start : m.span.end].split()) for m in found if m.concept == "cx:omni"}
    assert {"omni-canal", "omnicanal"} <= omni


def test_every_span_quotes_the_stored_text_of_its_mention(nlp, is_word, matcher, stored_text):
    for stem in ("000", "001", "002", "003", "004"):
        stored = stored_text(stem)
        n = normalize(stored, is_word)
        found = find_mentions(n, matcher, nlp)
        assert found
        for m in found:
            exact = stored[m.span.start : m.span.end]
            cleaned = n.text[n.index(m.span.start) : n.index(m.span.end)]
            assert exact == exact.strip() and normalize(exact, is_word).text == cleaned
            assert fold_key(cleaned)[:4] == fold_key(m.label)[:4], (cleaned, m.label)


def test_the_whole_corpus_is_searched_within_the_time_budget(nlp, is_word, matcher, stored_text):
    texts = [normalize(stored_text(stem), is_word) for stem in ("000", "001", "002", "003", "004")]
    started = time.process_time()  # this process's CPU time: other work on the machine does not count
    found = find_all_mentions(texts, matcher, nlp)
    assert time.process_time() - started < 10
    assert [len(f) for f in found] == [len(find_mentions(t, matcher, nlp)) for t in texts]


def spans(text, labels, nlp, rules=None):
    m = build_matcher(labels, nlp, rules)
    return [(x.concept, text[x.span.start : x.span.end]) for x in find_mentions(normalize(text, lambda w: False), m, nlp)]


def test_punctuation_stuck_to_a_word_does_not_hide_it(nlp):
    text = "[Conseil senior en expérience client]. Puis le « parcours client »."
    assert spans(text, LABELS, nlp) == [("cx:cx", "expérience client"), ("cx:journey", "parcours client")]


def test_a_label_in_another_language_counts_only_where_the_text_marks_it(nlp):
    labels = [("a:leaders", "leaders", "en"), ("a:cx", "customer experience", "en"), ("a:cxm", "customer experience management", "en")]
    text = ("Être le leader sur le marché. L'expérience client (customer experience ou CX), "
            "la « customer experience », la <i>customer experience</i> et le Customer Experience Management (CEM).")
    assert spans(text, labels, nlp) == [("a:cx", "customer experience")] * 3 + [("a:cxm", "Customer Experience Management")]


def test_an_ambiguous_word_counts_only_in_the_sense_of_the_term(nlp):
    labels = [("a:cap", "capacité", "fr"), ("a:org", "organisation", "fr"), ("a:svc", "service", "fr"), ("a:exp", "expérience", "fr")]
    ordinary = ("Sa capacité à recommander. Les capacités des mobiles. L'organisation du travail, des contraintes "
                "d'organisation, l'organisation interne ; revoir son organisation. Au service de l'entreprise. "
                "D'expérience, c'est long.")
    assert spans(ordinary, labels, nlp) == []
    terms = ("Les capacités requises ; la capacité de l'organisation à analyser ; la capacité à gérer. De nombreuses "
             "organisations offrent des services. L'expérience vécue.")
    assert [c for c, _ in spans(terms, labels, nlp)] == ["a:cap", "a:cap", "a:org", "a:cap", "a:org", "a:svc", "a:exp"]


def test_the_rules_are_the_projects_data_and_can_be_left_out(nlp):
    from cxkg.loaders.mention_rules import MentionRules

    text = "Sa capacité à recommander."
    assert spans(text, [("a:cap", "capacité", "fr")], nlp) == []
    assert spans(text, [("a:cap", "capacité", "fr")], nlp, MentionRules()) == [("a:cap", "capacité")]


def test_two_terms_that_cross_are_both_reported(nlp):
    labels = [("a:stage", "étape du parcours", "fr"), ("a:purchase", "parcours d'achat", "fr"), ("a:journey", "parcours", "fr")]
    text = "À chaque étape du parcours d’achat."
    assert spans(text, labels, nlp) == [("a:stage", "étape du parcours"), ("a:purchase", "parcours d’achat")]
