"""The HTML query page of ``/sparql``: a form, ready-made examples, a results table.

The form GETs ``/sparql?query=...``, so it works without JavaScript; the
server turns the SPARQL JSON (or N-Triples) answer into a table whose IRIs
are links: to the browser's pages for concepts, documents and works, to
``/id/...`` for other resources of the graph, and outwards for other http(s)
IRIs; any other IRI (``javascript:...``) is shown as text.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import render_template, request

from api.linked_data import web_link
from api.store import settings
from ontology.namespaces import PREFIXES
from queries.catalogue import load_catalogue

#: Pages of the browser for resources under the base: first path segment -> route.
BROWSABLE = {"concept": "/concept/", "document": "/document/", "work": "/work/"}


def prefix_lines() -> str:
    """PREFIX declarations for every namespace the project knows."""
    names = {**PREFIXES, "cxid": settings().base}
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in names.items())


def href(iri: str) -> str | None:
    """Where a reader follows an IRI; ``None`` when it must not be a link.

    >>> from flask import Flask
    >>> from ontology.config import Settings
    >>> app = Flask("t"); app.config["CXKG"] = Settings()
    >>> with app.app_context():
    ...     href("https://w3id.org/cxkg/id/concept/nps"), href("https://w3id.org/cxkg/id/person/morgan")
    ('/concept/nps', '/id/person/morgan')
    >>> with app.app_context():
    ...     href("https://w3id.org/cxkg/id/document/000_x/chapter/3"), href("http://example.org/a")
    ('/id/document/000_x/chapter/3', 'http://example.org/a')
    >>> with app.app_context():
    ...     href("javascript:alert(1)") is None
    True
    """
    base = settings().base
    if not iri.startswith(base):
        return web_link(iri)
    path = iri[len(base):]
    kind, _, rest = path.partition("/")
    if kind in BROWSABLE and rest and "/" not in rest:
        return BROWSABLE[kind] + rest
    return "/id/" + path


def short(iri: str) -> str:
    """An IRI as a prefixed name where a prefix fits.

    >>> from flask import Flask
    >>> from ontology.config import Settings
    >>> app = Flask("t"); app.config["CXKG"] = Settings()
    >>> with app.app_context():
    ...     short("https://w3id.org/cxkg/ontology#supports"), short("http://example.org/a")
    ('cx:supports', 'http://example.org/a')
    """
    names = {**PREFIXES, "cxid": settings().base}
    best = max((ns for ns in names.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in names.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


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
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        found["datatype"] = term.datatype.value
    return found


def results(answer) -> dict | None:
    """The answer as ``{"kind", "columns", "rows" | "boolean"}`` for the template."""
    if answer is None:
        return None
    if answer.kind == "graph":
        triples = ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)
        rows = [[cell(oxterm(t.subject)), cell(oxterm(t.predicate)), cell(oxterm(t.object))] for t in triples]
        return {"kind": "graph", "columns": ["subject", "predicate", "object"], "rows": rows}
    data = json.loads(answer.body)
    if answer.kind == "boolean" or "boolean" in data:
        return {"kind": "boolean", "boolean": bool(data.get("boolean"))}
    columns = data["head"]["vars"]
    rows = [[cell(b.get(name)) for name in columns] for b in data["results"]["bindings"]]
    return {"kind": "solutions", "columns": columns, "rows": rows}


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
