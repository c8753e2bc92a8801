"""Concepts side by side: two to four concepts compared facet by facet, and the
alignment of Homburg et al.'s four capabilities and of C1-C7 with the four practices.

Each concept's column is its detail (:func:`cxkg.queries.lookup.concept_detail`)
with its evidence (:func:`cxkg.queries.evidence.enrich`), and the facets a
comparison reads first: what it is about (``cx:concerns``), what it falls
within and what falls within it (``cx:fallsWithin``), who handles it
(``cx:handledBy``), and how much evidence the sources give.
"""

from __future__ import annotations

from cxkg.queries import evidence, lookup
from cxkg.queries.files import query_text

CX = lookup.CX
MIN, MAX = 2, 4
#: The facets of a comparison: key, property, direction, labels.
FACETS = (
    ("about", CX + "concerns", "out", {"en": "is about", "fr": "porte sur"}),
    ("falls_within", CX + "fallsWithin", "out", {"en": "falls within", "fr": "s'inscrit dans"}),
    ("contains", CX + "fallsWithin", "in", {"en": "takes in", "fr": "englobe"}),
    ("handled_by", CX + "handledBy", "out", {"en": "handled by", "fr": "pris en charge par"}),
)
#: Ready-made comparisons of the home page.
KINDS_OF_EXPERIENCE = ("user-experience", "customer-experience", "brand-experience")
#: Homburg, Jozić and Kuehnl's (2017) four capabilities, each with the practice it enables.
HOMBURG = (
    ("touchpoint-journey-design-capability", "touchpoint-journey-design"),
    ("touchpoint-prioritization-capability", "touchpoint-prioritization"),
    ("touchpoint-journey-monitoring-capability", "touchpoint-journey-monitoring"),
    ("touchpoint-adaptation-capability", "touchpoint-adaptation"),
)


class CompareError(ValueError):
    """A comparison asked for too few or too many concepts, or unknown ones."""

    def __init__(self, message: str, unknown: list[str] | None = None) -> None:
        super().__init__(message)
        self.unknown = unknown or []


def column(store, slug: str, documents: dict[str, str]) -> dict | None:
    """One concept's column: its detail with evidence, its facets and evidence counts."""
    detail = lookup.concept_detail(store, slug)
    if detail is None:
        return None
    evidence.enrich(store, detail, documents)
    detail["facets"] = {
        key: [{"target": r["target"], "basis": r["basis"], "asserted": r.get("asserted", True), "claims": len(r["claims"]),
               "rationale": r.get("rationale")}
              for r in detail["relations"] if r["property"] == prop and r["direction"] == direction]
        for key, prop, direction, _ in FACETS
    }
    claims = [c for r in detail["relations"] for c in r["claims"]]
    detail["counts"] = {
        "mentions": len(detail["mentions"]),
        "documents": len({m["document"]["id"] for m in detail["mentions"]}),
        "relations": len(detail["relations"]),
        "claims": len(claims),
        "verbatims": len(detail.get("verbatims") or []),
    }
    return detail


def compare(store, slugs: list[str]) -> dict:
    """The comparison of two to four concepts, by slug: ``{concepts, facets, common}``.

    :raises CompareError: for fewer than two, more than four, or unknown slugs.
    """
    slugs = list(dict.fromkeys(s.strip() for s in slugs if s and s.strip()))
    if not MIN <= len(slugs) <= MAX:
        raise CompareError(f"compare {MIN} to {MAX} concepts, not {len(slugs)}: /compare?c=<slug>&c=<slug>")
    documents = evidence.texts(store)
    columns = {slug: column(store, slug, documents) for slug in slugs}
    unknown = [slug for slug, c in columns.items() if c is None]
    if unknown:
        raise CompareError(f"no concept with the slug {', '.join(map(repr, unknown))}", unknown)
    concepts = list(columns.values())
    linked = [{(r["property"], r["direction"], r["target"]["iri"]) for r in c["relations"]} for c in concepts]
    shared = set.intersection(*linked)
    common = [r for r in concepts[0]["relations"] if (r["property"], r["direction"], r["target"]["iri"]) in shared]
    between = [{"from": c["slug"], "property": r["property"], "property_label": r["property_label"], "direction": r["direction"],
                "to": r["target"]["slug"], "basis": r["basis"], "asserted": r.get("asserted", True)}
               for c in concepts for r in c["relations"] if r["target"]["slug"] in columns and r["direction"] == "out"]
    return {
        "concepts": concepts,
        "facets": [{"key": key, "property": prop, "direction": direction, "label": label} for key, prop, direction, label in FACETS],
        "common": [{"property": r["property"], "property_label": r["property_label"], "direction": r["direction"],
                    "target": r["target"]} for r in common],
        "between": between,
    }


def alignment(store) -> dict:
    """Homburg et al.'s four capabilities and C1-C7 against the four practices they support,
    with the project's rationale for each alignment, and the capabilities aligned with none
    (C6) with their scope note."""
    summaries = lookup.all_summaries(store)
    by_slug = {s["slug"]: s for s in summaries.values()}
    numbered = sorted((s for s in summaries.values() if (s.get("notation") or "").startswith("C") and s["notation"][1:].isdigit()),
                      key=lambda s: int(s["notation"][1:]))
    homburg = [by_slug[c] for c, _ in HOMBURG if c in by_slug]
    practices = [by_slug[p] for _, p in HOMBURG if p in by_slug]
    supports, notes = {}, {}
    for row in store.select(query_text("views/alignments")):
        subject, prop, obj, why = (row[k].value for k in ("subject", "property", "object", "rationale"))
        if prop == CX + "supports":
            supports.setdefault(obj, []).append({"capability": summaries.get(subject), "rationale": why})
        else:
            notes[subject] = {"note": obj, "rationale": why}
    rows = []
    for practice in practices:
        found = [a for a in supports.get(practice["iri"], []) if a["capability"]]
        rows.append({
            "practice": practice,
            "homburg": [a for a in found if a["capability"] in homburg],
            "capabilities": sorted((a for a in found if a["capability"] in numbered), key=lambda a: int(a["capability"]["notation"][1:])),
        })
    aligned = {a["capability"]["iri"] for r in rows for a in r["capabilities"]}
    unmatched = [{"capability": c, **notes.get(c["iri"], {"note": None, "rationale": None})} for c in numbered if c["iri"] not in aligned]
    return {"homburg": homburg, "capabilities": numbered, "practices": practices, "rows": rows, "unmatched": unmatched}
