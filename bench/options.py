"""The settings of one benchmark run, full or quick, in one frozen record."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from cxkg.bench.data.synth import SEED

STORES = ("oxigraph", "rdflib", "virtuoso")


@dataclass(frozen=True)
class Options:
    sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)
    corpus: bool = True
    stores: tuple[str, ...] = STORES
    http: bool = True
    quick: bool = False
    seed: int = SEED
    workdir: Path | None = None
    corpus_dir: Path | None = None
    #: catalogue queries: timed runs after a warm-up, seconds of repetitions, cap of one run
    reps: int = 20
    budget: float = 5.0
    cap: float = 30.0
    #: rdflib from this size on: one run per query, capped at ``rdflib_big_cap``
    rdflib_big: int = 1_000_000
    rdflib_big_cap: float = 20.0
    #: HTTP load: seconds, connections, warm-up; the query (a catalogue id)
    duration: float = 10.0
    connections: int = 8
    warmup: float = 1.0
    rounds: int = 2
    http_query: str = "cq15"
    #: one request at a time: requests per endpoint and query (after a warm-up); the catalogue query asked
    sequential: int = 60
    sequential_query: str = "cq13"
    workers: int = 2
    threads: int = 4
    result_limit: int = 1_000_000
    build_runs: int = 3
    profile: bool = True
    profile_seconds: float = 8.0
    extra: dict = field(default_factory=dict)

    @classmethod
    def quick_run(cls, **given) -> "Options":
        """A short run: few repetitions, short loads, one build."""
        defaults = dict(quick=True, reps=5, budget=1.0, cap=10.0, rdflib_big_cap=10.0, duration=2.0,
                        warmup=0.5, rounds=1, build_runs=1, profile=False, sequential=15)
        return cls(**{**defaults, **given})

    def plan(self, kind: str, size: int) -> dict:
        """Repetitions, budget and cap for one store at one size."""
        if kind == "rdflib" and size >= self.rdflib_big:
            return {"reps": 1, "budget": 0.0, "cap": self.rdflib_big_cap}
        return {"reps": self.reps, "budget": self.budget, "cap": self.cap}

    def http_opts(self) -> dict:
        keys = ("duration", "connections", "warmup", "cap", "reps", "budget", "workers", "threads", "result_limit", "http_query", "rounds",
                "sequential", "sequential_query")
        return {k: getattr(self, k) for k in keys}

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in ("workdir", "corpus_dir"):
            data[key] = str(data[key]) if data[key] else None
        return data
