"""The HTML query page of ``/sparql``: a form, ready-made examples, a results table.

The form GETs ``/sparql?query=...``, so it works without JavaScript; with it,
``static/editor.js`` turns the box into a CodeMirror editor (highlighting,
prefix completion) that fills the same form. The server turns the SPARQL JSON
(or N-Triples) answer into a table whose IRIs are links: to the browser's pages
for concepts, documents and works, to ``/id/...`` for other resources of the
graph, and outwards otherwise, each with its label beside it.

A competency question (``?example=cq01``) opens with its text without the ``#+``
header and a form for its parameters (``param-<name>``); ``&run=1`` runs it
with them bound, resolved as ``/api/queries`` resolves them.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import render_template, request

from cxkg.api.backend import get_names, get_store, settings
from cxkg.api.labels import all_labels, label_of
from cxkg.api.links import href, short
from cxkg.api.query_errors import explain
from cxkg.api.templating import current_lang
from cxkg.namespaces import PREFIXES, XSD
from cxkg.queries.catalogue import CatalogueQuery, load_catalogue
from cxkg.queries.resolve import UnknownValue
from cxkg.queries.run import bind
from cxkg.store.engine import Request
from cxkg.store.prebind import write_in


def prefixes() -> dict[str, str]:
    """Every namespace the project knows, by prefix (the editor completes them)."""
    return {**PREFIXES, "cxid": settings().base}


def prefix_lines() -> str:
    """PREFIX declarations for every namespace the project knows."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes().items())


def body(query: CatalogueQuery) -> str:
    """A catalogue query's text without its ``#+`` header (what the editor shows)."""
    return "".join(line for line in query.sparql.splitlines(keepends=True) if not line.startswith("#+"))


def cell(term: dict | None, labels: dict | None = None) -> dict | None:
    """A SPARQL JSON term as the table shows it (an IRI with its label, when ``labels`` has one)."""
    if term is None:
        return None
    kind, value = term["type"], term["value"]
    if kind == "uri":
        label = label_of(labels, value, current_lang()) if labels else None
        return {"kind": "iri", "value": value, "href": href(value), "text": short(value), "label": label}
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


def results(answer) -> dict | None:
    """The answer as ``{"kind", "columns", "rows" | "boolean"}`` for the template."""
    if answer is None:
        return None
    labels = all_labels(get_store())
    if answer.kind == "graph":
        triples = ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)
        rows = [[cell(oxterm(t.subject), labels), cell(oxterm(t.predicate), labels), cell(oxterm(t.object), labels)]
                for t in triples]
        return {"kind": "graph", "columns": ["subject", "predicate", "object"], "rows": rows}
    data = json.loads(answer.body)
    if answer.kind == "boolean" or "boolean" in data:
        return {"kind": "boolean", "boolean": bool(data.get("boolean"))}
    return solutions(data["head"]["vars"], data["results"]["bindings"], labels)


def solutions(columns: list[str], bindings: list[dict], labels: dict | None = None) -> dict:
    """SPARQL JSON bindings as the table shows them."""
    rows = [[cell(b.get(name), labels) for name in columns] for b in bindings]
    return {"kind": "solutions", "columns": columns, "rows": rows}


def param_values(query: CatalogueQuery) -> dict[str, str]:
    """The values of the parameter form (``param-<name>``), the defaults for the others."""
    return {p.name: request.values.get(f"param-{p.name}", p.default or "") for p in query.params}


def error_view(text: str, error: str | None) -> dict | None:
    """An error as the page shows it: in words with its position when the parser gave one."""
    if not error:
        return None
    return explain(text, error, current_lang()) or {"message": error}


def run_example(example: CatalogueQuery, values: dict[str, str]):
    """Run a catalogue question with its parameters bound: ``(answer, error)``."""
    from cxkg.api.sparql import QUERY_FAILURES

    store = get_store()
    try:
        bindings = bind(example, {k: v for k, v in values.items() if v.strip()}, store, get_names)
        return store.execute(Request("query", write_in(example.sparql, bindings), format="json")), None
    except (UnknownValue, *QUERY_FAILURES) as error:
        return None, str(error)


def sparql_page(text: str, answer, error: str | None = None) -> str:
    """The page: the query (or an example, or the PREFIX lines), examples, results or error."""
    catalogue = load_catalogue()
    example = catalogue.get(request.args.get("example", ""))
    values = param_values(example) if example else {}
    if example and not text:
        text = body(example)
        if request.args.get("run"):
            answer, error = run_example(example, values)
    if not text:
        text = prefix_lines() + "\nSELECT * WHERE {\n  ?s ?p ?o\n}\nLIMIT 10\n"
    examples = {q.id: body(q) for q in catalogue.values()}
    return render_template(
        "sparql.html", text=text, results=results(answer), catalogue=list(catalogue.values()),
        examples=examples, example=example, error=error_view(text, error), values=values, prefixes=prefixes(),
    )
