"""The issue's targets, computed from one run's figures: measured value, limit, pass or miss.

Every function here is pure: results in, verdicts out.
"""

from __future__ import annotations

from cxkg.bench.report.stats import geomean, ratio

SERVE_MB = 250.0
BUILD_S = 15.0


def verdict(name: str, measured: float | None, limit: float, better: str, detail: str) -> dict:
    """One target; ``better`` is ``"lower"`` or ``"higher"``; ``None`` means not measured."""
    if measured is None:
        status = "not measured"
    elif (measured <= limit) if better == "lower" else (measured >= limit):
        status = "pass"
    else:
        status = "miss"
    return {"name": name, "measured": measured, "limit": limit, "better": better, "status": status, "detail": detail}


def load_figure(results: dict, dataset: str, endpoint: str, key: str = "p50_ms") -> float | None:
    return results["datasets"].get(dataset, {}).get("http", {}).get("load", {}).get(endpoint, {}).get(key)


def sparql_vs_floor(results: dict) -> dict:
    ours, floor = load_figure(results, "corpus", "ours /sparql"), load_figure(results, "corpus", "floor")
    return verdict("/sparql median <= 1.3x the floor (corpus graph)", ratio(ours, floor), 1.3, "lower",
                   f"ours p50 {ours} ms, floor p50 {floor} ms under the same load")


def versus_virtuoso(results: dict, dataset: str) -> dict:
    ours, theirs = load_figure(results, dataset, "ours /sparql"), load_figure(results, dataset, "virtuoso /sparql")
    rps = ratio(load_figure(results, dataset, "ours /sparql", "rps"), load_figure(results, dataset, "virtuoso /sparql", "rps"))
    return verdict(f"/sparql >= 2x faster than Virtuoso's endpoint ({dataset})", ratio(theirs, ours), 2.0, "higher",
                   f"Virtuoso p50 {theirs} ms / ours {ours} ms; throughput ratio {rps}")


def catalogue_vs_raw(results: dict, dataset: str = "1m") -> dict:
    """Each catalogue query through ``/api/queries`` against raw pyoxigraph, at 1M."""
    data = results["datasets"].get(dataset, {})
    api = data.get("http", {}).get("api_sequential", {})
    raw = data.get("stores", {}).get("oxigraph", {}).get("queries", {})
    ratios = {q: ratio(api[q].get("median_ms"), raw[q].get("median_ms")) for q in raw if q in api}
    ratios = {q: r for q, r in ratios.items() if r is not None}
    if not ratios:
        return verdict(f"catalogue queries within 1.5x of raw pyoxigraph ({dataset})", None, 1.5, "lower", "not run")
    worst = max(ratios, key=ratios.get)
    within = sum(1 for r in ratios.values() if r <= 1.5)
    skipped = sorted(set(raw) - set(ratios))
    over = ", ".join(f"{q} {r:g}x (raw {raw[q]['median_ms']:g} ms)" for q, r in sorted(ratios.items()) if r > 1.5)
    return verdict(f"catalogue queries within 1.5x of raw pyoxigraph ({dataset}, worst query)", ratios[worst], 1.5, "lower",
                   f"worst {worst}; {within}/{len(ratios)} within 1.5x; geometric mean {geomean(list(ratios.values()))}"
                   + (f"; over: {over}" if over else "")
                   + (f"; not comparable (stopped or failed): {', '.join(skipped)}" if skipped else ""))


def build_time(results: dict) -> dict:
    build = results.get("build")
    if not build:
        return verdict("corpus build <= 15 s", None, BUILD_S, "lower", "not run")
    return verdict("corpus build <= 15 s", build["median_wall_s"], BUILD_S, "lower",
                   f"median wall of {len(build['runs'])} run(s), process start to end; CPU {build['median_cpu_s']} s")


def worker_memory(results: dict) -> dict:
    """The serving worker (with its query processes) on the corpus graph, or the first dataset served."""
    served = [n for n, d in results["datasets"].items() if d.get("http", {}).get("memory")]
    if not served:
        return verdict("serving worker <= 250 MB resident", None, SERVE_MB, "lower", "not run")
    name = "corpus" if "corpus" in served else served[0]
    worst = max(results["datasets"][name]["http"]["memory"]["workers"], key=lambda w: w["rss_mb"] + w["children_rss_mb"])
    total = round(worst["rss_mb"] + worst["children_rss_mb"], 1)
    return verdict(f"serving worker <= 250 MB resident ({name}, worker + query processes)", total, SERVE_MB, "lower",
                   f"worker {worst['rss_mb']} MB alone, {worst['children']} query processes {worst['children_rss_mb']} MB")


def evaluate(results: dict) -> list[dict]:
    return [sparql_vs_floor(results), versus_virtuoso(results, "corpus"), versus_virtuoso(results, "100k"),
            catalogue_vs_raw(results), build_time(results), worker_memory(results)]
