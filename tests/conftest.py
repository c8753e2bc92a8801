"""Fixtures shared by the test suite: the corpus, and one real build of it.

The graph is built once per test session, by the same code as `cxkg build`,
into a temporary store; tests read it through a read-only view, as the
service does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ontology.config import Settings
from ontology.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CXKG = Path(sys.executable).parent / "cxkg"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    assert (CORPUS / "corpus.json").is_file(), f"the corpus is missing at {CORPUS}"
    return CORPUS


@pytest.fixture(scope="session")
def corpus_texts(corpus_dir) -> dict[str, str]:
    """Each document's text exactly as stored, by identifier."""
    entries = json.loads((corpus_dir / "corpus.json").read_text(encoding="utf-8"))
    return {
        e["id"]: (corpus_dir / f"{e['id']}.txt").read_bytes().decode("utf-8") for e in entries
    }


@pytest.fixture(scope="session")
def built(tmp_path_factory, corpus_dir):
    """Build the corpus graph once; return (settings, summary)."""
    from loaders.build import build

    settings = Settings(corpus=corpus_dir, store=str(tmp_path_factory.mktemp("store") / "store"))
    summary = build(settings, progress=lambda line: None)
    return settings, summary


@pytest.fixture(scope="session")
def store(built) -> OxigraphStore:
    settings, _ = built
    return OxigraphStore.open(settings.store, read_only=True)


@pytest.fixture
def cxkg():
    """Run the real `cxkg` command; returns the CompletedProcess."""

    def run(*args: str, input: str | None = None, env: dict | None = None):
        return subprocess.run(
            [str(CXKG), *args], capture_output=True, text=True, input=input, env=env, timeout=600
        )

    return run
