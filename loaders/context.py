"""What a mapper needs to know while it turns one document's records into facts."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from cxkg.loaders.concepts import ConceptIndex
from cxkg.ontology.labels import fold
from cxkg.loaders.terms import slug


@dataclass
class MapContext:
    """The document being mapped, the resource base, and the indexes to resolve names.

    >>> ctx = MapContext("https://w3id.org/cxkg/id/", "003_x", ConceptIndex([]))
    >>> ctx.document.value
    'https://w3id.org/cxkg/id/document/003_x'
    >>> ctx.local("figure", 2).value
    'https://w3id.org/cxkg/id/document/003_x/figure/2'
    >>> ctx.organisation("Satmetrix France").value
    'https://w3id.org/cxkg/id/organisation/satmetrix-france'
    """

    base: str
    identifier: str
    index: ConceptIndex
    organisations: dict[str, str] = field(default_factory=dict)  # folded label -> IRI
    unresolved: list[str] = field(default_factory=list)

    @property
    def document(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}document/{self.identifier}")

    def mint(self, *parts: object) -> ox.NamedNode:
        """An IRI under the base: ``mint('work', 'homburg-2017')``."""
        return ox.NamedNode(self.base + "/".join(str(p) for p in parts))

    def local(self, *parts: object) -> ox.NamedNode:
        """An IRI under the document: respondents, verbatims, figures, sections."""
        return ox.NamedNode(f"{self.document.value}/" + "/".join(str(p) for p in parts))

    def concept(self, name: str) -> ox.NamedNode | None:
        """The concept a name designates, noting the names that resolve to none."""
        found = self.index.resolve(name)
        if found is None:
            self.unresolved.append(name)
            return None
        return ox.NamedNode(found)

    def organisation(self, name: str) -> ox.NamedNode:
        """The organisation a name designates; a new name gets a new IRI."""
        known = self.organisations.get(fold(name))
        return ox.NamedNode(known) if known else self.mint("organisation", slug(name))

    def knows_organisation(self, name: str) -> bool:
        return fold(name) in self.organisations
