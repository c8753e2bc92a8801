"""The labels shown beside IRIs in result tables: read once per store generation.

One query (``queries/support/labels.rq``) reads every labelled resource; a page
then takes, for each IRI of its table, the label in the reader's language, else
the other one, else any. If the labels cannot be read (a store over the row
limit, a remote store down), tables simply show no labels.
"""

from __future__ import annotations

import logging

from flask import current_app

from cxkg.queries.catalogue import support_query

log = logging.getLogger(__name__)
KEY = "cxkg.labels"


def all_labels(store) -> dict[str, dict[str, str]]:
    """IRI -> {language ("" when none): label}, cached while the store is unchanged."""
    generation = getattr(store, "generation", None)
    key = generation() if generation else None
    cached = current_app.extensions.get(KEY)
    if cached is not None and cached[0] == key and key is not None:
        return cached[1]
    labels: dict[str, dict[str, str]] = {}
    try:
        for row in store.select(support_query("labels")):
            label = row["label"]
            labels.setdefault(row["resource"].value, {}).setdefault(getattr(label, "language", None) or "", label.value)
    except Exception:  # labels are a convenience: a table without them is still right
        log.warning("labels could not be read", exc_info=True)
        return {}
    current_app.extensions[KEY] = (key, labels)
    return labels


def label_of(labels: dict[str, dict[str, str]], iri: str, lang: str) -> str | None:
    """The label of ``iri`` in ``lang``, else in English or French, else any."""
    found = labels.get(iri)
    if not found:
        return None
    for choice in (lang, "en", "fr", ""):
        if found.get(choice):
            return found[choice]
    return next(iter(found.values()))
