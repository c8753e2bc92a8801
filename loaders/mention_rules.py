"""When an ambiguous one-word label is the term: the project's rules, applied to a match in context.

General French uses some of the scheme's one-word labels in an ordinary sense:
"sa capacité à recommander" is a customer's ability, not a firm's capability;
"l'organisation du travail" is a manner of organising, not the company; "au
service de" is an idiom. The project lists these words, and what tells the
ordinary word from the term, in ``ontology/vocabularies/mentions.json`` (its
editorial choice, read by :func:`project_rules`). A rule can reject a match

- after a word (``reject_after``: a possessive, a bare "de"), adjectives skipped;
- before a word (``reject_before``: "du", "interne");
- whose "de" complement names a holder not in ``holders`` (a verb after "de" is
  kept: "capacité de gérer" is "capacité à gérer");
- inside a phrase (``reject_phrases``: "au _ de").

>>> rules = parse_rules({"words": {"capacité": {"reject_after": ["sa"]}}})
>>> rule = rules.rule_for("Capacité")
>>> from cxkg.loaders.tokens import Word
>>> ws = [Word(t, t, 0, 0) for t in "sa capacité à recommander".split()]
>>> rules.keeps(rule, ws, 1, 2), rules.keeps(rule, ws[1:], 0, 1)
(False, True)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from cxkg.loaders.tokens import Word
from cxkg.ontology.files import VOCABULARIES_DIR
from cxkg.ontology.labels import fold, fold_word

RULES_FILE = VOCABULARIES_DIR / "mentions.json"

#: How many adjectives may stand between a determiner and the noun ("une grande organisation").
MAX_ADJECTIVES = 2

#: Parts of speech whose lemma would blur a distinction the rules make.
FUNCTION_WORDS = frozenset({"DET", "ADP", "PRON", "CCONJ", "SCONJ"})

#: What may precede a clause: no word at all, or final punctuation.
_CLAUSE_BREAK = frozenset(".!?;:»*")


@dataclass(frozen=True)
class WordRule:
    """What makes one ambiguous word the ordinary word rather than the term."""

    reject_after: frozenset[str] = frozenset()
    reject_before: frozenset[str] = frozenset()
    holders: frozenset[str] | None = None
    reject_phrases: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class MentionRules:
    """The rules of the ambiguous words (by folded label) and the word classes they use."""

    words: dict[str, WordRule] = field(default_factory=dict)
    determiners: frozenset[str] = frozenset()
    of: frozenset[str] = frozenset({"de", "d'", "du", "des"})

    def rule_for(self, label: str) -> WordRule | None:
        """The rule of a one-word label, or ``None`` when the label is not ambiguous."""
        return self.words.get(fold(label))

    def keeps(self, rule: WordRule, found: Sequence[Word], start: int, end: int) -> bool:
        """Whether the match ``found[start:end]`` of a word with ``rule`` is the term."""
        before = self._previous(found, start)
        # "de" before adjectives is the plural article ("de nombreuses organisations"), not a bare "de"
        article = before is not None and before < start - 1 and bool(keys(found[before]) & self.of)
        if before is not None and not article and keys(found[before]) & rule.reject_after:
            return False
        if end < len(found) and keys(found[end]) & rule.reject_before:
            return False
        if rule.holders is not None and not self._held(found, end, rule.holders):
            return False
        return not any(_phrase_at(found, start, end, phrase) for phrase in rule.reject_phrases)

    def _previous(self, found: Sequence[Word], start: int) -> int | None:
        """The word before the match, adjectives between it and a determiner skipped."""
        i = start - 1
        for _ in range(MAX_ADJECTIVES):
            if i < 0 or keys(found[i]) & self.determiners or found[i].pos != "ADJ":
                break
            i -= 1
        return i if i >= 0 else None

    def _held(self, found: Sequence[Word], end: int, holders: frozenset[str]) -> bool:
        """Whether a "de" complement after the match, if any, names one of ``holders``."""
        if end >= len(found) or not keys(found[end]) & self.of:
            return True
        i = end + 1
        while i < len(found) and (keys(found[i]) & self.determiners or found[i].pos == "ADJ"):
            i += 1
        return i < len(found) and (found[i].pos in ("VERB", "AUX") or bool(keys(found[i]) & holders))


def keys(word: Word) -> frozenset[str]:
    """A word's folded form, and its lemma unless it is a function word ("des" is not "de")."""
    if word.pos in FUNCTION_WORDS:
        return frozenset({fold_word(word.text)})
    return frozenset({fold_word(word.text), fold_word(word.lemma)})


def _phrase_at(found: Sequence[Word], start: int, end: int, phrase: tuple[str, ...]) -> bool:
    """Whether ``phrase`` ("au _ de", "^ d' _") surrounds the match."""
    at = phrase.index("_")
    before, after = list(phrase[:at]), list(phrase[at + 1:])
    clause = before[:1] == ["^"]
    before = before[1:] if clause else before
    first = start - len(before)
    if first < 0 or end + len(after) > len(found):
        return False
    if clause and first > 0 and not set(found[first - 1].text) & _CLAUSE_BREAK:
        return False
    around = list(found[first:start]) + list(found[end:end + len(after)])
    return all(expected in keys(word) for expected, word in zip(before + after, around))


def parse_rules(data: dict) -> MentionRules:
    """The rules of a ``mentions.json`` document (see the module's docstring)."""
    classes = data.get("classes", {})

    def expand(items: list[str]) -> frozenset[str]:
        out: set[str] = set()
        for item in items:
            out |= expand(classes[item[1:]]) if item.startswith("@") else {fold_word(item)}
        return frozenset(out)

    words = {
        fold(word): WordRule(
            expand(rule.get("reject_after", [])),
            expand(rule.get("reject_before", [])),
            expand(rule["holders"]) if "holders" in rule else None,
            tuple(tuple(fold_word(w) for w in phrase.split()) for phrase in rule.get("reject_phrases", [])),
        )
        for word, rule in data.get("words", {}).items()
    }
    determiners = expand(classes.get("determiner", []))
    of = expand(classes["of"]) if "of" in classes else MentionRules.of
    return MentionRules(words, determiners, of)


@lru_cache(maxsize=1)
def project_rules(path: Path = RULES_FILE) -> MentionRules:
    """The project's rules (``ontology/vocabularies/mentions.json``), read once."""
    return parse_rules(json.loads(Path(path).read_text(encoding="utf-8")))
