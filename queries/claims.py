"""Who says each relation of a concept, in which role and how firmly: the claims behind a relation.

A relation row of a concept's page or of ``/api/concepts/<slug>`` lists its
claims: each source statement of it, with the party credited (the document,
a cited work or an interviewee), the role, the modality and the passage. A
claim that a document only questions, aims at or warns against is no plain
triple of the graph, so its relation appears here with its claims alone.
"""

from __future__ import annotations

import pyoxigraph as ox

from cxkg.queries.files import query_text

ASSERTS = "asserts"


def claim_rows(store, concept: str) -> list[dict[str, str]]:
    """The source statements of the cx: relations between ``concept`` and other concepts."""
    solutions = store.select(query_text("views/concept-claims"), {"concept": ox.NamedNode(concept)})
    return [{k: term.value for k, term in row.items()} for row in solutions]


def claim(row: dict) -> dict:
    return {
        "said_by": {"iri": row["said_by"], "label": row.get("said_label")},
        "role": row["role"], "modality": row["modality"],
        "document": {"id": row.get("document"), "title": row.get("title")},
        "quote": row.get("quote"),
        "start": int(row["start"]) if "start" in row else None, "end": int(row["end"]) if "end" in row else None,
    }


def with_claims(relations: list[dict], rows: list[dict], summaries: dict) -> list[dict]:
    """The relations, each with its claims; relations that only unasserted claims make are added."""
    by_key = {(r["property"], r["direction"], r["target"]["iri"]): r for r in relations}
    for r in relations:
        r.setdefault("claims", [])
    for row in rows:
        if row["other"] not in summaries:
            continue
        key = (row["property"], row["direction"], row["other"])
        entry = by_key.get(key)
        if entry is None:
            entry = by_key[key] = {
                "property": row["property"], "property_label": {"fr": row.get("label_fr"), "en": row.get("label_en")},
                "direction": row["direction"], "target": summaries[row["other"]], "basis": "source",
                "documents": [], "claims": []}
        found = claim(row)
        if found not in entry["claims"]:
            entry["claims"].append(found)
    for entry in by_key.values():
        entry["claims"].sort(key=lambda c: (c["document"]["id"] or "", c["start"] or 0, c["said_by"]["iri"]))
        entry["asserted"] = entry["basis"] == "editorial" or any(c["modality"] == ASSERTS for c in entry["claims"]) \
            or not entry["claims"]
    return sorted(by_key.values(), key=lambda e: (e["property"], e["direction"], e["target"]["slug"]))
