"""Concept mentions: where a label of a concept, or an inflection of it, occurs.

A label matches a run of tokens when every label token shares a *key* with the
text token at its place. A token's keys are its lower-cased, unaccented surface
form, the same without a plural ``s``/``x``, and (for French) its spaCy lemma,
so "points de contacts" matches "point de contact" and "capacités dynamiques"
matches "capacité dynamique". English labels are not lemmatised with the French
model (it would invent French lemmas for English words): they match on surface
keys. A label token written all in capitals ("NPS", "CES", "CRM") is an acronym
and matches only the same capitals, so "CES" never matches "ces".

A match must also be the term. A label in another language than the text's
counts only where the text marks it as a term (:mod:`cxkg.loaders.term_marks`):
"leader" in "le leader sur le marché" is not the concept *leaders*. A one-word
label that general French also uses in another sense ("capacité",
"organisation", "service") counts only in the contexts the project's rules
allow (:mod:`cxkg.loaders.mention_rules`). Rejected matches are dropped before
overlaps are settled, so they hide no other match.

Overlaps are settled longest first: "expérience client" inside "management de
l'expérience client" is not reported when a concept is labelled with the longer
phrase; two matches that cross ("étapes du parcours" and "parcours d'achat")
are both reported. Two concepts that share a label are both reported on the
same span: the ambiguity is the concept data's to fix, not the matcher's to hide.

>>> import spacy
>>> nlp = spacy.blank("fr")  # no lemmatizer: surface keys only
>>> m = build_matcher([("cx:nps", "NPS", "en"), ("cx:tp", "touchpoint", "en")], nlp)
>>> from cxkg.loaders.normalize import Normalized
>>> n = Normalized("Le NPS et ces touchpoints (touchpoints)", tuple(range(40)))
>>> [(x.label, x.span.start, x.span.end) for x in find_mentions(n, m, nlp)]
[('NPS', 3, 6), ('touchpoint', 27, 38)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from cxkg.loaders.mention_rules import MentionRules, WordRule, project_rules
from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import Mention
from cxkg.loaders.term_marks import is_marked
from cxkg.loaders.tokens import words
from cxkg.ontology.labels import fold_word

#: The components that lemmas need (English lemmas need the tagger); the parser and NER are skipped for speed.
LEMMA_PIPES = ("tok2vec", "tagger", "morphologizer", "attribute_ruler", "lemmatizer")

#: Marks an exact, case-sensitive key (acronyms) apart from folded keys.
_EXACT = "="

#: Inline markup left by web extraction (``<i>``, ``</i>``, ``<!--...-->``).
_MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>\n]{0,40}>")


@dataclass(frozen=True)
class Pattern:
    """One label as a sequence of token key sets, with what its matches must pass."""

    concept: str
    label: str
    tokens: tuple[frozenset[str], ...]
    foreign: bool = False  # in another language than the text: a match must be marked as a term
    rule: WordRule | None = None  # an ambiguous word: a match must be in a context of the term


@dataclass(frozen=True)
class LabelMatcher:
    """Label patterns indexed by the keys of their first token."""

    patterns: tuple[Pattern, ...]
    by_first: dict[str, tuple[int, ...]]
    rules: MentionRules = MentionRules()


def is_acronym(word: str) -> bool:
    """Whether a token is written all in capitals (two letters or more).

    >>> is_acronym("CES"), is_acronym("Ces"), is_acronym("C")
    (True, False, False)
    """
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def token_keys(text: str, lemma: str) -> frozenset[str]:
    """The keys a token can match on: surface, singular surface, lemma (folded).

    An empty lemma (no lemmatizer, or an English label) adds nothing.

    >>> sorted(token_keys("points", "point"))
    ['point', 'points']
    """
    surface = fold_word(text)
    keys = {surface, surface.replace("-", "")}
    if len(surface) > 3 and surface[-1] in "sx":
        keys.add(surface[:-1])
    if lemma:
        keys.add(fold_word(lemma))
    return frozenset(keys)


def mask_markup(text: str) -> str:
    """Blank out inline markup, keeping every offset, so tags do not stick to words.

    >>> mask_markup("Le <i>Customer Effort Score</i> !")
    'Le    Customer Effort Score     !'
    """
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


def _label_token(text: str, lemma: str) -> frozenset[str]:
    """Key set of one label token: an acronym matches only itself."""
    if is_acronym(text):
        return frozenset({_EXACT + text})
    return token_keys(text, lemma)


def _doc_token(text: str, lemma: str) -> frozenset[str]:
    """Key set of one text token: its folded keys and its exact form."""
    return token_keys(text, lemma) | {_EXACT + text}


def _disabled(nlp) -> list[str]:
    """The pipeline components that lemmatisation does not need."""
    return [name for name in nlp.pipe_names if name not in LEMMA_PIPES]


def build_matcher(labels: Iterable[tuple[str, str, str]], nlp, rules: MentionRules | None = None,
                  language: str | None = None) -> LabelMatcher:
    """Prepare the token keys of every label once, and what each label's matches must pass.

    :param labels: ``(concept_iri, label, lang)`` triples (``lang`` "fr" or "en").
    :param nlp: a spaCy pipeline; its lemmatizer, if any, lemmatises the labels in
        its language.
    :param rules: the rules of ambiguous words; by default the project's.
    :param language: the language of the texts to search; by default the pipeline's.

    >>> import spacy
    >>> m = build_matcher([("cx:a", "Net Promoter Score", "en")], spacy.blank("fr"))
    >>> sorted(m.by_first)
    ['net']
    """
    rules = project_rules() if rules is None else rules
    language = language or nlp.lang
    rows = [(c, label.strip(), lang) for c, label, lang in labels if label.strip()]
    docs = nlp.pipe((label for _, label, _ in rows), disable=_disabled(nlp))
    patterns: list[Pattern] = []
    for (concept, label, lang), doc in zip(rows, docs):
        found = words(doc)
        keys = tuple(_label_token(w.text, w.lemma if lang == language else "") for w in found)
        if keys:
            foreign = bool(lang) and lang != language and not all(is_acronym(w.text) for w in found)
            rule = rules.rule_for(label) if len(found) == 1 else None
            patterns.append(Pattern(concept, label, keys, foreign, rule))
    index: dict[str, list[int]] = {}
    for i, p in enumerate(patterns):
        for key in p.tokens[0]:
            index.setdefault(key, []).append(i)
    return LabelMatcher(tuple(patterns), {k: tuple(v) for k, v in index.items()}, rules)


def _is_term(pattern: Pattern, found: Sequence, start: int, end: int, text: str, rules: MentionRules) -> bool:
    """Whether a match is the term: marked if the label is foreign, in context if it is ambiguous."""
    if pattern.foreign and not is_marked(text, found[start].start, found[end - 1].end):
        return False
    return pattern.rule is None or rules.keeps(pattern.rule, found, start, end)


def _candidates(tokens: Sequence[frozenset[str]], matcher: LabelMatcher) -> set[tuple[int, int, int]]:
    """Every ``(first token, end token, pattern)`` where a label matches."""
    found: set[tuple[int, int, int]] = set()
    for i, keys in enumerate(tokens):
        for p in {p for key in keys for p in matcher.by_first.get(key, ())}:
            pattern = matcher.patterns[p].tokens
            end = i + len(pattern)
            if end <= len(tokens) and all(pk & tokens[j] for pk, j in zip(pattern, range(i, end))):
                found.add((i, end, p))
    return found


def _select(found: set[tuple[int, int, int]], bounds: Sequence[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Keep the longest matches and those that cross them; drop a match inside a longer one.

    "expérience client" inside "management de l'expérience client" is part of
    the longer term; "étapes du parcours" and "parcours d'achat" in "étapes du
    parcours d'achat" share a word but are two terms. Equal spans are all kept.
    """
    def size(c: tuple[int, int, int]) -> tuple[int, int, int]:
        return (-(bounds[c[1] - 1][1] - bounds[c[0]][0]), -(c[1] - c[0]), c[0])

    ranges: set[tuple[int, int]] = set()
    kept: list[tuple[int, int, int]] = []
    for c in sorted(found, key=lambda c: (size(c), c[2])):
        start, end, _ = c
        if (start, end) in ranges or not any(a <= start and end <= b for a, b in ranges):
            kept.append(c)
            ranges.add((start, end))
    return kept


