"""Fixtures of the loader tests: the French word check (the corpus comes from ``tests/conftest.py``)."""

from __future__ import annotations

import pytest

from cxkg.loaders.lexicon import lexicon, load_nlp


@pytest.fixture(scope="session")
def is_word():
    """The word check that decides whether a line-break hyphen joins a word."""
    return lexicon(load_nlp())

