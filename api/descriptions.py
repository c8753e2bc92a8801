"""What the linked-data views share: IRIs <-> local URLs, descriptions, RDF output.

A resource IRI is the configured base plus a path; locally it answers at
``/id/<path>``. A description is built from the ``queries/linked/*.rq`` files,
each run with the resource bound as ``?resource`` (never pasted in the text).
How a page links an IRI is :mod:`cxkg.api.links`' job.
"""

from __future__ import annotations

import pyoxigraph as ox

from cxkg.api.backend import get_store, settings
from cxkg.api.errors import ApiError
from cxkg.namespaces import DCTERMS, FOAF, PREFIXES, RDF, RDFS, SKOS, VOID as VOID_NS, XSD
from cxkg.ontology.export import context
from cxkg.queries.files import query_text
from cxkg.store.formats import media_types, serialize as write

#: Media type -> format of one resource's description: one graph, so the
#: formats made for named graphs (N-Quads, TriG) are not offered.
DESCRIPTION_TYPES = {media: name for media, name in media_types("rdf").items() if name not in ("nq", "trig")}
#: The IRI of the dataset under the base; it dereferences to the VoID document.
DATASET_PATH = "dataset"
LABELS = (str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title), str(FOAF.name))
#: Names (fr, en) of the project's own graphs; the others hold one document each.
GRAPH_NAMES = {
    "ontology": ("Graphe de l'ontologie", "Ontology graph"),
    "editorial": ("Graphe des énoncés éditoriaux du projet", "Graph of the project's editorial statements"),
    "inferred": ("Graphe des inférences", "Graph of inferred triples"),
    "releases": ("Graphe des versions publiées et de leurs modifications", "Graph of the releases and the changes that made them"),
}
VOID = str(VOID_NS)
RDF_TYPE = ox.NamedNode(str(RDF.type))


def query(name: str) -> str:
    """The text of ``queries/linked/<name>.rq``."""
    return query_text(f"linked/{name}")


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


def releases() -> list[dict]:
    """The dataset's releases, latest first, as rows (release, version, issued,
    latest); none for a store built before releases were kept."""
    graph = ox.NamedNode(settings().graph("releases"))
    return get_store().select(query("releases"), {"dataset": dataset_iri(), "graph": graph})


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(str(XSD.integer)))


def graph_triples(graph: ox.NamedNode, size: int) -> list[ox.Triple]:
    """A named graph as a VoID subset of the dataset: its size and its names."""
    kind = graph.value.rsplit("/graph/", 1)[-1]
    document = kind.removeprefix("document/")
    fr, en = GRAPH_NAMES.get(kind, (f"Énoncés du document {document}", f"Statements of document {document}"))
    title = ox.NamedNode(str(DCTERMS.title))
    triples = [
        ox.Triple(graph, RDF_TYPE, ox.NamedNode(VOID + "Dataset")),
        ox.Triple(graph, ox.NamedNode(VOID + "triples"), integer(size)),
        ox.Triple(graph, title, ox.Literal(fr, language="fr")),
        ox.Triple(graph, title, ox.Literal(en, language="en")),
        ox.Triple(dataset_iri(), ox.NamedNode(VOID + "subset"), graph),
    ]
    if kind != document:
        triples.append(ox.Triple(graph, ox.NamedNode(str(DCTERMS.source)), to_iri(kind)))
    return triples


def serialize(triples: list[ox.Triple], fmt: str) -> bytes:
    """``triples`` in ``fmt`` with the prefixes they use (JSON-LD compacted with the project's context)."""
    return write(triples, fmt, prefixes=used_prefixes(triples), context=context())


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
