"""Read-only views of the graph as plain dicts: concepts, documents, cited works.

The REST API and the HTML pages show the same things, so they share these
functions. Each takes a store with ``.select`` (an ``OxigraphStore`` or the
service's ``Sandbox``), runs the queries of ``queries/views/`` with bound
parameters, and returns JSON-ready dicts. Concepts and documents are found by
slug or identifier among the listed ones, so the views work on any base IRI.
"""

from __future__ import annotations

import difflib
import re

import pyoxigraph as ox

from cxkg.namespaces import PREFIXES
from cxkg.queries.catalogue import support_query
from cxkg.queries.files import query_text
from cxkg.ontology.labels import fold
from cxkg.queries.claims import claim_rows, with_claims
from cxkg.queries.resolve import UnknownValue

CX = PREFIXES["cx"]
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def view_query(name: str) -> str:
    return query_text(f"views/{name}")


def rows(store, name: str, **iris: str) -> list[dict[str, str]]:
    """Rows of ``queries/views/<name>.rq`` as strings, the given variables bound to IRIs."""
    solutions = store.select(view_query(name), {k: ox.NamedNode(v) for k, v in iris.items()})
    return [{k: term.value for k, term in row.items()} for row in solutions]


def tail(iri: str) -> str:
    """The last segment of an IRI: a concept's slug, a work's, a document's identifier."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def order(text: str | None) -> tuple:
    """Sort key of a page or number: Roman (front matter, parts) before Arabic, numerically.

    >>> sorted(["12", "XVII", "3", "1.10", "IV", "1.9", None], key=order)
    ['IV', 'XVII', '1.9', '1.10', '3', '12', None]
    """
    if text is None:
        return (2,)
    values = [ROMAN.get(ch) for ch in text.upper()]
    if None not in values:
        return (0, sum(-v if v < max(values[i:]) else v for i, v in enumerate(values)))
    return (1, *(int(n) for n in re.findall(r"\d+", text)))


def summary(row: dict) -> dict:
    iri = row["concept"]
    return {"iri": iri, "slug": tail(iri), "notation": row.get("notation"),
            "label": {"fr": row.get("label_fr"), "en": row.get("label_en")}, "types": sorted(row.get("types", "").split())}


def all_summaries(store) -> dict[str, dict]:
    """Every concept's summary by IRI, in the order of its English label."""
    items = sorted((summary(r) for r in rows(store, "concept-list")), key=label_key)
    return {s["iri"]: s for s in items}


def label_key(item: dict) -> tuple:
    label = item["label"]
    return (fold(label.get("en") or label.get("fr") or item["slug"]), item["iri"])


def resolve_class(store, value: str) -> str:
    """The class a ``type`` filter names: IRI, prefixed name, local name or label.

    :raises UnknownValue: with close names when nothing fits.
    """
    found, keys = rows(store, "classes"), {}
    for row in sorted(found, key=lambda r: (not r["class"].startswith(CX), r["class"])):
        iri = row["class"]
        prefixed = next((f"{p}:{iri[len(ns):]}" for p, ns in PREFIXES.items() if iri.startswith(ns)), iri)
        for name in (iri, prefixed, prefixed.split(":")[-1], row.get("label", iri)):
            keys.setdefault(fold(name), iri)
    if fold(value) in keys:
        return keys[fold(value)]
    names = sorted({r["class"][len(CX):] for r in found if r["class"].startswith(CX)})
    raise UnknownValue("type", value, "class", difflib.get_close_matches(value, names, n=5, cutoff=0.6))


def concept_summaries(store, type: str | None = None, offset: int = 0, limit: int = 50) -> tuple[int, list[dict]]:
    """(total, one page of summaries), optionally only the instances of a class.

    :raises UnknownValue: for a ``type`` that names no class.
    :raises ValueError: for a negative offset or limit.
    """
    if offset < 0 or limit < 0:
        raise ValueError("offset and limit must not be negative")
    items = list(all_summaries(store).values())
    if type is not None:
        members = {r["concept"] for r in rows(store, "concepts-of-type", type=resolve_class(store, type))}
        items = [s for s in items if s["iri"] in members]
    return len(items), items[offset:offset + limit]


