"""The name of a document's kind, in the reader's languages, for the pages.

The graph types each corpus document with a FaBiO class (``fabio:ConferencePaper``);
the project names those classes in French and English in
``ontology/data/outside-terms.ttl``, read here like every other label
(:func:`cxkg.api.labels.all_labels`).
"""

from __future__ import annotations

from cxkg.api.labels import all_labels


def with_kind_label(document: dict, store) -> dict:
    """A document (from :mod:`cxkg.queries.lookup`) with ``type_label`` ({lang: label}) for the page."""
    return {**document, "type_label": all_labels(store).get(document.get("type") or "")}
