"""Fixtures of the loader tests: the corpus folder and the French word check."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxkg.loaders.lexicon import french_lexicon, load_nlp

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


@pytest.fixture(scope="session")
def is_word():
    """The word check that decides whether a line-break hyphen joins a word."""
    return french_lexicon(load_nlp())


def read_stored(stem: str) -> str:
    """A corpus document's text as stored, by its id or the start of its id."""
    (path,) = CORPUS.glob(f"{stem}*.txt")
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()
