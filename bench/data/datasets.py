"""The graphs a run measures: the real corpus graph (built by ``cxkg.loaders.build``) and synthetic ones.

Each dataset ends up as an N-Quads file that every store loads, with the
catalogue queries bound for it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import pyoxigraph as ox

from cxkg.bench.data.plans import corpus_queries, synthetic_queries
from cxkg.bench.data.synth import generate, size_name
from cxkg.config import PROJECT_ROOT
from cxkg.store.embedded import OxigraphStore


@dataclass
class Dataset:
    name: str
    data: Path
    triples: int
    queries: list[dict]
    info: dict


def synthetic(size: int, folder: Path, seed: int, progress) -> Dataset:
    started = time.perf_counter()
    path = folder / f"synthetic-{size_name(size)}.nq"
    manifest = generate(path, size, seed)
    seconds = time.perf_counter() - started
    progress(f"  generated {manifest['triples']:,} triples ({manifest['documents']} documents, "
             f"{manifest['concepts']} concepts) in {seconds:.1f} s")
    info = {**manifest, "generate_s": round(seconds, 2), "kind": "synthetic"}
    return Dataset(size_name(size), path, manifest["triples"], synthetic_queries(manifest), info)


def build_once(corpus: Path, store: Path, profile: bool = False) -> dict:
    """One ``cxkg build`` in a fresh process (:mod:`cxkg.bench.data.buildtime`); its figures and wall time."""
    command = [sys.executable, "-m", "cxkg.bench.data.buildtime", "--corpus", str(corpus), "--store", str(store)]
    started = time.perf_counter()
    done = subprocess.run(command + (["--profile"] if profile else []), cwd=PROJECT_ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"the corpus build failed: {done.stderr[-2000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "wall_s": round(wall, 3)}


def corpus_build(corpus: Path, folder: Path, runs: int, progress) -> tuple[dict, Path]:
    """Build the corpus graph ``runs`` times; the figures and the store of the last build."""
    store = folder / "corpus-store"
    builds = []
    for i in range(runs):
        figures = build_once(corpus, store)
        builds.append(figures)
        progress(f"  build {i + 1}/{runs}: {figures['wall_s']:.1f} s wall, {figures['cpu_s']:.1f} s CPU, "
                 + ", ".join(f"{k} {v:.1f}" for k, v in figures["stages"].items()))
    walls = [b["wall_s"] for b in builds]
    summary = {"runs": builds, "median_wall_s": round(median(walls), 3), "min_wall_s": min(walls),
               "median_cpu_s": round(median(b["cpu_s"] for b in builds), 3),
               "stages": {k: round(median(b["stages"][k] for b in builds), 3) for k in builds[0]["stages"]}}
    return summary, store


def corpus(store: Path, folder: Path) -> Dataset:
    """The built corpus graph, dumped to N-Quads, with the catalogue's default parameters.

    Only the named graphs are dumped: each store measured makes its own default
    graph from them (or, Virtuoso, queries their union).
    """
    path = folder / "corpus.nq"
    view = OxigraphStore.open(store, read_only=True)
    queries = corpus_queries(view)
    raw = ox.Store.read_only(str(store))
    named = (q for q in raw.quads_for_pattern(None, None, None, None) if q.graph_name != ox.DefaultGraph())
    ox.serialize(named, str(path), ox.RdfFormat.N_QUADS)
    triples = sum(1 for _ in path.open(encoding="utf-8"))
    return Dataset("corpus", path, triples, queries, {"kind": "corpus", "triples": triples, "documents": 5})
