"""Evidence as a reader sees it: a passage in its whole sentence, the editorial rationale
of a decided statement, and the verbatims that illustrate a capability.

The documents' texts are in the graph (``c4o:hasContent``, the text the
annotation offsets count into), so a passage can be shown in its sentence,
cut at the sentence's bounds and never mid-word, and a document page can
show each of its passages in context under an anchor ``#passage-<start>-<end>``.

>>> s = sentence("Intro. Le NPS mesure la recommandation des clients. Suite ici.", 10, 13)
>>> s["before"], s["exact"], s["after"]
('Le ', 'NPS', ' mesure la recommandation des clients.')
>>> anchor(10, 13)
'passage-10-13'
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from cxkg.queries.files import query_text

#: At most this many characters of a sentence either side of the passage (cut at a word).
SIDE = 320
#: A sentence ends after . ! ? … (not before a lower-case letter: "et al. 2017", "p. 3"), or at a blank line
#: after a line that does not end mid-sentence (a PDF's text has blank lines inside its sentences).
_END = re.compile(r"[.!?…]+(?:[ \t]*[»\"”’)\]])*(?=\s+[^a-zà-ÿ\s]|\s*$)|(?<![a-zà-ÿ,;:’'\s-])[ \t]*\n[ \t]*\n")
_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n[ \t]*(?=[a-zà-ÿ])")
_SPACE = re.compile(r"\s+")
ASSERTS = "asserts"


def anchor(start: int, end: int) -> str:
    """The id of a passage's element on its document's page."""
    return f"passage-{start}-{end}"


def tidy(text: str) -> str:
    """Line breaks of the stored text as spaces, a word hyphenated at a line end joined.

    >>> tidy("différencia-\\ntion de la\\n  marque")
    'différenciation de la marque'
    """
    return _SPACE.sub(" ", _HYPHEN.sub("", text))


def bounds(text: str, start: int, end: int) -> tuple[int, int, bool, bool]:
    """Where the sentence holding ``text[start:end]`` starts and ends, and whether it was cut
    short (at most :data:`SIDE` characters either side, cut at a space).

    >>> bounds("Un. Deux trois. Quatre.", 8, 13)
    (3, 15, False, False)
    """
    begin = 0
    for match in _END.finditer(text, max(0, start - 4 * SIDE), start):
        if match.end() <= start:
            begin = match.end()
    stop = len(text)
    match = _END.search(text, max(start + 1, end - 1))  # a full stop that ends the passage ends the sentence
    if match:
        stop = match.end() if match.group().strip() else match.start()
    cut_before = cut_after = False
    if start - begin > SIDE:
        cut = text.find(" ", start - SIDE, start)
        begin, cut_before = (cut + 1 if cut >= 0 else start), True
    if stop - end > SIDE:
        cut = text.rfind(" ", end, end + SIDE)
        stop, cut_after = (cut if cut >= 0 else end), True
    return begin, stop, cut_before, cut_after


def sentence(text: str | None, start: int | None, end: int | None, exact: str | None = None) -> dict:
    """``{before, exact, after, cut_before, cut_after}``: the passage in its sentence, as the text has it
    (a page collapses its line breaks; ``text[:start].endswith(before)`` holds).

    Without the text, the passage alone (``exact``).
    """
    if text is None or start is None or end is None or not 0 <= start < end <= len(text):
        return {"before": "", "exact": tidy(exact or ""), "after": "", "cut_before": False, "cut_after": False}
    begin, stop, cut_before, cut_after = bounds(text, start, end)
    return {"before": text[begin:start].lstrip(), "exact": text[start:end], "after": text[end:stop].rstrip(),
            "cut_before": cut_before, "cut_after": cut_after}


def texts(store) -> dict[str, str]:
    """Each document's stored text, by identifier."""
    return {row["identifier"].value: row["text"].value for row in store.select(query_text("views/document-text"))}


def with_sentences(items: list[dict], documents: dict[str, str]) -> list[dict]:
    """Each item (``document.id``, ``start``, ``end``, ``quote`` or ``exact``) given its ``sentence`` and ``anchor``."""
    for item in items:
        doc = (item.get("document") or {}).get("id")
        start, end = item.get("start"), item.get("end")
        item["sentence"] = sentence(documents.get(doc), start, end, item.get("quote") or item.get("exact"))
        item["anchor"] = anchor(start, end) if start is not None and end is not None else None
    return items


