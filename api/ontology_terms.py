"""The ontology file, read once, as documentation and in every RDF format.

The documentation is derived from ``ontology/cx.ttl`` itself (never written by
hand), so the page cannot drift from the file it documents.

>>> sections = terms()
>>> names = [t["name"] for t in sections["classes"]]
>>> names == sorted(names) and {"ArchitecturalCapability", "Asset"} <= set(names)
True
>>> next(t for t in sections["object"] if t["name"] == "supports")["domain"][0]["text"]
'cx:Capability'
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cxkg.ontology.files import ONTOLOGY_DIR
from cxkg.ontology.export import context
from cxkg.namespaces import CX, DCTERMS, ONTOLOGY_IRI, PREFIXES, prefixed
from cxkg.store.formats import serialize

ONTOLOGY_FILE = ONTOLOGY_DIR / "cx.ttl"
#: Sections of the page: key, the OWL type of their terms.
SECTIONS = {
    "classes": OWL.Class,
    "object": OWL.ObjectProperty,
    "datatype": OWL.DatatypeProperty,
    "annotation": OWL.AnnotationProperty,
    "individuals": OWL.NamedIndividual,
}
CHARACTERISTICS = (OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty,
                   OWL.InverseFunctionalProperty)


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@lru_cache(maxsize=None)
def ontology_bytes(fmt: str) -> bytes:
    """The ontology in ``fmt``: the file itself for Turtle, the one serialiser for the others."""
    if fmt == "ttl":
        return ONTOLOGY_FILE.read_bytes()
    triples = list(ox.parse(path=ONTOLOGY_FILE, format=ox.RdfFormat.TURTLE))
    return serialize(triples, fmt, prefixes=PREFIXES, context=context())


def header() -> dict:
    """Title, description, version and licence of the ontology, by language."""
    g, iri = ontology_graph(), URIRef(ONTOLOGY_IRI)
    return {
        "iri": ONTOLOGY_IRI,
        "title": by_language(g, iri, DCTERMS.title),
        "description": by_language(g, iri, DCTERMS.description),
        "version": str(g.value(iri, OWL.versionInfo) or ""),
        "license": str(g.value(iri, DCTERMS.license) or ""),
    }


@lru_cache(maxsize=1)
def terms() -> dict[str, list[dict]]:
    """Every ``cx:`` term of the file, by section, sorted by local name."""
    g = ontology_graph()
    sections: dict[str, list[dict]] = {}
    for key, owl_type in SECTIONS.items():
        names = {s for s in g.subjects(RDF.type, owl_type) if isinstance(s, URIRef) and s.startswith(str(CX))}
        sections[key] = [describe(g, s) for s in sorted(names, key=lambda s: local(s).lower())]
    return sections


def describe(g: Graph, term: URIRef) -> dict:
    sub_property = key_of(g, term) != "classes"
    parent = RDFS.subPropertyOf if sub_property else RDFS.subClassOf
    return {
        "name": local(term),
        "iri": str(term),
        "characteristics": [local(c) for c in CHARACTERISTICS if (term, RDF.type, c) in g],
        "label": by_language(g, term, RDFS.label),
        "definition": by_language(g, term, SKOS.definition),
        "comment": by_language(g, term, RDFS.comment),
        "domain": [expression(g, n) for n in g.objects(term, RDFS.domain)],
        "range": [expression(g, n) for n in g.objects(term, RDFS.range)],
        "super": [expression(g, n) for n in sorted(g.objects(term, parent), key=str)],
        "sub": [expression(g, n) for n in sorted(g.subjects(parent, term), key=str)],
        "inverse": [expression(g, n) for n in [*g.objects(term, OWL.inverseOf), *g.subjects(OWL.inverseOf, term)]],
        "disjoint": [expression(g, n) for n in sorted(disjoint(g, term), key=str)],
        "types": [expression(g, n) for n in g.objects(term, RDF.type)
                  if n not in SECTIONS.values() and n not in CHARACTERISTICS],
    }


def key_of(g: Graph, term: URIRef) -> str:
    return next((k for k, t in SECTIONS.items() if (term, RDF.type, t) in g), "")


def disjoint(g: Graph, term: URIRef) -> set:
    """Classes declared disjoint with ``term``, pairwise or in an owl:AllDisjointClasses."""
    found = set(g.objects(term, OWL.disjointWith)) | set(g.subjects(OWL.disjointWith, term))
    for axiom in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(g, g.value(axiom, OWL.members)))
        if term in members:
            found |= set(members) - {term}
    return found


def expression(g: Graph, node) -> dict:
    """A class expression as text, linked when it is a named term."""
    if isinstance(node, URIRef):
        return {"text": prefixed(str(node)), "href": "#" + local(node) if node.startswith(str(CX)) else str(node),
                "label": by_language(g, node, RDFS.label)}
    if isinstance(node, BNode) and (union := g.value(node, OWL.unionOf)) is not None:
        return {"text": " ∪ ".join(expression(g, m)["text"] for m in Collection(g, union))}
    if isinstance(node, BNode) and (prop := g.value(node, OWL.onProperty)) is not None:
        filler = g.value(node, OWL.someValuesFrom) or g.value(node, OWL.allValuesFrom)
        word = "some" if g.value(node, OWL.someValuesFrom) is not None else "only"
        return {"text": f"{prefixed(str(prop))} {word} {prefixed(str(filler))}"}
    return {"text": str(node)}


def by_language(g: Graph, subject, predicate) -> dict[str, str]:
    return {(o.language or ""): str(o) for o in g.objects(subject, predicate) if isinstance(o, Literal)}


def local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]

