"""Plain sentences on each missed target, derived from the figures and the profiles.

Only what the numbers of this run say: which stage costs what, and where the
time goes. Pure functions over the results.
"""

from __future__ import annotations


PIPES = "pipes to the query process (incl. waiting)"
HTTP = "HTTP server (gunicorn, Flask, incl. polling)"


def share(profile: dict, activity: str) -> str:
    return f"{profile.get('by_activity', {}).get(activity, 0):.0%}"


def profile_of(results: dict, prefix: str) -> dict:
    return next((p for name, p in results.get("profiles", {}).items() if name.startswith(prefix) and "error" not in p), {})


def service_sentence(profile: dict) -> str:
    if not profile.get("samples"):
        return ""
    return (f" py-spy on a worker and its query processes ({profile['dataset']} graph): pyoxigraph evaluating "
            f"{share(profile, 'pyoxigraph evaluation')} of the samples, results written in Python "
            f"{share(profile, 'result writing')}, the pipes to the query process {share(profile, PIPES)} (with waiting), "
            f"the query guard {share(profile, 'query guard')}, gunicorn and Flask {share(profile, HTTP)} (with polling).")


def floor_miss(results: dict, target: dict) -> str:
    return (f"**{target['name']}**: {target['detail']}. The floor runs pyoxigraph in the worker itself; `cxkg serve` adds "
            "the SPARQL protocol checks, the query guard, and the round trip to a query process, whose answer comes back as the bytes pyoxigraph wrote."
            + service_sentence(profile_of(results, "/sparql on corpus")))


def virtuoso_miss(results: dict, target: dict) -> str:
    name = target["name"].rsplit("(", 1)[1].rstrip(")")
    data = results["datasets"].get(name, {})
    qid = data.get("http", {}).get("query", "")
    ours = data.get("stores", {}).get("oxigraph", {}).get("queries", {}).get(qid, {})
    theirs = data.get("stores", {}).get("virtuoso", {}).get("queries", {}).get(qid, {})
    engine = ""
    if "median_ms" in ours and "median_ms" in theirs:
        engine = (f" Alone, {qid} takes {ours['median_ms']:g} ms in pyoxigraph (its parameter written in, as `/sparql` gets it), "
                  f"against {theirs['median_ms']:g} ms for Virtuoso over HTTP")
        if ours["median_ms"] >= theirs["median_ms"] / 2:
            engine += (": even with no service overhead at all, pyoxigraph alone cannot answer in half Virtuoso's time; "
                       "the engine sets the limit, not the service layer.")
        else:
            engine += (": the engine is not behind here, so the gap is the service's per-request path, which the profile "
                       "below splits (when this dataset was profiled).")
    return f"**{target['name']}**: {target['detail']}.{engine}" + service_sentence(profile_of(results, f"/sparql on {name}"))


def catalogue_miss(results: dict, target: dict) -> str:
    data = results["datasets"].get("1m", {})
    raw = data.get("stores", {}).get("oxigraph", {}).get("queries", {})
    api = data.get("http", {}).get("api_sequential", {})
    pairs = {q: (raw[q]["median_ms"], api[q]["median_ms"]) for q in raw if "median_ms" in raw[q] and "median_ms" in api.get(q, {})}
    over = [q for q, (r, a) in pairs.items() if a > 1.5 * r]
    text = f"**{target['name']}**: {target['detail']}."
    quick = sorted(a - r for r, a in pairs.values() if r < 2)
    if quick and over:
        text += (f" On the queries pyoxigraph answers in under 2 ms, a request through `cxkg serve` costs {quick[len(quick) // 2]:.2f} ms "
                 "more than the query itself (HTTP, routing, parameter resolution, guard, the pipe to a query process): "
                 "a sub-millisecond query cannot stay within 1.5× of that.")
    heavy = [q for q in over if pairs[q][0] >= 2]
    if heavy:
        text += (" Over 1.5× with more work: " + ", ".join(f"{q} ({raw[q].get('rows', '?')} rows)" for q in heavy)
                 + ": the query process writes every row (`store/engine.py`) and passes the answer through the pipe "
                 "to the worker, a cost that grows with the rows returned.")
    return text + service_sentence(profile_of(results, "/api/queries"))


def light_miss(results: dict, target: dict) -> str:
    """The light query one at a time: what the floor does not pay, and the profile of one connection."""
    name = target["name"].rsplit("(", 1)[1].rstrip(")")
    figures = sequential_light(results, name)
    text = (f"**{target['name']}**: {target['detail']}. A 22-row answer takes pyoxigraph well under a millisecond, so "
            "the gap is the per-request path the floor does not have: the protocol checks and the query guard, the "
            "hand-off to a query process and back, writing the rows and negotiating the format.")
    if {"floor", "floor (cached)", "ours /sparql"} <= figures.keys():
        floor, cached, ours = figures["floor"], figures["floor (cached)"], figures["ours /sparql"]
        text += (f" The floor answering from memory, with no engine, takes {cached:g} ms: of the floor's {floor:g} ms, "
                 f"that much is gunicorn and HTTP in Python, the engine {floor - cached:.2f} ms; ours adds {ours - floor:.2f} ms.")
    return text + service_sentence(profile_of(results, f"/sparql light on {name}"))


