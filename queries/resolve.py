"""Turn what a user types for a parameter into the resource it names.

A concept is named by its IRI, its slug (the last segment of its IRI), its
notation ("C5") or any of its labels in French or English, ignoring case and
accents; a document by its IRI, identifier (file stem) or title. An unknown
value is an :class:`UnknownValue` that names the parameter and suggests the
closest names.

>>> names = Names({"https://w3id.org/cxkg/id/concept/nps": ["Net Promoter Score", "NPS"]})
>>> names.resolve("nps", "concept").value
'https://w3id.org/cxkg/id/concept/nps'
>>> try:
...     names.resolve("net promotor score", "concept")
... except UnknownValue as unknown:
...     print(unknown)
unknown concept for parameter 'concept': 'net promotor score'; did you mean: Net Promoter Score?
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import pyoxigraph as ox

from cxkg.ontology.labels import fold
from cxkg.queries.catalogue import support_query


class UnknownValue(LookupError):
    """A parameter value that names nothing; carries the close matches."""

    def __init__(self, param: str, value: str, kind: str, suggestions: list[str]) -> None:
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {kind} for parameter {param!r}: {value!r}{hint}")
        self.param, self.value, self.suggestions = param, value, suggestions


@dataclass
class Names:
    """The names of a set of resources: IRI -> names (labels, notations)."""

    names: dict[str, list[str]]
    kind: str = "concept"
    _keys: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for iri in sorted(self.names):
            self._keys.setdefault(fold(iri.rstrip("/").rsplit("/", 1)[-1]), iri)
            for name in self.names[iri]:
                self._keys.setdefault(fold(name), iri)

    def resolve(self, value: str, param: str) -> ox.NamedNode:
        """The resource ``value`` names.

        :raises UnknownValue: with close matches when nothing fits.
        """
        value = value.strip()
        if value in self.names:
            return ox.NamedNode(value)
        found = self._keys.get(fold(value))
        if found is None:
            raise UnknownValue(param, value, self.kind, self.suggest(value))
        return ox.NamedNode(found)

    def suggest(self, value: str, n: int = 5) -> list[str]:
        """The names closest to ``value``, as the data writes them."""
        by_key = {fold(name): name for names in self.names.values() for name in names}
        close = difflib.get_close_matches(fold(value), list(by_key), n=n, cutoff=0.6)
        return [by_key[key] for key in close]


def load_names(store, kind: str) -> Names:
    """The names of every concept (``kind='concept'``) or document in the store."""
    query = support_query("concept-names" if kind == "concept" else "document-names")
    names: dict[str, list[str]] = {}
    for row in store.select(query):
        names.setdefault(row["concept"].value, []).append(row["name"].value)
    return Names(names, kind)
