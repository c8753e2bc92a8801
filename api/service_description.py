"""The SPARQL 1.1 Service Description of the endpoint, as RDF triples.

It tells a client what the endpoint speaks (query, and update when writes are
enabled), which result formats it writes (every format of
:mod:`cxkg.store.formats`), and what its default dataset is: the default graph
is the union of the named graphs (``sd:UnionDefaultGraph``) as an RDF graph, a
set: a triple held by several graphs matches once (see
:mod:`cxkg.store.default_graph`).
The dataset names its releases (``dcterms:hasVersion``), the current one as
its ``owl:versionIRI``, as VoID does.
"""

from __future__ import annotations

import pyoxigraph as ox

from cxkg.namespaces import DCTERMS, FORMATS, OWL, RDF, RDFS, SD, VOID
from cxkg.store.formats import FORMATS as FORMAT_TABLE

#: The prefixes a Turtle description is written with.
PREFIXES = {"sd": str(SD), "void": str(VOID), "formats": str(FORMATS), "rdfs": str(RDFS), "dcterms": str(DCTERMS),
            "owl": str(OWL)}

UNION_NOTE = (
    "The default graph is the union of all named graphs, as a set: a triple held by "
    "several graphs matches once, so COUNT counts it once. Which graphs hold it is "
    "available with GRAPH, FROM NAMED and named-graph-uri."
)


def node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def service_description(endpoint: str, void: str, graphs: list[str], writable: bool,
                        also: tuple[str, ...] = (), releases: tuple[str, ...] = ()) -> list[ox.Triple]:
    """The description of the endpoint at ``endpoint``.

    :param void: the IRI of the dataset's VoID description.
    :param graphs: the IRIs of the named graphs.
    :param writable: whether SPARQL Update is accepted (with the write token).
    :param also: other URLs that are this endpoint too (``/sparql/``).
    :param releases: the version IRIs of the dataset's releases, latest first.
    """
    service, note = node(endpoint), ox.Literal(UNION_NOTE, language="en")
    t = ox.Triple
    triples = [
        t(service, node(RDF.type), node(SD.Service)),
        t(service, node(SD.endpoint), service),
        *(t(service, node(SD.endpoint), node(url)) for url in also),
        t(service, node(RDFS.label), ox.Literal("cxkg SPARQL endpoint", language="en")),
        t(service, node(RDFS.comment), note),
        t(service, node(SD.supportedLanguage), node(SD.SPARQL11Query)),
        t(service, node(SD.feature), node(SD.UnionDefaultGraph)),
        *(t(service, node(SD.resultFormat), node(FORMATS[f.w3c])) for f in FORMAT_TABLE.values()),
    ]
    if writable:
        triples.append(t(service, node(SD.supportedLanguage), node(SD.SPARQL11Update)))
    dataset, default = ox.BlankNode(), ox.BlankNode()
    triples += [
        t(service, node(SD.defaultDataset), dataset),
        t(dataset, node(RDF.type), node(SD.Dataset)),
        t(dataset, node(DCTERMS.description), node(void)),
        t(dataset, node(SD.defaultGraph), default),
        t(default, node(RDF.type), node(SD.Graph)),
        t(default, node(RDFS.comment), note),
        *(t(dataset, node(DCTERMS.hasVersion), node(iri)) for iri in releases),
        *(t(dataset, node(OWL.versionIRI), node(iri)) for iri in releases[:1]),
    ]
    for iri in graphs:
        named = ox.BlankNode()
        triples += [t(dataset, node(SD.namedGraph), named), t(named, node(RDF.type), node(SD.NamedGraph)),
                    t(named, node(SD.name), node(iri))]
    return triples