def search_concepts(store, q: str, limit: int = 10) -> list[dict]:
    """Concepts whose label (fr or en), alternative label or notation starts with ``q``,
    or has a word that does; exact matches first, then whole-label prefixes."""
    words = lambda text: " " + re.sub(r"[\W_]+", " ", fold(text)).strip()  # noqa: E731
    key = words(q)
    if not key.strip():
        return []
    rank: dict[str, int] = {}
    for row in store.select(support_query("concept-names")):
        name, iri = words(row["name"].value), row["concept"].value
        hit = 0 if name == key else 1 if name.startswith(key) else 2 if key in name else None
        if hit is not None and hit < rank.get(iri, 3):
            rank[iri] = hit
    summaries = all_summaries(store)
    found = sorted((summaries[i] for i in rank if i in summaries), key=lambda s: (rank[s["iri"]], label_key(s)))
    return found[:limit]


def concept_detail(store, slug: str) -> dict | None:
    """Everything the graph says of one concept, or None for an unknown slug."""
    summaries = all_summaries(store)
    iri = next((i for i, s in summaries.items() if s["slug"] == slug), None)
    if iri is None:
        return None
    detail = {**summaries[iri], "altLabels": {"fr": [], "en": []}, "definition": {"fr": None, "en": None}}
    for row in sorted(rows(store, "concept-literals", concept=iri), key=lambda r: r["value"]):
        lang = row.get("lang") or "en"
        if row["key"] == "altLabels":
            detail["altLabels"].setdefault(lang, []).append(row["value"])
        elif row["key"] == "definition" and not detail["definition"].get(lang):
            detail["definition"][lang] = row["value"]
    labels: dict[str, dict] = {}
    for row in rows(store, "classes"):
        labels.setdefault(row["class"], {"fr": None, "en": None})[row.get("lang") or "en"] = row.get("label")
    detail["types"] = [{"iri": t, "label": labels.get(t, {"fr": None, "en": None})} for t in detail["types"]]
    links = rows(store, "concept-links", concept=iri)
    for link in ("broader", "narrower", "related"):
        others = {r["other"] for r in links if r["link"] == link and r["other"] in summaries}
        detail[link] = sorted((summaries[o] for o in others), key=label_key)
    detail["relations"] = with_claims(relations(store, iri, summaries), claim_rows(store, iri), summaries)
    detail["mentions"] = [mention(r) for r in rows(store, "concept-mentions", concept=iri)]
    studies = {r["work"] for r in rows(store, "studies", concept=iri)}
    works = all_works(store) if studies else {}
    detail["sources"] = [works[w] for w in sorted(studies) if w in works]
    return detail


def relations(store, iri: str, summaries: dict) -> list[dict]:
    """The cx: relations with other concepts; basis 'editorial' when the project states it."""
    grouped: dict[tuple, dict] = {}
    for row in rows(store, "concept-relations", concept=iri):
        if row["other"] not in summaries:
            continue
        key = (row["property"], row["direction"], row["other"])
        entry = grouped.setdefault(key, {
            "property": row["property"], "property_label": {"fr": row.get("label_fr"), "en": row.get("label_en")},
            "direction": row["direction"], "target": summaries[row["other"]], "basis": "source", "documents": []})
        if row["graph"].endswith("/graph/editorial"):
            entry["basis"] = "editorial"
        elif "/graph/document/" in row["graph"]:
            entry["documents"] = sorted({*entry["documents"], tail(row["graph"])})
    return sorted(grouped.values(), key=lambda e: (e["property"], e["direction"], label_key(e["target"])))


def mention(row: dict) -> dict:
    return {"document": {"iri": row["document"], "id": row["identifier"], "title": row.get("title")},
            "exact": row["exact"], "prefix": row.get("prefix"), "suffix": row.get("suffix"),
            "start": int(row["start"]), "end": int(row["end"])}


def authors(store) -> dict[str, list[str]]:
    """Author names by work or document IRI, in author-list order."""
    found: dict[str, list[tuple]] = {}
    for row in rows(store, "authors"):
        found.setdefault(row["work"], []).append((int(row["rank"]), row["name"]))
    return {w: [name for _, name in sorted(names)] for w, names in found.items()}


