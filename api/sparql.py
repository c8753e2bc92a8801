"""``/sparql``: the SPARQL 1.1 Protocol endpoint.

GET without a query gives the service description (or, to a browser, a query
page); a query is answered in the format the client negotiates; an update is
accepted only when the server has a write token and the request carries it.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, request, url_for

from cxkg.api import negotiation
from cxkg.api.errors import ApiError, from_domain
from cxkg.api.protocol import Operation, read_operation
from cxkg.api.service_description import PREFIXES, service_description
from cxkg.store.formats import serialize
from cxkg.api.backend import get_store, settings
from cxkg.api.descriptions import releases
from cxkg.store.engine import Request, TooLarge
from cxkg.store.guard import Refused, add_using, has_dataset_clause, query_form
from cxkg.store.processes import QueryStopped

bp = Blueprint("sparql", __name__)

#: What a query can fail with that a reader of the query page should see there.
QUERY_FAILURES = (SyntaxError, Refused, QueryStopped, TooLarge)


@bp.route("/sparql/", methods=["GET", "POST"])
@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    op = read_operation()
    if op is None:
        return describe()
    if op.kind == "update":
        return update(op)
    return query(op)


def query(op: Operation) -> Response:
    graph_form = query_form(op.text) in ("CONSTRUCT", "DESCRIBE")
    fmt = negotiation.choose(negotiation.GRAPH_TYPES if graph_form else negotiation.RESULT_TYPES, html=True)
    as_html = fmt == "html"
    req = Request(
        "query", op.text, op.default_graphs, op.named_graphs,
        format="json" if (as_html or graph_form) else fmt,
        graph_format="nt" if (as_html or not graph_form) else fmt,
        base_iri=endpoint_url(),
    )
    if as_html:
        return page_with_results(req)
    store = get_store()
    answer = getattr(store, "stream", store.execute)(req)  # a remote store passes its answer on as it comes
    return vary(Response(answer.body, content_type=negotiation.media_type(answer.format or req.format)))


def update(op: Operation) -> Response:
    authorize()
    text = op.text
    if op.default_graphs is not None or op.named_graphs is not None:
        if has_dataset_clause(text):
            raise ApiError(400, "bad-request", "an update with USING or WITH cannot also take using-graph-uri or using-named-graph-uri")
        text = add_using(text, list(op.default_graphs or ()), list(op.named_graphs or ()))
    get_store().execute(Request("update", text, base_iri=endpoint_url()))
    done = Response(status=204)
    del done.headers["Content-Type"]  # no body, so no media type
    return done


def authorize() -> None:
    """Let an update through only with the server's write token.

    :raises ApiError: 403 on a read-only server, 401 without the right token.
    """
    token = settings().write_token
    if token is None:
        raise ApiError(403, "read-only", "this endpoint is read-only: SPARQL Update is refused")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise ApiError(401, "unauthorized", "an update needs the header 'Authorization: Bearer <write token>'")


def describe() -> Response:
    fmt = negotiation.choose(negotiation.GRAPH_TYPES, html=True)
    if fmt == "html":
        return page("", None)
    graphs = [g.value for g in get_store().graphs()]
    also = (request.base_url,) if request.base_url != endpoint_url() else ()  # /sparql/ is an endpoint too
    versions = tuple(row["release"].value for row in releases())
    triples = service_description(endpoint_url(), url_for("void.void", _external=True), graphs,
                                  settings().write_token is not None, also, versions)
    body = serialize(triples, fmt, prefixes=PREFIXES)
    return vary(Response(body, content_type=negotiation.media_type(fmt)))


def page(text: str, answer, error: Exception | None = None) -> Response:
    from cxkg.api.sparql_page import sparql_page

    status = from_domain(error).status_code if error else 200
    body = sparql_page(text, answer, str(error) if error else None)
    return vary(Response(body, status=status, content_type="text/html; charset=utf-8"))


def page_with_results(req: Request) -> Response:
    """The query page with the results table, or with the reason the query failed."""
    try:
        answer = get_store().execute(req)
    except QUERY_FAILURES as error:
        return page(req.text, None, error)
    return page(req.text, answer)


def endpoint_url() -> str:
    """The endpoint's absolute URL (a query's base IRI), built once per host the service is reached as."""
    environ = request.environ
    key = (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST") or environ.get("SERVER_NAME"), environ.get("SCRIPT_NAME"))
    known = current_app.extensions.setdefault("cxkg.endpoint_url", {})
    if key not in known:
        known.clear() if len(known) > 16 else None
        known[key] = url_for("sparql.endpoint", _external=True)
    return known[key]


def vary(response: Response) -> Response:
    if "Vary" in response.headers:
        response.vary.add("Accept")
    else:
        response.headers["Vary"] = "Accept"
    return response

