"""The issue's targets, computed from one run's figures: measured value, limit, pass or miss.

Every function here is pure: results in, verdicts out.
"""

from __future__ import annotations

from cxkg.bench.report.stats import geomean, ratio

SERVE_MB = 250.0
BUILD_S = 15.0
LIGHT = "light (22 rows)"
ROWS = "5,000 rows"
CQ_S = 2.0
RAW_FLOOR_MS = 5.0


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
    return verdict("/sparql median under load <= 1.3x the floor (corpus graph)", ratio(ours, floor), 1.3, "lower",
                   f"ours p50 {ours} ms, floor p50 {floor} ms under the same load")


def versus_virtuoso(results: dict, dataset: str) -> dict:
    ours, theirs = load_figure(results, dataset, "ours /sparql"), load_figure(results, dataset, "virtuoso /sparql")
    rps = ratio(load_figure(results, dataset, "ours /sparql", "rps"), load_figure(results, dataset, "virtuoso /sparql", "rps"))
    return verdict(f"/sparql >= 2x faster than Virtuoso's endpoint ({dataset})", ratio(theirs, ours), 2.0, "higher",
                   f"Virtuoso p50 {theirs} ms / ours {ours} ms; throughput ratio {rps}")


def catalogue_vs_raw(results: dict, dataset: str = "1m") -> dict:
    """Each catalogue query through ``/api/queries`` against raw pyoxigraph, where raw takes over 5 ms."""
    name = f"catalogue queries within 1.5x of raw pyoxigraph where raw > {RAW_FLOOR_MS:g} ms ({dataset}, worst query)"
    data = results["datasets"].get(dataset, {})
    api = data.get("http", {}).get("api_sequential", {})
    raw = data.get("stores", {}).get("oxigraph", {}).get("queries", {})
    ratios = {q: ratio(api[q].get("median_ms"), raw[q].get("median_ms")) for q in raw if q in api}
    ratios = {q: r for q, r in ratios.items() if r is not None}
    judged = {q: r for q, r in ratios.items() if raw[q]["median_ms"] > RAW_FLOOR_MS}
    if not judged:
        return verdict(name, None, 1.5, "lower", "not run" if not ratios else f"no query takes over {RAW_FLOOR_MS:g} ms raw")
    worst = max(judged, key=judged.get)
    within = sum(1 for r in judged.values() if r <= 1.5)
    skipped = sorted(set(raw) - set(ratios))
    over = ", ".join(f"{q} {r:g}x (raw {raw[q]['median_ms']:g} ms)" for q, r in sorted(judged.items()) if r > 1.5)
    quick = sorted(set(ratios) - set(judged))
    return verdict(name, judged[worst], 1.5, "lower",
                   f"worst {worst}; {within}/{len(judged)} within 1.5x; geometric mean {geomean(list(judged.values()))}"
                   + (f"; over: {over}" if over else "")
                   + (f"; raw under {RAW_FLOOR_MS:g} ms, not judged: {', '.join(quick)}" if quick else "")
                   + (f"; not comparable (stopped or failed): {', '.join(skipped)}" if skipped else ""))


def every_query_fast(results: dict, dataset: str = "1m") -> dict:
    """The slowest catalogue query on the embedded store (raw pyoxigraph), in seconds; a stopped one counts as its cap."""
    name = f"every catalogue query < {CQ_S:g} s ({dataset}, embedded store)"
    raw = results["datasets"].get(dataset, {}).get("stores", {}).get("oxigraph", {}).get("queries", {})
    seconds = {q: f["median_ms"] / 1000 if "median_ms" in f else f.get("timeout_s") for q, f in raw.items()}
    seconds = {q: s for q, s in seconds.items() if s is not None}
    if not seconds:
        return verdict(name, None, CQ_S, "lower", "not run")
    worst = max(seconds, key=seconds.get)
    over = [q for q, s in sorted(seconds.items()) if s >= CQ_S]
    stopped = [q for q, f in raw.items() if "timeout_s" in f]
    return verdict(name, round(seconds[worst], 3), CQ_S, "lower",
                   f"slowest {worst}; {len(seconds) - len(over)}/{len(seconds)} under {CQ_S:g} s"
                   + (f"; over: {', '.join(over)}" if over else "") + (f"; stopped at the cap: {', '.join(stopped)}" if stopped else ""))


def sequential_figure(results: dict, dataset: str, query: str, endpoint: str) -> float | None:
    return results["datasets"].get(dataset, {}).get("http", {}).get("sequential", {}).get(query, {}).get(endpoint, {}).get("median_ms")