def interviewees(store) -> dict[str, list[str]]:
    """The persons each document interviews, "name (job title)", by document IRI."""
    found: dict[str, list[str]] = {}
    for row in rows(store, "interviewees"):
        role = f" ({row['role']})" if row.get("role") else ""
        found.setdefault(row["work"], []).append(row["name"] + role)
    return found


def all_works(store) -> dict[str, dict]:
    """Every cited work as {iri, slug, title, citation, year, publisher, authors}, by IRI."""
    names, out = authors(store), {}
    for row in rows(store, "works"):
        iri = row["work"]
        out[iri] = {"iri": iri, "slug": tail(iri), "title": row.get("title") or row.get("citation"),
                    "citation": row.get("citation"), "year": row.get("year"), "publisher": row.get("publisher"),
                    "authors": names.get(iri, [])}
    return out


def document_summaries(store) -> list[dict]:
    """Every corpus document: identifier, title, FaBiO type, date, language, authors, interviewees, link."""
    names, interviewed = authors(store), interviewees(store)
    return sorted(({
        "iri": r["document"], "id": r["identifier"], "title": r.get("title"), "type": r.get("type"),
        "date": r.get("issued") or r.get("created"), "language": r.get("language"),
        "authors": names.get(r["document"], []), "interviewees": interviewed.get(r["document"], []), "url": r.get("url"),
        "description": r.get("description"), "abstract": r.get("abstract"), "container": r.get("container"),
    } for r in rows(store, "documents")), key=lambda d: d["id"])


def document_detail(store, id: str) -> dict | None:
    """A document's metadata, structure (parts, chapters, sections), citations and mentions."""
    doc = next((d for d in document_summaries(store) if d["id"] == id), None)
    if doc is None:
        return None
    iri, summaries = doc["iri"], all_summaries(store)
    cited = {r["work"] for r in rows(store, "document-cites", document=iri)}
    works = all_works(store) if cited else {}
    counts = [(int(r["count"]), summaries[r["concept"]]) for r in rows(store, "document-mentions", document=iri)
              if r["concept"] in summaries]
    return {**doc, "identifier": id, "parts": structure(store, iri, summaries),
            "cites": sorted((works[w] for w in cited if w in works), key=lambda w: fold(w["title"] or w["slug"])),
            "mentions": [{"concept": s, "count": n} for n, s in sorted(counts, key=lambda c: (-c[0], label_key(c[1])))]}


def structure(store, iri: str, summaries: dict) -> list[dict]:
    """The tree of a document's units, each with its children in reading order."""
    units: dict[str, dict] = {}
    for r in rows(store, "document-structure", document=iri):
        units[r["unit"]] = {"iri": r["unit"], "kind": tail(r["kind"]).lower(), "number": r.get("number"),
                            "title": r.get("title"), "label": r.get("label"), "page": r.get("page"),
                            "parent": r["parent"], "treats": [], "children": []}
    for r in rows(store, "document-treats", document=iri):
        if r["unit"] in units and r["concept"] in summaries:
            units[r["unit"]]["treats"].append(summaries[r["concept"]])
    roots = []
    for unit in sorted(units.values(), key=lambda u: (order(u["page"]), order(u["number"]), u["iri"])):
        unit["treats"].sort(key=label_key)
        (units[unit["parent"]]["children"] if unit["parent"] in units else roots).append(unit)
        del unit["parent"]
    return roots


def work_detail(store, slug: str) -> dict | None:
    """A cited work: its description, the documents that cite it, the concepts it studies."""
    work = next((w for w in all_works(store).values() if w["slug"] == slug), None)
    if work is None:
        return None
    summaries, citing = all_summaries(store), rows(store, "document-cites", work=work["iri"])
    studied = {r["concept"] for r in rows(store, "studies", work=work["iri"])}
    cited_by = [{"iri": r["document"], "id": r["identifier"], "title": r.get("title")} for r in citing]
    return {**work, "citedBy": sorted(cited_by, key=lambda d: d["id"]),
            "studies": sorted((summaries[c] for c in studied if c in summaries), key=label_key)}