def remote_miss(results: dict, target: dict) -> str:
    text = (f"**{target['name']}**: {target['detail']}. Virtuoso's time is in both; the rest is the service's: "
            "the request checks, the round trip to Virtuoso from the worker, and parsing and rewriting the answer "
            "when it is not passed through as it came.")
    dataset = target["name"].rsplit("(", 1)[1].rstrip(")")
    figures = sequential_light(results, dataset)
    if "light" in target["name"] and {"floor (cached)", "virtuoso /sparql"} <= figures.keys():
        cached, virtuoso = figures["floor (cached)"], figures["virtuoso /sparql"]
        text += (f" A Python layer that did nothing but answer from memory takes {cached:g} ms here (the floor with its "
                 f"answers cached), so no service in Python in front of Virtuoso's {virtuoso:g} ms could take less than "
                 f"{cached + virtuoso:.2f} ms: {(cached + virtuoso) / virtuoso:.2f}× at best, one request at a time, before "
                 "its own HTTP request to Virtuoso.")
    return text


def sequential_light(results: dict, dataset: str) -> dict[str, float]:
    """The light query's medians, one request at a time, by endpoint."""
    table = results["datasets"].get(dataset, {}).get("http", {}).get("sequential", {}).get("light (22 rows)", {})
    return {endpoint: f["median_ms"] for endpoint, f in table.items() if "median_ms" in f}


def slow_query_miss(results: dict, target: dict) -> str:
    raw = results["datasets"].get("1m", {}).get("stores", {}).get("virtuoso", {}).get("queries", {})
    over = [q.strip() for q in target["detail"].split("over:")[-1].split(";")[0].split(",")] if "over:" in target["detail"] else []
    theirs = ", ".join(f"{q} {raw[q]['median_ms']:g} ms" for q in over if "median_ms" in raw.get(q, {}))
    return f"**{target['name']}**: {target['detail']}." + (f" Virtuoso on the same graph: {theirs}." if theirs else "")


def build_miss(results: dict, target: dict) -> str:
    build = results["build"]
    stages = sorted(build["stages"].items(), key=lambda kv: -kv[1])
    text = (f"**{target['name']}**: {target['detail']}. Stages (median s): "
            + ", ".join(f"{k} {v:.1f}" for k, v in stages) + ".")
    profile = results.get("profiles", {}).get("build", {})
    if profile.get("libraries"):
        libraries = list(profile["libraries"].items())[:6]
        text += " pyinstrument, own time by library (s): " + ", ".join(f"{k} {v:.1f}" for k, v in libraries) + "."
    return text


def memory_miss(results: dict, target: dict) -> str:
    """A miss that its figures say enough about."""
    return f"**{target['name']}**: {target['detail']}."


def misses(results: dict) -> list[str]:
    """One paragraph per missed target."""
    found = []
    for target in results.get("targets", []):
        if target["status"] != "miss":
            continue
        name = target["name"]
        if name.startswith("light query"):
            found.append(light_miss(results, target))
        elif name.startswith("over Virtuoso"):
            found.append(remote_miss(results, target))
        elif name.startswith("every catalogue query"):
            found.append(slow_query_miss(results, target))
        elif name.startswith(("default graph", "ETag")):
            found.append(memory_miss(results, target))
        elif "floor" in name:
            found.append(floor_miss(results, target))
        elif "Virtuoso" in name:
            found.append(virtuoso_miss(results, target))
        elif name.startswith("catalogue"):
            found.append(catalogue_miss(results, target))
        elif name.startswith("corpus build"):
            found.append(build_miss(results, target))
        else:
            found.append(memory_miss(results, target))
    return found


def memory_at_scale(results: dict) -> str | None:
    """How a worker grows with the graph: the 250 MB target is judged on the corpus graph only."""
    rows = []
    for name, data in results["datasets"].items():
        workers = data.get("http", {}).get("memory", {}).get("workers", [])
        if workers:
            worst = max(workers, key=lambda w: w["rss_mb"] + w["children_rss_mb"])
            rows.append(f"{name} {worst['rss_mb'] + worst['children_rss_mb']:.0f} MB")
    return ("A serving worker with its query processes, largest per graph: " + ", ".join(rows)
            + ". Each query process holds its own read-only view of the store and its caches.") if rows else None