def mentions_in_doc(doc, normalized: Normalized, matcher: LabelMatcher) -> list[Mention]:
    """Mentions in an already parsed text (see :func:`find_mentions`).

    :param doc: the spaCy Doc of ``normalized.text``.
    """
    found = words(doc)
    keys = [_doc_token(w.text, w.lemma) for w in found]
    bounds = [(w.start, w.end) for w in found]
    terms = {(start, end, p) for start, end, p in _candidates(keys, matcher)
             if _is_term(matcher.patterns[p], found, start, end, normalized.text, matcher.rules)}
    mentions: dict[tuple[str, int, int], Mention] = {}
    for start, end, p in _select(terms, bounds):
        pattern = matcher.patterns[p]
        span = normalized.span(bounds[start][0], bounds[end - 1][1])
        mentions.setdefault((pattern.concept, span.start, span.end), Mention(pattern.concept, pattern.label, span))
    return sorted(mentions.values(), key=lambda m: (m.span, m.concept))


def find_mentions(normalized: Normalized, matcher: LabelMatcher, nlp) -> list[Mention]:
    """All mentions of the matcher's labels in a text, with stored offsets.

    The text is parsed once, with only the components that lemmas need.
    Longest matches win over the matches inside them; a concept matched by two
    labels on one span is reported once (with the first label); two concepts
    sharing a span are both reported.

    :param normalized: the folded text of a document (see ``cxkg.loaders.normalize``).
    :param matcher: built by :func:`build_matcher` with the same ``nlp``.
    :param nlp: the spaCy pipeline.
    :return: mentions sorted by position, spans into the stored text.
    """
    return mentions_in_doc(nlp(mask_markup(normalized.text), disable=_disabled(nlp)), normalized, matcher)


def find_all_mentions(texts: Sequence[Normalized], matcher: LabelMatcher, nlp) -> list[list[Mention]]:
    """:func:`find_mentions` over many texts, batching the parse with ``nlp.pipe``."""
    docs = nlp.pipe((mask_markup(n.text) for n in texts), disable=_disabled(nlp))
    return [mentions_in_doc(doc, n, matcher) for doc, n in zip(docs, texts)]
