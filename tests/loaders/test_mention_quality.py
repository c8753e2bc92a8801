"""Precision and recall of the concept mentions on the corpus, against hand-labelled data.

The real mention finder (the project's labels, rules and language model, as a build loads
them) runs on the real documents; ``tests/data/MENTIONS-GUIDE.md`` says what the labels
count as a mention and how the scores are computed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxkg.config import Settings
from cxkg.loaders.corpus import read_corpus
from cxkg.loaders.extract import read_page
from cxkg.loaders.mentions import find_all_mentions
from cxkg.loaders.pipeline import load_resources

DATA = Path(__file__).resolve().parent.parent / "data"
PRECISION, RECALL = 0.95, 0.90

Found = tuple[str, int, int, str]  # document, start, end, concept slug


def read_jsonl(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def sample() -> list[dict]:
    return read_jsonl("mention-sample.jsonl")


@pytest.fixture(scope="module")
def windows() -> list[dict]:
    return read_jsonl("mention-windows.jsonl")


@pytest.fixture(scope="module")
def found(corpus_dir) -> set[Found]:
    """Every mention of every document, found as ``cxkg build`` finds them."""
    resources = load_resources(Settings(corpus=corpus_dir))
    documents = read_corpus(corpus_dir)
    pages = [read_page(d.text, resources.is_word, resources.vocabulary, d.meta.get("language", "fr")) for d in documents]
    mentions = find_all_mentions([page.folded for page in pages], resources.matcher, resources.nlp)
    return {(d.identifier, m.span.start, m.span.end, m.concept.rsplit("/", 1)[-1])
            for d, found in zip(documents, mentions) for m in found}


def overlaps(a: dict | Found, b: dict) -> bool:
    start, end = (a["start"], a["end"]) if isinstance(a, dict) else a[1:3]
    return start < b["end"] and b["start"] < end


def inside(m: Found, window: dict) -> bool:
    return m[0] == window["document"] and window["start"] <= m[1] and m[2] <= window["end"]


def in_gold(m: Found, window: dict) -> bool:
    return any(g["concept"] == m[3] and overlaps(m, g) for g in window["gold"])


def scores(found: set[Found], sample: list[dict], windows: list[dict]) -> dict[str, float | int]:
    """Precision on the judged mentions, recall on the windows' gold, and how many went unjudged."""
    verdicts = {(s["document"], s["start"], s["end"], s["concept"]): s["verdict"] == "yes" for s in sample}
    judged: dict[Found, bool] = {m: verdicts[m] for m in found if m in verdicts}
    for window in windows:
        judged.update({m: in_gold(m, window) for m in found if inside(m, window) and m not in judged})
    gold = [(w["document"], g) for w in windows for g in w["gold"]]
    hits = sum(any(m[0] == doc and m[3] == g["concept"] and overlaps(m, g) for m in found) for doc, g in gold)
    kept = sum(key in found for key, yes in verdicts.items() if yes)
    return {
        "precision": sum(judged.values()) / len(judged),
        "recall": hits / len(gold),
        "judged": len(judged),
        "gold": len(gold),
        "unjudged": len(found) - len(judged),
        "sample_yes_kept": kept / sum(verdicts.values()),
    }


def test_the_labels_still_quote_the_stored_text(sample, windows, corpus_texts):
    for row in sample + windows + [dict(g, document=w["document"]) for w in windows for g in w["gold"]]:
        text = corpus_texts[row["document"]]
        assert text[row["start"]:row["end"]] == row["text"], f"drifted: {row}"


def test_the_sample_is_large_and_spread(sample, windows, corpus_texts):
    assert len(sample) >= 300 and {s["document"] for s in sample} == set(corpus_texts)
    assert len({s["concept"] for s in sample}) >= 100 and any(s["verdict"] == "no" for s in sample)
    assert len(windows) >= 40 and {w["document"] for w in windows} == set(corpus_texts)
    assert sum(len(w["gold"]) for w in windows) >= 80


def test_sample_and_windows_agree_where_they_meet(sample, windows):
    for s in sample:
        for window in windows:
            if inside((s["document"], s["start"], s["end"], s["concept"]), window):
                key = (s["document"], s["start"], s["end"], s["concept"])
                assert in_gold(key, window) == (s["verdict"] == "yes"), s


def test_mentions_reach_the_precision_and_recall_targets(found, sample, windows):
    result = scores(found, sample, windows)
    print("mention quality:", ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items()))
    assert result["precision"] >= PRECISION, result
    assert result["recall"] >= RECALL, result
