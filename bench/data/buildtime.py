"""Time the corpus build stage by stage, in a fresh process (as ``cxkg build`` runs).

The build's own stopwatch (``cxkg.loaders.build.Stopwatch``) times each function it
calls and returns the sums in ``Summary.seconds``; this module runs the build
unchanged, reads them, and groups them into the stages of the report. With
``--profile`` it also runs the build under pyinstrument and keeps the
functions that cost most.

    python -m cxkg.bench.data.buildtime --corpus DIR --store DIR [--profile]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

#: Report stage <- the build's own stage names (prefixes).
STAGES = {
    "read": ("read corpus", "load language model and data"),
    "extract": ("normalise and segment", "extract", "find concept mentions", "map to triples"),
    "load": ("load ontology", "load editorial data", "load"),
    "reason": ("reason",),
    "validate": ("validate",),
}


def matches_prefix(name: str, names: tuple[str, ...]) -> bool:
    """``reason (OWL-RL rules)`` is the reason stage whatever its parenthesis says."""
    return any(name.startswith(n) for n in names if n in ("reason", "validate"))


def group(seconds: dict[str, float], total: float) -> dict[str, float]:
    """The build's timed functions summed into read/extract/load/reason/validate (+ other).

    >>> group({"read corpus": 1.0, "load": 2.0, "load ontology": 0.5, "reason (OWL-RL rules)": 1.0}, 5.0)
    {'read': 1.0, 'extract': 0.0, 'load': 2.5, 'reason': 1.0, 'validate': 0.0, 'other': 0.5}
    """
    grouped = {stage: 0.0 for stage in STAGES}
    for name, value in seconds.items():
        stage = next((s for s, names in STAGES.items() if name in names or matches_prefix(name, names)), "other")
        grouped[stage] = grouped.get(stage, 0.0) + value
    grouped["other"] = round(max(0.0, total - sum(grouped.values())), 3)
    return {k: round(v, 3) for k, v in grouped.items()}


def package(path: str | None) -> str:
    """The library (or project folder) a source file belongs to.

    >>> package("/x/.venv/lib/python3.11/site-packages/pyshacl/shape.py"), package("/work/main/loaders/build.py")
    ('pyshacl', 'loaders')
    """
    if not path:
        return "native / waiting"
    parts = Path(path).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].split(".")[0]
    for folder in ("loaders", "ontology", "queries", "api", "bench"):
        if folder in parts:
            return folder
    return "python stdlib" if "python3" in path or path.startswith("<") else Path(path).parent.name


def top_functions(session, n: int = 15) -> dict:
    """Own time per function and per library in a pyinstrument session.

    pyinstrument's synthetic ``[self]`` frames repeat their parent's own time:
    only real frames are counted.
    """
    own: dict[str, float] = {}
    libraries: dict[str, float] = {}

    def walk(frame) -> None:
        if not frame.is_synthetic:
            key = f"{frame.function} ({Path(frame.file_path or '?').name}:{frame.line_no})"
            own[key] = own.get(key, 0.0) + frame.total_self_time
            library = package(frame.file_path)
            libraries[library] = libraries.get(library, 0.0) + frame.total_self_time
        for child in frame.children:
            walk(child)
    walk(session.root_frame())
    ranked = sorted(own.items(), key=lambda kv: -kv[1])[:n]
    return {"top": [{"function": k, "self_s": round(v, 3)} for k, v in ranked],
            "libraries": {k: round(v, 2) for k, v in sorted(libraries.items(), key=lambda kv: -kv[1])[:10]}}


def cpu_seconds() -> float:
    """User and system CPU time of this process: what the build cost, whatever else ran."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return round(usage.ru_utime + usage.ru_stime, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--store", required=True)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    from cxkg.loaders.build import build
    from cxkg.config import Settings

    settings = Settings(corpus=Path(args.corpus), store=args.store)
    imported = time.perf_counter() - started
    progress = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    summary = build(settings, progress=progress)
    total = time.perf_counter() - started
    result = {
        "total_s": round(total, 3),
        "import_s": round(imported, 3),
        "functions": {k: round(v, 3) for k, v in summary.seconds.items()},
        "stages": group(summary.seconds, total - imported),
        "triples": sum(summary.triples.values()),
        "violations": len(summary.violations),
        "cpu_s": cpu_seconds(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if profiler is not None:
        result["profile"] = top_functions(profiler.stop())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
