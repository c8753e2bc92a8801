"""``/.well-known/void``: the VoID and DCAT description of the dataset.

The dataset is ``<base>dataset`` (which dereferences here). Its statistics are
counted on the live store by ``queries/linked/*.rq``: ``void:triples`` counts
the distinct triples of the union of the named graphs (what the triple-format
dumps hold), each named graph is a ``void:subset`` with its own triples (their
sum is what the N-Quads dump holds). Turtle by default; the other RDF formats
by ``Accept`` or ``?format=``. Each release of the dataset is listed
(``dcterms:hasVersion``), the current one as its ``owl:versionIRI``.

The licence, CC BY 4.0, is an editorial choice of the project (the one its
ontology and concept scheme declare): the corpus states none.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, url_for

from cxkg.api import negotiation
from cxkg.api.dumps import GZIP_TYPE, dump_url, modified
from cxkg.api.descriptions import RDF_TYPE, dataset_iri, graph_triples, integer, query, releases, serialize
from cxkg.api.backend import get_store, settings
from cxkg.ontology.export import EXPORT_FORMATS
from cxkg.store.formats import FORMATS
from cxkg.namespaces import ONTOLOGY_IRI, PREFIXES
from cxkg.store.interface import GraphStore

bp = Blueprint("void", __name__)

VOID, DCAT, DCT = PREFIXES["void"], PREFIXES["dcat"], PREFIXES["dcterms"]
IANA = "https://www.iana.org/assignments/media-types/"
XSD, OWL = PREFIXES["xsd"], PREFIXES["owl"]
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
LANGUAGES = ("http://publications.europa.eu/resource/authority/language/FRA",
             "http://publications.europa.eu/resource/authority/language/ENG")
COUNTS = ("triples", "distinctSubjects", "distinctObjects", "properties")
TEXTS = {
    DCT + "title": ("Graphe de connaissances du management de l'expérience client (cxkg)",
                    "Customer-experience management knowledge graph (cxkg)"),
    DCT + "description": (
        "Ontologie, thésaurus SKOS et énoncés tirés de cinq documents français sur le management de "
        "l'expérience client, chacun relié au passage exact qui le fonde ; libellés en français et en anglais.",
        "Ontology, SKOS concept scheme and statements read from five French documents on customer-experience "
        "management, each tied to the exact passage that supports it; labels in French and English."),
    DCT + "rights": (
        "Licence CC BY 4.0 choisie par le projet (décision éditoriale) : le corpus n'en déclare aucune. "
        "Les citations des documents restent à leurs auteurs.",
        "CC BY 4.0, chosen by the project (an editorial decision): the corpus states no licence. "
        "Quotations from the documents remain their authors'."),
}


@bp.route("/.well-known/void")
def void() -> Response:
    fmt = negotiation.choose(negotiation.GRAPH_TYPES)
    response = Response(serialize(description(), fmt), content_type=negotiation.media_type(fmt))
    response.vary.add("Accept")
    return response


def description() -> list[ox.Triple]:
    """The VoID/DCAT triples of the dataset, its subsets and distributions."""
    dataset, store = dataset_iri(), get_store()
    here = ox.NamedNode(url_for("void.void", _external=True))
    triples = [t(here, RDF_TYPE, node(VOID + "DatasetDescription")),
               t(here, node(PREFIXES["foaf"] + "primaryTopic"), dataset)]
    triples += [t(dataset, RDF_TYPE, node(VOID + "Dataset")), t(dataset, RDF_TYPE, node(DCAT + "Dataset"))]
    triples += metadata(dataset)
    triples += versions(dataset)
    triples += statistics(dataset, store)
    for row in store.select(query("graph-sizes")):
        triples += graph_triples(row["graph"], int(row["triples"].value))
    triples += distributions(dataset)
    return triples


def metadata(dataset: ox.NamedNode) -> list[ox.Triple]:
    """Names, licence, languages, publisher and access points of the dataset."""
    agent = ox.NamedNode(settings().base + "agent/cxkg")
    when = modified(settings().store)
    triples = [t(dataset, node(p), ox.Literal(text, language=lang))
               for p, texts in TEXTS.items() for lang, text in zip(("fr", "en"), texts)]
    triples += [t(dataset, node(DCT + "language"), node(lang)) for lang in LANGUAGES]
    triples += [
        t(dataset, node(DCT + "license"), node(LICENSE)),
        t(dataset, node(DCT + "creator"), agent),
        t(dataset, node(DCT + "publisher"), agent),
        t(dataset, node(VOID + "uriSpace"), ox.Literal(settings().base)),
        t(dataset, node(VOID + "rootResource"), ox.NamedNode(settings().base + "scheme")),
        t(dataset, node(VOID + "sparqlEndpoint"), node(url_for("sparql.endpoint", _external=True))),
    ]
    if when is not None and not releases():  # else the latest release says when; a remote store does not say
        triples.append(t(dataset, node(DCT + "modified"), ox.Literal(when.isoformat(), datatype=node(XSD + "dateTime"))))
    for keyword, lang in (("expérience client", "fr"), ("customer experience", "en"), ("SKOS", "en"), ("OWL", "en")):
        triples.append(t(dataset, node(DCAT + "keyword"), ox.Literal(keyword, language=lang)))
    return triples


def versions(dataset: ox.NamedNode) -> list[ox.Triple]:
    """Each release (``dcterms:hasVersion``), the latest as ``owl:versionIRI``, and when it was made."""
    triples = []
    for row in releases():
        release = row["release"]
        triples += [t(dataset, node(DCT + "hasVersion"), release), t(release, RDF_TYPE, node(VOID + "Dataset")),
                    t(release, node(DCT + "isVersionOf"), dataset), t(release, node(OWL + "versionInfo"), row["version"]),
                    t(release, node(DCT + "issued"), row["issued"])]
        if row["latest"].value == "true":
            triples += [t(dataset, node(OWL + "versionIRI"), release), t(dataset, node(DCT + "modified"), row["issued"])]
    return triples


def statistics(dataset: ox.NamedNode, store: GraphStore) -> list[ox.Triple]:
    """Counts of the dataset, its class and property partitions, its vocabularies."""
    counts = store.select(query("dataset-counts"))[0]
    entities = store.select(query("entities"), {"base": ox.Literal(settings().base)})
    classes = store.select(query("class-partitions"))
    properties = store.select(query("property-partitions"))
    triples = [t(dataset, node(VOID + name), counts[name]) for name in COUNTS]
    triples.append(t(dataset, node(VOID + "entities"), entities[0]["entities"] if entities else integer(0)))
    triples.append(t(dataset, node(VOID + "classes"), integer(len(classes))))
    for row in classes:
        triples += partition(dataset, "classPartition", ("class", row["class"]), ("entities", row["entities"]))
    for row in properties:
        triples += partition(dataset, "propertyPartition", ("property", row["property"]), ("triples", row["triples"]))
    used = [row["class"].value for row in classes] + [row["property"].value for row in properties]
    triples += [t(dataset, node(VOID + "vocabulary"), node(v)) for v in vocabularies(used)]
    return triples


def partition(dataset: ox.NamedNode, kind: str, *values: tuple[str, ox.Literal]) -> list[ox.Triple]:
    part = ox.BlankNode()
    return [t(dataset, node(VOID + kind), part)] + [t(part, node(VOID + p), v) for p, v in values]


def vocabularies(used: list[str]) -> list[str]:
    """The known vocabularies whose terms the data uses (the ontology IRI for ``cx:``)."""
    found = {prefix for prefix, ns in PREFIXES.items() for iri in used if iri.startswith(ns) and prefix != "cxid"}
    return sorted(ONTOLOGY_IRI if prefix == "cx" else PREFIXES[prefix] for prefix in found)


def distributions(dataset: ox.NamedNode) -> list[ox.Triple]:
    """Each dump as void:dataDump and dcat:Distribution; the endpoint as dcat:DataService."""
    triples = []
    for fmt, compressed in ((fmt, compressed) for fmt in EXPORT_FORMATS for compressed in (False, True)):
        url = node(dump_url(fmt, compressed))
        dist = ox.BlankNode()
        if compressed:
            triples.append(t(dist, node(DCAT + "compressFormat"), node(IANA + GZIP_TYPE)))
        triples += [
            t(dataset, node(VOID + "dataDump"), url),
            t(dataset, node(DCAT + "distribution"), dist),
            t(dist, RDF_TYPE, node(DCAT + "Distribution")),
            t(dist, node(DCAT + "downloadURL"), url),
            t(dist, node(DCAT + "accessURL"), url),
            t(dist, node(DCAT + "mediaType"), node(IANA + FORMATS[fmt].media_types[0])),
            t(dist, node(DCT + "title"), ox.Literal(f"cxkg ({FORMATS[fmt].title}{', gzip' if compressed else ''})", language="en")),
            t(dist, node(DCT + "license"), node(LICENSE)),
        ]
    service = node(url_for("sparql.endpoint", _external=True))
    triples += [
        t(service, RDF_TYPE, node(DCAT + "DataService")),
        t(service, node(DCAT + "endpointURL"), service),
        t(service, node(DCAT + "servesDataset"), dataset),
    ]
    return triples


def t(s, p, o) -> ox.Triple:
    return ox.Triple(s, p, o)


def node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)
