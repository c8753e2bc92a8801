"""The namespaces of the project and of the vocabularies it reuses.

One table, used by every room: loaders mint IRIs with it, queries and the API
print prefixes from it. The ontology namespace is fixed (it is the public
interface); the resource base is configurable (see :mod:`cxkg.config`).

>>> str(CX.Capability)
'https://w3id.org/cxkg/ontology#Capability'
>>> PREFIXES["oa"]
'http://www.w3.org/ns/oa#'
"""

from __future__ import annotations

import hashlib

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from cxkg.config import DEFAULT_BASE

ONTOLOGY_IRI = "https://w3id.org/cxkg/ontology"

CX = Namespace(ONTOLOGY_IRI + "#")
CXID = Namespace(DEFAULT_BASE)
OA = Namespace("http://www.w3.org/ns/oa#")
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
DOCO = Namespace("http://purl.org/spar/doco/")
C4O = Namespace("http://purl.org/spar/c4o/")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
USDL = Namespace("http://www.linked-usdl.org/ns/usdl-core#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

PREFIXES: dict[str, str] = {
    "cx": str(CX),
    "cxid": str(CXID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "oa": str(OA),
    "fabio": str(FABIO),
    "cito": str(CITO),
    "doco": str(DOCO),
    "c4o": str(C4O),
    "prism": str(PRISM),
    "bibo": str(BIBO),
    "foaf": str(FOAF),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "vann": str(VANN),
    "sh": str(SH),
    "void": str(VOID),
    "dcat": str(DCAT),
    "sd": str(SD),
    "usdl": str(USDL),
    "hydra": str(HYDRA),
}


def digest(*parts: object) -> str:
    """The hash that names a minted resource (a statement, an annotation) after what it says,
    so that a rebuild of the same input gives the same IRI.

    >>> digest("a", 1) == digest("a", 1) != digest("a", 2)
    True
    """
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def prefixed(iri: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """``iri`` as a prefixed name where a namespace fits (the longest wins), else as it is.

    >>> prefixed("https://w3id.org/cxkg/ontology#supports"), prefixed("http://example.org/a")
    ('cx:supports', 'http://example.org/a')
    """
    best = max((ns for ns in prefixes.values() if iri.startswith(ns) and len(iri) > len(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in prefixes.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"
