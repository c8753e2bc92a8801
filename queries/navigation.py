"""Ways through the scheme, as a thesaurus browser (Skosmos) offers them: the hierarchy
(``skos:broader``/``skos:narrower``) as a tree, and an alphabetical index, for the whole
scheme or for one kind of concept.

>>> a, b, c = ({"iri": i, "slug": i, "label": {"en": i}} for i in "abc")
>>> [(n["concept"]["slug"], [m["concept"]["slug"] for m in n["children"]]) for n in forest([a, b, c], [("b", "a")])]
[('a', ['b']), ('c', [])]
>>> [(g["letter"], [s["slug"] for s in g["items"]]) for g in index([a, b, c], "en")]
[('A', ['a']), ('B', ['b']), ('C', ['c'])]
"""

from __future__ import annotations

from cxkg.ontology.labels import fold
from cxkg.queries import lookup
from cxkg.queries.files import query_text


def edges(store) -> list[tuple[str, str]]:
    """Every (narrower, broader) pair of the scheme."""
    return [(r["narrower"].value, r["broader"].value) for r in store.select(query_text("views/hierarchy"))]


def members(store, kind: str | None) -> list[dict]:
    """The summaries of the concepts of one kind (a class IRI), or of all, in label order."""
    _, items = lookup.concept_summaries(store, type=kind, limit=10**6)
    return items


def forest(items: list[dict], pairs: list[tuple[str, str]]) -> list[dict]:
    """The concepts as trees ``{concept, children}``: a root has no broader concept among ``items``.

    A concept with two broader concepts appears under each; a cycle is cut where it closes.
    """
    known = {s["iri"]: s for s in items}
    below: dict[str, list[str]] = {}
    has_broader = set()
    for narrower, broader in pairs:
        if narrower in known and broader in known and narrower != broader:
            below.setdefault(broader, []).append(narrower)
            has_broader.add(narrower)
    order = {s["iri"]: i for i, s in enumerate(items)}

    def grow(iri: str, path: frozenset) -> dict:
        children = sorted(set(below.get(iri, [])) - path, key=order.__getitem__)
        return {"concept": known[iri], "children": [grow(c, path | {c}) for c in children]}

    return [grow(s["iri"], frozenset({s["iri"]})) for s in items if s["iri"] not in has_broader]


def index(items: list[dict], lang: str) -> list[dict]:
    """The concepts by the first letter of their label in ``lang``: ``[{letter, items}]``."""
    other = "fr" if lang == "en" else "en"
    groups: dict[str, list] = {}
    for s in items:
        label = s["label"].get(lang) or s["label"].get(other) or s["slug"]
        letter = (fold(label)[:1] or "#").upper()
        groups.setdefault(letter if letter.isalpha() else "#", []).append((fold(label), s))
    return [{"letter": letter, "items": [s for _, s in sorted(found, key=lambda x: x[0])]}
            for letter, found in sorted(groups.items())]
