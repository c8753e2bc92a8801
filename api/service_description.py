"""The SPARQL 1.1 Service Description of the endpoint, as an RDF graph.

It tells a client what the endpoint speaks (query, and update when writes are
enabled), which result formats it writes, and what its default dataset is:
the default graph is the union of the named graphs (``sd:UnionDefaultGraph``),
where a triple held by several graphs matches once per graph (use DISTINCT
to count each once).
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
RDF_FORMATS = ("Turtle", "JSON-LD", "RDF_XML", "N-Triples", "N-Quads", "TriG")

UNION_NOTE = (
    "The default graph is the union of all named graphs; a triple held by several "
    "graphs matches once per graph, so use SELECT DISTINCT to count it once. "
    "Named graphs are available with GRAPH, FROM NAMED and named-graph-uri."
)


def service_description(endpoint: str, void: str, graphs: list[str], writable: bool) -> Graph:
    """The description of the endpoint at ``endpoint``.

    :param void: the IRI of the dataset's VoID description.
    :param graphs: the IRIs of the named graphs.
    :param writable: whether SPARQL Update is accepted (with the write token).
    """
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("formats", FORMATS)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, RDFS.label, Literal("cxkg SPARQL endpoint", lang="en")))
    g.add((service, RDFS.comment, Literal(UNION_NOTE, lang="en")))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if writable:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMATS + RDF_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, DCTERMS.description, URIRef(void)))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, RDFS.comment, Literal(UNION_NOTE, lang="en")))
    for iri in graphs:
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(iri)))
    return g
