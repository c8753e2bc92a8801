"""Which strings are French words: the test that decides a line-end hyphen.

The spaCy French model ships its lemmatizer's lookup tables: ``lemma_lookup``
(inflected form -> lemma, keyed by string hash) and ``lemma_index`` (lemmas by
part of speech). Together they know some 300 000 forms, enough to tell
``concurrentiel`` (a word: join ``concur-|rentiel``) from ``expériencesatisfaction``
(not one: keep the hyphen).

>>> is_word = french_lexicon(load_nlp())
>>> is_word("Concurrentiels"), is_word("expériencesatisfaction")
(True, False)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

#: The pipeline components the loaders use; the others are not loaded.
_KEEP = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")

#: Feminine and plural endings tried when a form is not listed as such.
_ENDINGS = ("s", "x", "e", "es")


@lru_cache(maxsize=1)
def load_nlp(model: str = "fr_core_news_sm"):
    """Load the French spaCy model once, without named-entity recognition.

    :param model: the installed model package.
    :raises OSError: if the model is not installed.

    >>> "lemmatizer" in load_nlp().pipe_names
    True
    """
    import spacy

    probe = spacy.load(model)  # names of the components, then reload without the rest
    drop = [name for name in probe.pipe_names if name not in _KEEP]
    return spacy.load(model, disable=drop) if drop else probe


def _forms(nlp) -> tuple[Callable[[str], bool], frozenset[str]]:
    """Membership in ``lemma_lookup`` and the set of lemmas of ``lemma_index``."""
    lookups = nlp.get_pipe("lemmatizer").lookups
    table = lookups.get_table("lemma_lookup")
    index = lookups.get_table("lemma_index")
    lemmas = frozenset(w.lower() for key in index.keys() for w in index[key])
    return table.__contains__, lemmas


def french_lexicon(nlp) -> Callable[[str], bool]:
    """A case-insensitive test of French words, accepting plural and feminine endings.

    :param nlp: a spaCy French pipeline with a lookup-backed lemmatizer.
    :raises KeyError: if the lemmatizer has no ``lemma_lookup`` or ``lemma_index`` table.

    >>> french_lexicon(load_nlp())("différenciation")
    True
    """
    listed, lemmas = _forms(nlp)

    def known(form: str) -> bool:
        return form in lemmas or listed(form)

    def is_word(word: str) -> bool:
        w = word.lower()
        if known(w):
            return True
        return any(w.endswith(e) and len(w) > len(e) + 1 and known(w[: -len(e)]) for e in _ENDINGS)

    return is_word
