"""What a reader should know beyond the tables: stopped or failed queries, stores that
disagree on a result, and a machine too busy for its wall-clock figures.

Pure functions over the results.
"""

from __future__ import annotations


def stopped_and_failed(results: dict) -> list[str]:
    notes = []
    for name, data in results["datasets"].items():
        sources = {kind: figures.get("queries", {}) for kind, figures in data["stores"].items()}
        sources["/api/queries"] = data.get("http", {}).get("api_sequential", {})
        for kind, queries in sources.items():
            stopped = [q for q, f in queries.items() if "timeout_s" in f]
            failed = {q: f.get("error", f"HTTP {f.get('status')}") for q, f in queries.items() if "error" in f}
            if stopped:
                cap = queries[stopped[0]]["timeout_s"]
                notes.append(f"{name}, {kind}: {', '.join(stopped)} stopped at the cap of {cap:g} s.")
            for qid, error in failed.items():
                notes.append(f"{name}, {kind}: {qid} failed: {error.splitlines()[0][:160]}")
    return notes


def disagreements(results: dict) -> list[str]:
    """Queries whose row counts differ between stores on the same data."""
    notes = []
    for name, data in results["datasets"].items():
        counts: dict[str, dict[str, int]] = {}
        for kind, figures in data["stores"].items():
            for qid, f in figures.get("queries", {}).items():
                if "rows" in f:
                    counts.setdefault(qid, {})[kind] = f["rows"]
        for qid, by_store in sorted(counts.items()):
            if len(set(by_store.values())) > 1:
                notes.append(f"{name}, {qid}: row counts differ: " + ", ".join(f"{k} {v}" for k, v in by_store.items()) + ".")
    return notes


def busy_machine(results: dict) -> list[str]:
    m = results["machine"]
    loads = [m["load_average_start"][0], (m.get("load_average_end") or [0])[0]]
    if max(loads) > m["cores"]:
        return [f"The machine was busy with other work during this run (1-minute load average {loads[0]} at the start, "
                f"{loads[1]} at the end, on {m['cores']} cores): wall-clock figures, above all the build's and the HTTP loads', "
                "are slower than on a quiet machine; CPU times and the ratios between endpoints loaded in turn suffer less."]
    return []


def servers_left_out(results: dict) -> list[str]:
    """Servers under test that did not come up, so their columns are empty."""
    return [f"{name}: `cxkg serve` over Virtuoso was left out: {data['http']['remote_error']}"
            for name, data in results["datasets"].items() if data.get("http", {}).get("remote_error")]


def collect(results: dict) -> list[str]:
    return busy_machine(results) + servers_left_out(results) + stopped_and_failed(results) + disagreements(results)
