"""Every format the project writes, in one table, and the one function that writes RDF.

A format has a short name (its file suffix and its ``format=`` value), the
media types it is answered with (the first) and recognised by, the names a
client may use for it, what it holds (RDF, possibly with named graphs, or query
results), its IRI in the W3C formats vocabulary, and the pyoxigraph format that
writes it. The CLI, the dumps, ``/data``, ``/sparql``, ``/ontology``, VoID and
the service description all read this table, so adding a format is one entry
here (and its tests).

>>> FORMATS["ttl"].media_type
'text/turtle; charset=utf-8'
>>> [f.name for f in rdf_formats()]
['ttl', 'jsonld', 'rdf', 'nt', 'nq', 'trig']
>>> named("application/rdf+xml", "rdf"), named("turtle", "rdf"), named("xml", "results")
('rdf', 'ttl', 'xml')
>>> import pyoxigraph as ox
>>> t = ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"))
>>> serialize([t, t], "nt")
b'<http://e/a> <http://e/p> "x" .\\n'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Iterable, Literal

import pyoxigraph as ox

RF, QRF = ox.RdfFormat, ox.QueryResultsFormat


@dataclass(frozen=True)
class Format:
    """One format and everything the project needs to know about it."""

    name: str
    title: str
    media_types: tuple[str, ...]
    kind: Literal["rdf", "results"]
    w3c: str
    engine: ox.RdfFormat | ox.QueryResultsFormat
    aliases: tuple[str, ...] = ()
    datasets: bool = False
    text: bool = False

    @property
    def media_type(self) -> str:
        """The media type answers in this format carry."""
        return self.media_types[0] + ("; charset=utf-8" if self.text else "")

    @property
    def suffix(self) -> str:
        """The file suffix of a dump or a download (without the dot)."""
        return self.name


#: Every format, results first, each table's default first.
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("json", "SPARQL JSON", ("application/sparql-results+json", "application/json"), "results",
           "SPARQL_Results_JSON", QRF.JSON),
    Format("xml", "SPARQL XML", ("application/sparql-results+xml", "application/xml", "text/xml"), "results",
           "SPARQL_Results_XML", QRF.XML),
    Format("csv", "CSV", ("text/csv",), "results", "SPARQL_Results_CSV", QRF.CSV, text=True),
    Format("tsv", "TSV", ("text/tab-separated-values",), "results", "SPARQL_Results_TSV", QRF.TSV, text=True),
    Format("ttl", "Turtle", ("text/turtle",), "rdf", "Turtle", RF.TURTLE, ("turtle", "n3"), text=True),
    Format("jsonld", "JSON-LD", ("application/ld+json",), "rdf", "JSON-LD", RF.JSON_LD, ("json-ld",), datasets=True),
    Format("rdf", "RDF/XML", ("application/rdf+xml",), "rdf", "RDF_XML", RF.RDF_XML, ("rdfxml", "rdf+xml")),
    Format("nt", "N-Triples", ("application/n-triples", "text/plain"), "rdf", "N-Triples", RF.N_TRIPLES,
           ("ntriples", "n-triples")),
    Format("nq", "N-Quads", ("application/n-quads",), "rdf", "N-Quads", RF.N_QUADS, ("nquads", "n-quads"),
           datasets=True),
    Format("trig", "TriG", ("application/trig",), "rdf", "TriG", RF.TRIG, datasets=True),
)}

#: What a results-format name means when RDF is asked for: SPARQLWrapper sends
#: ``format=xml`` to ask a CONSTRUCT for RDF/XML (and ``json`` for JSON-LD).
RDF_READINGS = {"xml": "rdf", "json": "jsonld"}


def rdf_formats() -> list[Format]:
    """The RDF formats, the default (Turtle) first."""
    return [f for f in FORMATS.values() if f.kind == "rdf"]


def result_formats() -> list[Format]:
    """The query-results formats, the default (SPARQL JSON) first."""
    return [f for f in FORMATS.values() if f.kind == "results"]


def media_types(kind: str) -> dict[str, str]:
    """Every media type of ``kind`` (``rdf`` or ``results``) -> format name, defaults first."""
    return {media: f.name for f in FORMATS.values() if f.kind == kind for media in f.media_types}


def named(value: str, kind: str) -> str | None:
    """The format of ``kind`` a ``format=`` value names (name, alias or media type), if any."""
    name = value.strip().lower()
    if kind == "rdf":
        name = RDF_READINGS.get(name, name)
    for f in FORMATS.values():
        if f.kind == kind and (name == f.name or name in f.aliases or name in f.media_types):
            return f.name
    return None


def serialize(statements: Iterable[ox.Triple | ox.Quad], fmt: str, output: BinaryIO | None = None,
              prefixes: dict[str, str] | None = None, context: dict | None = None) -> bytes | None:
    """Write triples or quads in the RDF format ``fmt``.

    A format without named graphs gets the union of the graphs, each triple
    once; the others keep each quad's graph. JSON-LD is compacted with
    ``context`` when one is given (pyoxigraph writes it expanded).

    :param output: a binary file; ``None`` returns the bytes.
    :param prefixes: prefixes for the formats that use them (Turtle, TriG, RDF/XML).
    :raises KeyError: for a name that is not an RDF format of :data:`FORMATS`.
    """
    chosen = FORMATS[fmt]
    if chosen.kind != "rdf":
        raise KeyError(fmt)
    items = list(statements)
    if not chosen.datasets:
        items = sorted({s.triple if isinstance(s, ox.Quad) else s for s in items}, key=str)
    if fmt == "jsonld" and context is not None:
        body = compact_jsonld(items, context)
        if output is None:
            return body
        output.write(body)
        return None
    used = prefixes if fmt in ("ttl", "trig", "rdf") else None
    return ox.serialize(items, output, chosen.engine, prefixes=used)


def compact_jsonld(statements: list, context: dict) -> bytes:
    """JSON-LD compacted with ``context`` (rdflib's writer; pyoxigraph writes expanded JSON-LD)."""
    from rdflib import Dataset

    quads = [s if isinstance(s, ox.Quad) else ox.Quad(s.subject, s.predicate, s.object) for s in statements]
    dataset = Dataset()
    dataset.parse(data=ox.serialize(quads, format=RF.N_QUADS).decode("utf-8"), format="nquads")
    return dataset.serialize(format="json-ld", context=context, indent=1).encode("utf-8")
