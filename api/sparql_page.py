"""The HTML query page of ``/sparql``: a form, ready-made examples, a results table.

The form GETs ``/sparql?query=...``, so it works without JavaScript; the
server turns the SPARQL JSON (or N-Triples) answer into a table whose IRIs
are links: to the browser's pages for concepts, documents and works, to
``/id/...`` for other resources of the graph, and outwards otherwise.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import render_template, request

from cxkg.api.backend import get_store, settings
from cxkg.api.templating import LANGS, current_lang
from cxkg.api.links import href, short
from cxkg.namespaces import PREFIXES, XSD
from cxkg.queries.catalogue import load_catalogue
from cxkg.queries.files import query_text

def prefix_lines() -> str:
    """PREFIX declarations for every namespace the project knows."""
    names = {**PREFIXES, "cxid": settings().base}
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in names.items())


def cell(term: dict | None) -> dict | None:
    """A SPARQL JSON term as the table shows it."""
    if term is None:
        return None
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return {"kind": "iri", "value": value, "href": href(value), "text": short(value)}
    if kind == "bnode":
        return {"kind": "bnode", "text": f"_:{value}"}
    datatype = term.get("datatype")
    return {"kind": "literal", "text": value, "lang": term.get("xml:lang"), "datatype": short(datatype) if datatype else None}


def oxterm(term) -> dict:
    """A pyoxigraph term as a SPARQL JSON term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    found = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype.value != str(XSD.string):
        found["datatype"] = term.datatype.value
    return found


#: Which label a results cell shows first: SKOS, then RDFS, then a title or a name.
LABEL_ORDER = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
               "http://purl.org/dc/terms/title", "http://xmlns.com/foaf/0.1/name")


def with_labels(rows: list[list[dict | None]]) -> list[list[dict | None]]:
    """Give each IRI cell the label of its resource in the reader's language, where the graph has one."""
    iris = {c["value"] for row in rows for c in row if c and c["kind"] == "iri"}
    if not iris:
        return rows
    lang = current_lang()
    found: dict[str, tuple] = {}
    for row in get_store().select(query_text("pages/labels")):
        iri = row["resource"].value
        if iri not in iris:
            continue
        label = row["label"]
        tag = getattr(label, "language", None)
        rank = (0 if tag == lang else 1 if tag in LANGS else 2 if not tag else 3,
                LABEL_ORDER.index(row["labelProperty"].value) if row["labelProperty"].value in LABEL_ORDER else 9, label.value)
        if iri not in found or rank < found[iri]:
            found[iri] = rank
    for row in rows:
        for c in row:
            if c and c["kind"] == "iri" and c["value"] in found:
                c["label"] = found[c["value"]][2]
    return rows


def results(answer) -> dict | None:
    """The answer as ``{"kind", "columns", "rows" | "boolean"}`` for the template."""
    if answer is None:
        return None
    if answer.kind == "graph":
        triples = ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)
        rows = [[cell(oxterm(t.subject)), cell(oxterm(t.predicate)), cell(oxterm(t.object))] for t in triples]
        return {"kind": "graph", "columns": ["subject", "predicate", "object"], "rows": with_labels(rows)}
    data = json.loads(answer.body)
    if answer.kind == "boolean" or "boolean" in data:
        return {"kind": "boolean", "boolean": bool(data.get("boolean"))}
    columns = data["head"]["vars"]
    rows = [[cell(b.get(name)) for name in columns] for b in data["results"]["bindings"]]
    return {"kind": "solutions", "columns": columns, "rows": with_labels(rows)}


def sparql_page(text: str, answer, error: str | None = None) -> str:
    """The page: the query (or an example, or the PREFIX lines), examples, results or error."""
    catalogue = load_catalogue()
    example = catalogue.get(request.args.get("example", ""))
    if not text:
        text = example.sparql if example else prefix_lines() + "\nSELECT * WHERE {\n  ?s ?p ?o\n}\nLIMIT 10\n"
    examples = {q.id: q.sparql for q in catalogue.values()}
    return render_template(
        "sparql.html", text=text, results=results(answer), catalogue=list(catalogue.values()),
        examples=examples, example=example, error=error,
    )
