"""Markdown tables of the figures (pure functions: results in, lines out)."""

from __future__ import annotations

STORE_ORDER = ("oxigraph", "rdflib", "virtuoso")


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table; the first column left-aligned, the others right-aligned."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join([":--"] + ["--:"] * (len(header) - 1)) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def ms(value: float | None) -> str:
    """Milliseconds, with the precision that matters at that scale.

    >>> ms(0.2534), ms(12.345), ms(1234.5), ms(None)
    ('0.25', '12.3', '1,234', '–')
    """
    if value is None:
        return "–"
    if value < 10:
        return f"{value:.2f}"
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def cell(figures: dict | None) -> str:
    """A query's median / p95, or why there is none."""
    if not figures:
        return "–"
    if "timeout_s" in figures:
        return f"stopped > {figures['timeout_s']:g} s"
    if "error" in figures or "status" in figures:
        return "error" if "status" not in figures else f"HTTP {figures['status']}"
    text = f"{ms(figures['median_ms'])} / {ms(figures['p95_ms'])}"
    return text + (f" (n={figures['n']})" if figures["n"] < 3 else "")


def stores_of(dataset: dict) -> list[str]:
    return [s for s in STORE_ORDER if s in dataset["stores"]]


def queries_table(dataset: dict) -> list[str]:
    kinds = stores_of(dataset)
    api = dataset.get("http", {}).get("api_sequential", {})
    ids = sorted(set(dataset["bindings"]))
    header = ["query", *[f"{k} (embedded)" if k == "oxigraph" else k for k in kinds], "ours /api/queries (HTTP)", "rows"]
    rows = []
    for qid in ids:
        figures = [dataset["stores"][k].get("queries", {}).get(qid) for k in kinds]
        counts = {f["rows"] for f in figures + [api.get(qid)] if f and "rows" in f}
        rows.append([qid, *[cell(f) for f in figures], cell(api.get(qid)) if api else "–",
                     " ≠ ".join(str(c) for c in sorted(counts)) or "–"])
    return table(header, rows)


def loading_table(results: dict) -> list[str]:
    rows = []
    for name, data in results["datasets"].items():
        for kind in stores_of(data):
            figures = data["stores"][kind]
            if "error" in figures and "load_s" not in figures:
                rows.append([name, kind, "error", "–", "–"])
                continue
            rss, fill = figures.get("peak_rss_mb"), figures.get("fill_s")
            rows.append([name, kind, f"{figures.get('load_s', 0):.2f}", "–" if fill is None else f"{fill:.2f}",
                         f"{rss:,.0f}" if rss else "–"])
    return table(["dataset", "store", "load (s)", "default graph filled (s)", "peak resident memory (MB)"], rows)


def http_table(results: dict) -> list[str]:
    """The load runs: the catalogue query on every endpoint, then the generic queries over Virtuoso."""
    rows = []
    for name, data in results["datasets"].items():
        http = data.get("http")
        if not http:
            continue
        runs = [(http["query"], http["load"])] + list(http.get("remote_load", {}).items())
        for query, endpoints in runs:
            for endpoint, f in endpoints.items():
                bad = f["requests"] - f["ok"]
                rows.append([name, query, endpoint, f"{f['rps']:,.1f}", ms(f.get("p50_ms")), ms(f.get("p99_ms")),
                             f"{f['requests']:,}" + (f" ({bad} not 200)" if bad else "")])
    return table(["dataset", "query", "endpoint", "requests/s", "p50 (ms)", "p99 (ms)", "requests"], rows)


SEQUENTIAL_ORDER = ("ours /sparql", "floor", "floor (union)", "floor (cached)", "virtuoso /sparql", "ours over Virtuoso")


def quotient(figures: dict, a: str, b: str) -> str:
    """The ratio of two endpoints' medians, as ``1.23×``.

    >>> quotient({"a": {"median_ms": 3.0}, "b": {"median_ms": 2.0}}, "a", "b"), quotient({}, "a", "b")
    ('1.50×', '–')
    """
    x, y = figures.get(a, {}).get("median_ms"), figures.get(b, {}).get("median_ms")
    return f"{x / y:.2f}×" if x and y else "–"


def sequential_table(results: dict) -> list[str]:
    """One request at a time: each query's median / p95 on every endpoint, and the two ratios the targets judge."""
    rows = []
    for name, data in results["datasets"].items():
        for query, figures in data.get("http", {}).get("sequential", {}).items():
            counts = sorted({f["rows"] for f in figures.values() if f.get("rows") is not None})
            rows.append([name, query, " ≠ ".join(str(c) for c in counts) or "–",
                         *[cell(figures.get(e)) for e in SEQUENTIAL_ORDER],
                         quotient(figures, "ours /sparql", "floor"), quotient(figures, "floor", "floor (union)"),
                         quotient(figures, "ours over Virtuoso", "virtuoso /sparql")])
    return table(["dataset", "query", "rows", *SEQUENTIAL_ORDER, "ours ÷ floor", "set ÷ union", "over Virtuoso ÷ Virtuoso"], rows)


def memory_table(results: dict) -> list[str]:
    rows = []
    for name, data in results["datasets"].items():
        memory = data.get("http", {}).get("memory")
        if not memory:
            continue
        for i, w in enumerate(memory["workers"], start=1):
            rows.append([name, str(i), f"{w['rss_mb']:.0f}", f"{w['children']}", f"{w['children_rss_mb']:.0f}",
                         f"{w['rss_mb'] + w['children_rss_mb']:.0f}", f"{w['peak_mb'] + w['children_peak_mb']:.0f}"])
        floor = data["http"].get("floor_memory", {}).get("workers", [])
        if floor:
            largest = f"{max(w['rss_mb'] for w in floor):.0f}"
            rows.append([name, "floor", largest, "0", "0", largest, "–"])
    return table(["dataset", "worker", "worker RSS (MB)", "query processes", "their RSS (MB)", "total (MB)", "total peak (MB)"], rows)


def build_table(build: dict) -> list[str]:
    rows = [[stage, f"{seconds:.2f}"] for stage, seconds in build["stages"].items()]
    rows.append(["**total (wall, process start to end)**", f"**{build['median_wall_s']:.2f}**"])
    rows.append(["total CPU time (user + system)", f"{build['median_cpu_s']:.2f}"])
    functions = build["runs"][-1]["functions"]
    detail = table(["function the build times (last run)", "seconds"], [[k, f"{v:.2f}"] for k, v in functions.items()])
    return table(["stage (median of runs)", "seconds"], rows) + [""] + detail


def targets_table(targets: list[dict]) -> list[str]:
    mark = {"pass": "**pass**", "miss": "**miss**", "not measured": "not measured"}
    rows = [[t["name"], "–" if t["measured"] is None else f"{t['measured']:g}",
             f"{'≤' if t['better'] == 'lower' else '≥'} {t['limit']:g}", mark[t["status"]], t["detail"]] for t in targets]
    return table(["target", "measured", "limit", "result", "how"], rows)


def probe_table(results: dict) -> list[str]:
    """The load-test query alone on pyoxigraph, and what a second thread adds."""
    rows = []
    for name, data in results["datasets"].items():
        oxigraph = data["stores"].get("oxigraph", {})
        probe = oxigraph.get("probe")
        if probe:
            alone = oxigraph.get("queries", {}).get(probe["id"], {}).get("median_ms")
            rows.append([name, probe["id"], ms(alone), f"{probe['two_thread_speedup']:.2f}"])
    return table(["dataset", "query", "pyoxigraph alone, median (ms)", "2 threads vs 1 (speed-up)"], rows)
