"""What the linked-data views share: IRIs <-> local URLs, descriptions, RDF output.

A resource IRI is the configured base plus a path; locally it answers at
``/id/<path>``. A description is built from the ``queries/linked/*.rq`` files,
each run with the resource bound as ``?resource`` (never pasted in the text).

>>> curie("https://w3id.org/cxkg/ontology#Capability"), curie("http://example.org/x")
('cx:Capability', 'http://example.org/x')
>>> curie("https://w3id.org/cxkg/id/concept/nps")
'cxid:concept/nps'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from flask import url_for
from rdflib import Graph

from api.errors import ApiError
from api.store import get_store, settings
from ontology.export import context
from ontology.namespaces import CX, ONTOLOGY_IRI, PREFIXES

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries" / "linked"

#: Media type -> format of one resource's description (a graph, not a dataset).
DESCRIPTION_TYPES = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdf",
    "application/n-triples": "nt",
    "text/plain": "nt",
}
#: The IRI of the dataset under the base; it dereferences to the VoID document.
DATASET_PATH = "dataset"
LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
          "http://purl.org/dc/terms/title", "http://xmlns.com/foaf/0.1/name")
#: Names (fr, en) of the project's own graphs; the others hold one document each.
GRAPH_NAMES = {
    "ontology": ("Graphe de l'ontologie", "Ontology graph"),
    "editorial": ("Graphe des énoncés éditoriaux du projet", "Graph of the project's editorial statements"),
    "inferred": ("Graphe des inférences", "Graph of inferred triples"),
}
VOID = PREFIXES["void"]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
OX_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML, "nq": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG}


@lru_cache(maxsize=None)
def query(name: str) -> str:
    """The text of ``queries/linked/<name>.rq``."""
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def to_iri(path: str) -> ox.NamedNode:
    """The resource IRI that ``/id/<path>`` stands for.

    :raises ApiError: 404 for a path that makes no valid IRI (a space, a
        backslash, ``<``): the graph can hold nothing there.
    """
    try:
        return ox.NamedNode(settings().base + path)
    except ValueError:
        raise ApiError(404, "not-found", f"nothing is at {path!r}: it makes no valid IRI") from None


def local_path(iri: str) -> str | None:
    """The path under the base of ``iri``, or ``None`` for an IRI outside it."""
    base = settings().base
    return iri[len(base):] if iri.startswith(base) and len(iri) > len(base) else None


def web_link(target: str | None) -> str | None:
    r"""``target`` if a page may make a link of it, else ``None`` (shown as text).

    An IRI from the data may be anything (``javascript:alert(1)``, ``data:``):
    only http(s) IRIs, paths of this site and fragments become links.

    >>> web_link("https://example.org/a"), web_link("/id/x"), web_link("#Practice")
    ('https://example.org/a', '/id/x', '#Practice')
    >>> web_link("javascript:alert(1)"), web_link(" http://e.org/"), web_link(None)
    (None, None, None)
    >>> web_link("//evil.example/"), web_link("/\\evil.example/")  # another host, for a browser
    (None, None)
    """
    if not target:
        return None
    if target.lower().startswith(("http://", "https://", "#")):
        return target
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else None


def href(iri: str) -> str | None:
    """Where a page links an IRI: ``/id/...`` for resources, ``/ontology#X`` for
    terms, the IRI itself for a web page elsewhere, ``None`` for no link."""
    if iri.startswith(str(CX)):
        return url_for("ontology_page.ontology") + "#" + iri[len(str(CX)):]
    if iri == ONTOLOGY_IRI:
        return url_for("ontology_page.ontology")
    path = local_path(iri)
    if path is None:
        return web_link(iri)
    resource, _, fragment = path.partition("#")
    return url_for("linked.resource", path=resource) + (f"#{fragment}" if fragment else "")


def curie(iri: str) -> str:
    """``prefix:local`` when a known namespace fits, the IRI otherwise."""
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local:
            return f"{prefix}:{local}"
    return iri


def exists(iri: ox.NamedNode) -> bool:
    """Whether the graph holds ``iri`` as a subject, an object or a named graph."""
    return bool(get_store().select(query("exists"), {"resource": iri}))


def describe(iri: ox.NamedNode) -> list[ox.Triple]:
    """What the graph says of ``iri``, with labels of its neighbours for context.

    A named graph, which no triple describes, is given its size and names.
    """
    store, bindings = get_store(), {"resource": iri}
    triples = [ox.Triple(r["s"], r["p"], r["o"]) for r in store.select(query("outgoing"), bindings)]
    for row in store.select(query("labels"), bindings):
        triples.append(ox.Triple(row["o"], row["labelProperty"], row["label"]))
    for row in store.select(query("incoming"), bindings):
        triples.append(ox.Triple(row["s"], row["p"], iri))
        triples.append(ox.Triple(row["s"], row["labelProperty"], row["label"]))
    for row in store.select(query("graph-sizes"), {"graph": iri}):
        triples.extend(graph_triples(iri, int(row["triples"].value)))
    return list(dict.fromkeys(triples))


def dataset_iri() -> ox.NamedNode:
    """The dataset as a whole, which VoID describes."""
    return to_iri(DATASET_PATH)


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def graph_triples(graph: ox.NamedNode, size: int) -> list[ox.Triple]:
    """A named graph as a VoID subset of the dataset: its size and its names."""
    kind = graph.value.rsplit("/graph/", 1)[-1]
    document = kind.removeprefix("document/")
    fr, en = GRAPH_NAMES.get(kind, (f"Énoncés du document {document}", f"Statements of document {document}"))
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    triples = [
        ox.Triple(graph, RDF_TYPE, ox.NamedNode(VOID + "Dataset")),
        ox.Triple(graph, ox.NamedNode(VOID + "triples"), integer(size)),
        ox.Triple(graph, title, ox.Literal(fr, language="fr")),
        ox.Triple(graph, title, ox.Literal(en, language="en")),
        ox.Triple(dataset_iri(), ox.NamedNode(VOID + "subset"), graph),
    ]
    if kind != document:
        triples.append(ox.Triple(graph, ox.NamedNode("http://purl.org/dc/terms/source"), to_iri(kind)))
    return triples


def serialize(triples: list[ox.Triple], fmt: str) -> bytes:
    """``triples`` in ``fmt``, each subject's triples together.

    Turtle and JSON-LD go through rdflib, which nests blank nodes and, for
    JSON-LD, compacts with the project's context; pyoxigraph writes the others.
    """
    if fmt in ("ttl", "jsonld"):
        graph = Graph(bind_namespaces="none")
        graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        if fmt == "jsonld":
            return graph.serialize(format="json-ld", context=context(), indent=1).encode("utf-8")
        for prefix, namespace in used_prefixes(triples).items():
            graph.bind(prefix, namespace)
        return graph.serialize(format="turtle").encode("utf-8")
    order: dict = {}
    for triple in triples:
        order.setdefault(triple.subject, len(order))
    triples = sorted(triples, key=lambda triple: order[triple.subject])
    if fmt in ("nq", "trig"):
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        return ox.serialize(quads, format=OX_FORMATS[fmt], prefixes=used_prefixes(triples) if fmt == "trig" else None)
    return ox.serialize(triples, format=OX_FORMATS[fmt], prefixes=used_prefixes(triples) if fmt == "rdf" else None)


def used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    """The project's prefixes that the triples use, for a readable Turtle or RDF/XML.

    ``cxid:`` is left out: its local names hold slashes, which Turtle escapes.
    """
    iris = {n.value for t in triples for n in (t.subject, t.predicate, t.object) if isinstance(n, ox.NamedNode)}
    iris |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    return {p: ns for p, ns in PREFIXES.items() if p != "cxid" and any(iri.startswith(ns) for iri in iris)}


def labels(triples: list[ox.Triple], lang: str = "en") -> dict:
    """Each labelled node's label: in ``lang`` first, then English, French, any."""
    rank = {lang: 0, "en": 1, "fr": 2}
    best: dict = {}
    for t in triples:
        if t.predicate.value in LABELS and isinstance(t.object, ox.Literal):
            score = (rank.get(t.object.language, 3), LABELS.index(t.predicate.value))
            if t.subject not in best or score < best[t.subject][0]:
                best[t.subject] = (score, t.object.value)
    return {node: text for node, (_, text) in best.items()}