def rationales(store, concept: str) -> dict[tuple, str]:
    """The rationale of each editorial statement about ``concept``, by (subject, property, object)."""
    rows = store.select(query_text("views/concept-rationales"), {"concept": ox.NamedNode(concept)})
    return {(r["subject"].value, r["property"].value, r["object"].value): r["rationale"].value for r in rows}


def verbatims(store, capability: str, documents: dict[str, str]) -> list[dict]:
    """The verbatims that illustrate ``capability`` (cq10), each with its speaker and passage."""
    found = []
    for row in store.select(query_text("views/capability-verbatims"), {"capability": ox.NamedNode(capability)}):
        value = {k: term.value for k, term in row.items()}
        item = {
            "iri": value["verbatim"], "text": value.get("text"),
            "speaker": {"iri": value.get("speaker"), "function": value.get("function"), "organisation": value.get("organisation"),
                        "sector": {"fr": value.get("sector_fr"), "en": value.get("sector_en")},
                        "description": value.get("description"), "row": value.get("row")},
            "document": {"id": value.get("document"), "title": value.get("title")},
            "start": int(value["start"]) if "start" in value else None, "end": int(value["end"]) if "end" in value else None,
            "quote": value.get("text"),
        }
        found.append(item)
    return with_sentences(found, documents)


def passages(store, document_iri: str, text: str | None, summaries: dict) -> list[dict]:
    """Every annotated passage of a document, once per span, in reading order: its anchor,
    its sentence, the concepts it names and the statements it evidences."""
    spans: dict[tuple[int, int], dict] = {}
    rows = store.select(query_text("views/document-passages"), {"document": ox.NamedNode(document_iri)})
    for row in rows:
        value = {k: term.value for k, term in row.items()}
        start, end = int(value["start"]), int(value["end"])
        entry = spans.setdefault((start, end), {"start": start, "end": end, "anchor": anchor(start, end),
                                                "names": [], "supports": []})
        if value["motivation"].endswith("identifying"):
            if value["body"] in summaries and summaries[value["body"]] not in entry["names"]:
                entry["names"].append(summaries[value["body"]])
        elif "subject" in value:
            claim = {"subject": summaries.get(value["subject"]), "predicate": value["predicate"],
                     "object": summaries.get(value["object"]), "literal": None if value["object"] in summaries else value["object"]}
            if claim not in entry["supports"]:
                entry["supports"].append(claim)
    ordered = [spans[k] for k in sorted(spans)]
    for entry in ordered:
        entry["sentence"] = sentence(text, entry["start"], entry["end"])
    return ordered


def enrich(store, detail: dict, documents: dict[str, str] | None = None) -> dict:
    """A concept's detail (:func:`cxkg.queries.lookup.concept_detail`) with its evidence for reading:
    each claim and mention in its sentence with the anchor of its passage, each editorial
    relation with its rationale, a capability's verbatims, and the concept's mappings."""
    documents = texts(store) if documents is None else documents
    decided = rationales(store, detail["iri"])
    for relation in detail.get("relations") or []:
        with_sentences(relation.get("claims") or [], documents)
        ends = (detail["iri"], relation["target"]["iri"])
        subject, obj = ends if relation["direction"] == "out" else ends[::-1]
        relation["rationale"] = decided.get((subject, relation["property"], obj))
    for key in ("broader", "narrower", "related"):
        detail[f"{key}_rationale"] = {
            other["iri"]: decided.get((detail["iri"], SKOS + key, other["iri"])) or decided.get((other["iri"], SKOS + key, detail["iri"]))
            for other in detail.get(key) or []}
    detail["notes"] = [{"property": p, "text": o, "rationale": r} for (s, p, o), r in decided.items()
                       if s == detail["iri"] and not o.startswith(("http://", "https://"))]
    with_sentences(detail.get("mentions") or [], documents)
    is_capability = any(t["iri"].endswith("Capability") for t in detail.get("types") or [])
    detail["verbatims"] = verbatims(store, detail["iri"], documents) if is_capability else []
    detail["mappings"] = mappings(store, detail["iri"])
    return detail


SKOS = "http://www.w3.org/2004/02/skos/core#"


def mappings(store, concept: str) -> list[dict]:
    """The concept's SKOS mappings to other schemes: ``{match, target}``, closest first."""
    rank = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
    rows = store.select(query_text("views/concept-mappings"), {"concept": ox.NamedNode(concept)})
    found = [{"match": r["match"].value, "target": r["target"].value} for r in rows]
    return sorted(found, key=lambda m: (rank.index(m["match"]), m["target"]))
