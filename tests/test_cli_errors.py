"""Bad input stops `cxkg build` with an error naming the file and line, and leaves the store alone."""

from __future__ import annotations

import json
import shutil

import pytest


@pytest.fixture
def corpus_copy(tmp_path, corpus_dir):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus_dir, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


def build_fails(cxkg, folder, store):
    result = cxkg("build", "--corpus", str(folder), "--store", str(store))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the store was left as it was" in result.stderr
    return result.stderr


def test_missing_corpus_folder(cxkg, tmp_path):
    error = build_fails(cxkg, tmp_path / "nowhere", tmp_path / "store")
    assert "nowhere: no such corpus folder" in error


def test_empty_file_is_named_with_its_line(cxkg, corpus_copy, tmp_path):
    (corpus_copy / "001_db3e0ae5cb11ca84.txt").write_text("  \n", encoding="utf-8")
    error = build_fails(cxkg, corpus_copy, tmp_path / "store")
    assert "001_db3e0ae5cb11ca84.txt, line 1: the file is empty" in error


def test_non_utf8_file_names_the_line(cxkg, corpus_copy, tmp_path):
    path = corpus_copy / "004_9296ed2cea8616ec.txt"
    path.write_bytes(b"---\nlang: fr\n---\nCaf\xe9 cr\xe8me\n")
    error = build_fails(cxkg, corpus_copy, tmp_path / "store")
    assert "004_9296ed2cea8616ec.txt, line 4: not UTF-8 text" in error


def test_catalogue_entry_without_its_file(cxkg, corpus_copy, tmp_path):
    (corpus_copy / "002_7be3e768dc10d506.txt").unlink()
    error = build_fails(cxkg, corpus_copy, tmp_path / "store")
    entries = (corpus_copy / "corpus.json").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(entries, 1) if "002_7be3e768dc10d506" in text)
    assert f"corpus.json, line {line}: entry '002_7be3e768dc10d506' has no file" in error


def test_catalogue_that_is_not_json(cxkg, corpus_copy, tmp_path):
    (corpus_copy / "corpus.json").write_text('[\n  {"id": "x",\n  oops\n]', encoding="utf-8")
    error = build_fails(cxkg, corpus_copy, tmp_path / "store")
    assert "corpus.json, line 3: not valid JSON" in error


def test_failed_build_leaves_the_store_as_it_was(cxkg, built, corpus_copy):
    settings, summary = built
    (corpus_copy / "003_646ce7bedf1c5126.txt").write_bytes(b"\xff\xfe")
    build_fails(cxkg, corpus_copy, settings.store)
    listing = cxkg("query", "-", "--store", settings.store, "--format", "csv",
                   input="SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert listing.returncode == 0, listing.stderr
    assert int(listing.stdout.split()[-1]) == sum(summary.triples.values())
