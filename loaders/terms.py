"""Small constructors for the terms the mappers write: IRIs, literals, slugs.

>>> slug("Capacité à adapter des points de contacts")
'capacite-a-adapter-des-points-de-contacts'
>>> fr("  Relation   client ").value
'Relation client'
"""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox

from cxkg.namespaces import RDF, XSD
from cxkg.ontology.labels import straight_apostrophes

TYPE = ox.NamedNode(str(RDF.type))


def iri(term) -> ox.NamedNode:
    """A NamedNode from an rdflib URIRef, a Namespace attribute or a string."""
    return ox.NamedNode(str(term))


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for readable IRIs."""
    text = unicodedata.normalize("NFKD", straight_apostrophes(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def lang(text: str, language: str) -> ox.Literal:
    return ox.Literal(clean(text), language=language)


def fr(text: str) -> ox.Literal:
    return lang(text, "fr")


def en(text: str) -> ox.Literal:
    return lang(text, "en")


def plain(text: str) -> ox.Literal:
    return ox.Literal(clean(text))


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=iri(XSD.integer))


def decimal(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=iri(XSD.decimal))


def boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=iri(XSD.boolean))


def year(value: int) -> ox.Literal:
    return ox.Literal(f"{value:04d}", datatype=iri(XSD.gYear))


def date(parts: list[int]) -> ox.Literal:
    """A CSL-JSON ``date-parts`` entry as xsd:date, gYearMonth or gYear."""
    if len(parts) >= 3:
        return ox.Literal("{:04d}-{:02d}-{:02d}".format(*parts[:3]), datatype=iri(XSD.date))
    if len(parts) == 2:
        return ox.Literal("{:04d}-{:02d}".format(*parts), datatype=iri(XSD.gYearMonth))
    return year(parts[0])