def light_vs_floor(results: dict, dataset: str) -> dict:
    """The light query, one request at a time: ours against the floor."""
    ours, floor = sequential_figure(results, dataset, LIGHT, "ours /sparql"), sequential_figure(results, dataset, LIGHT, "floor")
    return verdict(f"light query one at a time: /sparql <= 1.3x the floor ({dataset})", ratio(ours, floor), 1.3, "lower",
                   f"medians: ours {ours} ms, floor {floor} ms, endpoints in turn" if ours and floor else "not run")


def judged_dataset(results: dict, key: str) -> str:
    """The corpus graph when measured with ``key``, else the first dataset that has it."""
    having = [n for n, d in results["datasets"].items() if d.get("http", {}).get(key)]
    return "corpus" if "corpus" in having else (having[0] if having else "corpus")


def over_virtuoso(results: dict, query: str, mode: str) -> dict:
    """Ours over Virtuoso against Virtuoso's own ``/sparql``: one at a time (medians) or under load (p50)."""
    key = "sequential" if mode == "one at a time" else "remote_load"
    dataset = judged_dataset(results, key)
    http = results["datasets"].get(dataset, {}).get("http", {})
    if mode == "one at a time":
        ours, theirs = (http.get(key, {}).get(query, {}).get(e, {}).get("median_ms") for e in ("ours over Virtuoso", "virtuoso /sparql"))
    else:
        ours, theirs = (http.get(key, {}).get(query, {}).get(e, {}).get("p50_ms") for e in ("ours over Virtuoso", "virtuoso /sparql"))
    how = "medians" if mode == "one at a time" else f"p50 under {results['options']['connections']} connections"
    return verdict(f"over Virtuoso, {query}, {mode}: /sparql <= 1.2x Virtuoso's own ({dataset})", ratio(ours, theirs), 1.2, "lower",
                   f"{how}: ours over Virtuoso {ours} ms, Virtuoso direct {theirs} ms" if ours and theirs else "not run")


def set_cost(results: dict) -> dict:
    """What a default graph that is a set costs under load: the floor on it against the floor on the union."""
    dataset = judged_dataset(results, "load")
    on_set, on_union = load_figure(results, dataset, "floor"), load_figure(results, dataset, "floor (union)")
    others = "; ".join(f"{n} {ratio(load_figure(results, n, 'floor'), load_figure(results, n, 'floor (union)'))}x"
                       for n in results["datasets"] if n != dataset and load_figure(results, n, "floor (union)"))
    alone = "; ".join(f"{query} {ratio(s, u)}x" for query in sequential_queries(results, dataset)
                      if (s := sequential_figure(results, dataset, query, "floor")) and (u := sequential_figure(results, dataset, query, "floor (union)")))
    return verdict(f"default graph as a set costs <= 10% under load (floor on the filled default graph vs on the union, {dataset})",
                   ratio(on_set, on_union), 1.1, "lower",
                   (f"p50 {on_set} ms vs {on_union} ms" + (f"; other graphs: {others}" if others else "")
                    + (f"; one request at a time, medians ({dataset}): {alone}" if alone else "")) if on_set and on_union else "not run")


def sequential_queries(results: dict, dataset: str) -> list[str]:
    return list(results["datasets"].get(dataset, {}).get("http", {}).get("sequential", {}))


def repeat_requests(results: dict) -> dict:
    """A repeat GET answered 304 by its ETag, and gzip when accepted (of 3 checks)."""
    dataset = judged_dataset(results, "revalidation")
    found = results["datasets"].get(dataset, {}).get("http", {}).get("revalidation")
    if not found:
        return verdict("ETag/304 and gzip on /sparql", None, 3, "higher", "not run")
    checks = {"ETag": found["etag"], "304 to If-None-Match": found["not_modified"], "gzip": found["gzip"]}
    return verdict(f"ETag/304 and gzip on /sparql ({dataset}, checks passed of 3)", sum(checks.values()), 3, "higher",
                   ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in checks.items()) + f"; repeat answered {found['repeat_status']}")


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
    """The targets of the service's speed first, then the older ones (build, memory, against Virtuoso)."""
    return [light_vs_floor(results, "corpus"), light_vs_floor(results, "1m"),
            *(over_virtuoso(results, q, mode) for q in (LIGHT, ROWS) for mode in ("one at a time", "under load")),
            set_cost(results), every_query_fast(results), catalogue_vs_raw(results), repeat_requests(results),
            sparql_vs_floor(results), versus_virtuoso(results, "corpus"), versus_virtuoso(results, "100k"),
            build_time(results), worker_memory(results)]
