"""/exercises: each competency question as an exercise, graded by the server.

``GET /exercises`` lists them; ``GET /exercises/<cq>`` states one (fr and en),
with its parameters, an editor and hints drawn from the catalogue's query (the
classes and properties it uses, :func:`cxkg.queries.exercises.hints`).
``POST /exercises/<cq>`` (form fields ``query`` and ``param-<name>``, or a JSON
body ``{"query": ..., "parameters": {...}}``) runs the student's query and the
catalogue's with the same parameters and the same limits as ``/sparql``, and
compares them (:func:`cxkg.queries.exercises.grade`): an HTML page for a browser,
JSON for a client that asks for it. Parameters are bound to the variables of the
same name in the student's query too, when it selects them.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, render_template, request

from cxkg.api.backend import get_names, get_store
from cxkg.api.catalogue import find
from cxkg.api.errors import ApiError, from_domain
from cxkg.api.labels import all_labels, label_of
from cxkg.api.links import short
from cxkg.api.query_errors import explain
from cxkg.api.sparql import QUERY_FAILURES
from cxkg.api.sparql_page import prefix_lines, prefixes, solutions
from cxkg.api.templating import current_lang
from cxkg.queries.catalogue import CatalogueQuery, load_catalogue
from cxkg.queries.exercises import grade, hints, projected
from cxkg.queries.resolve import UnknownValue
from cxkg.queries.run import bind
from cxkg.store.engine import Request
from cxkg.store.prebind import write_in

bp = Blueprint("exercises", __name__)

ANSWER_TYPES = {"text/html": "html", "application/json": "json"}


@bp.get("/exercises")
def listing() -> str:
    return render_template("exercises.html", catalogue=list(load_catalogue().values()))


@bp.get("/exercises/<qid>")
def exercise(qid: str) -> Response:
    query = find(qid)
    values = {p.name: request.args.get(f"param-{p.name}", p.default or "") for p in query.params}
    return page(query, starter(query), values, None, None)


@bp.post("/exercises/<qid>")
def submit(qid: str) -> Response:
    query = find(qid)
    text, values = submitted(query)
    wants_json = choose_json()
    try:
        graded = check(query, text, values)
    except UnknownValue as error:
        raise ApiError(400, "unknown-value", str(error), param=error.param, suggestions=error.suggestions)
    except QUERY_FAILURES as error:
        problem = from_domain(error)
        where = explain(text, str(error), current_lang())
        if wants_json:
            body = json.loads(problem.get_data())
            body["error"].update({k: where[k] for k in ("line", "column")} if where else {})
            if where:
                body["error"]["message"] = where["message"]
            return Response(json.dumps(body, ensure_ascii=False), status=problem.status_code, content_type="application/json")
        shown = where or {"message": str(error)}
        return page(query, text, values, None, shown, status=problem.status_code)
    if wants_json:
        return jsonify({"exercise": query.id, "parameters": values, **graded})
    return page(query, text, values, graded, None)


def choose_json() -> bool:
    """JSON for a client that prefers it (``Accept`` or ``?format=json``), HTML otherwise."""
    if request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(list(ANSWER_TYPES), default="text/html")
    return ANSWER_TYPES[best] == "json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def submitted(query: CatalogueQuery) -> tuple[str, dict[str, str]]:
    """The student's query and the parameter values (the defaults for those not given)."""
    values = {p.name: p.default or "" for p in query.params}
    if request.is_json:
        data = request.get_json(silent=True) or {}
        text = data.get("query", "")
        given = data.get("parameters") or {}
    else:
        text = request.form.get("query", "")
        given = {p.name: request.form[f"param-{p.name}"] for p in query.params if f"param-{p.name}" in request.form}
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "missing-parameter", "give the query to grade in 'query'", param="query")
    for name, value in given.items():
        if name not in values:
            raise ApiError(400, "unknown-parameter", f"{query.id} has no parameter {name!r}", param=name)
        if str(value).strip():
            values[name] = str(value)
    return text, values


def run(text: str, bindings: dict) -> dict:
    """One query run as /sparql runs it (same process, limits and checks): its SPARQL JSON."""
    answer = get_store().execute(Request("query", text, format="json", bindings=bindings))
    if answer.kind == "graph":
        raise ApiError(400, "not-a-select", "an exercise is answered by a SELECT (or an ASK), not a graph")
    return json.loads(answer.body)


def check(query: CatalogueQuery, text: str, values: dict[str, str]) -> dict:
    """Grade ``text`` against the catalogue's answer for ``values``."""
    store = get_store()
    bindings = bind(query, values, store, get_names)
    expected = run(write_in(query.sparql, bindings), {})
    selected = projected(text)
    own = {name: term for name, term in bindings.items() if selected is not None and name in selected}
    given = run(text, own)
    graded = grade(expected, given)
    graded["bound"] = sorted(own)
    return graded


def starter(query: CatalogueQuery) -> str:
    """What the editor holds at first: the prefixes and an empty SELECT naming the parameters."""
    chosen = " ".join(f"?{p.name}" for p in query.params) or "*"
    return prefix_lines() + f"\nSELECT {chosen} WHERE {{\n  \n}}\n"


def named(iris: list[str]) -> list[dict]:
    labels = all_labels(get_store())
    return [{"iri": iri, "short": short(iri), "label": label_of(labels, iri, current_lang())} for iri in iris]


def page(query: CatalogueQuery, text: str, values: dict, graded: dict | None, error: dict | None, status: int = 200) -> Response:
    labels = all_labels(get_store()) if graded else None
    tables = None
    if graded and graded["kind"] == "solutions":
        columns = [c["answer"] for c in graded["columns"]]
        tables = {"missing": solutions(columns, graded["missing"], labels), "extra": solutions(columns, graded["extra"], labels)}
    found = hints(query.sparql)
    body = render_template(
        "exercise.html", query=query, text=text, values=values, graded=graded, tables=tables, error=error,
        hints={"classes": named(found["classes"]), "properties": named(found["properties"])},
        prefixes=prefixes(), ox=ox,
    )
    response = Response(body, status=status, content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response
