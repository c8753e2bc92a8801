"""HTTP to a remote SPARQL 1.1 store: queries over a pool of kept-alive
connections (urllib3), updates with SPARQLWrapper, the Graph Store Protocol
with urllib (SPARQLWrapper has no GSP).

Queries are the hot path of ``/sparql``: a fresh TCP connection and
SPARQLWrapper's request building cost more than a light query takes in
Virtuoso, so each store (one per worker) keeps its connections open and
sends the form-encoded POST itself.

What comes back is turned into the project's exceptions once, by
:mod:`cxkg.store.remote_errors`. Credentials go through an opener of our
own with HTTP digest authentication (Virtuoso's ``-auth`` endpoints), never
through SPARQLWrapper's, which installs a process-wide opener.
"""

from __future__ import annotations

import http.client
import logging
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import urllib3
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper

from cxkg.store.interface import StoreError
from cxkg.store.processes import QueryStopped
from cxkg.store.remote_errors import HTTPFailure, failed, reason, stopped

#: Seconds the client waits past the time limit for the server's own answer
#: (Virtuoso stops an "anytime" query 1-2 s after its ``timeout``).
GRACE = 5.0
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
#: Seconds to wait for a connection to the store.
CONNECT_TIMEOUT = 10.0
#: Headers an answer may carry besides one per graph of the dataset sent (Python's own cap).
HEADERS = http.client._MAXHEADERS


class ExpectedDiscards(logging.Filter):
    """Drop urllib3's warning that a busy moment's extra connection was closed: by design here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Connection pool is full, discarding connection")


logging.getLogger("urllib3.connectionpool").addFilter(ExpectedDiscards())


class Client(SPARQLWrapper):
    """SPARQLWrapper that sends through a given opener and keeps error answers whole."""

    opener: urllib.request.OpenerDirector | None = None
    sign = None  # called with the request before it is sent

    def _query(self):  # SPARQLWrapper 2.0.0's hook: build the request, send it
        request = self._createRequest()
        try:
            if self.sign:
                self.sign(request)
            open_ = self.opener.open if self.opener else urllib.request.urlopen
            return open_(request, timeout=self.timeout), self.returnFormat
        except urllib.error.HTTPError as error:
            raise HTTPFailure(error.code, error.read().decode("utf-8", "replace")) from None


@dataclass(frozen=True)
class Call:
    """One SPARQL operation to send: text, dataset, extra parameters, answer type."""

    text: str
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE, or INSERT for any update
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    params: tuple[tuple[str, str], ...] = ()
    accept: str = RESULTS_JSON


class Endpoints:
    """The three URLs of a remote store and how to reach them.

    :param query_url: the SPARQL Query endpoint (read anonymously).
    :param update_url: the SPARQL Update endpoint.
    :param graph_url: the Graph Store Protocol endpoint (``?graph-uri=``).
    :param user: user for updates and GSP (HTTP digest); ``None`` for none.
    :param connections: connections kept open to the query endpoint; when all
        are busy (a streamed answer holds its connection until it is sent), a
        query opens one more and closes it after, since a store keeps only so
        many alive.
    """

    def __init__(self, query_url: str, update_url: str, graph_url: str,
                 user: str | None = None, password: str | None = None, connections: int = 4) -> None:
        self.query_url, self.update_url, self.graph_url = query_url, update_url, graph_url
        self.digest: urllib.request.HTTPDigestAuthHandler | None = None
        self.writer = urllib.request.build_opener()
        if user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (update_url, graph_url):
                passwords.add_password(None, url, user, password or "")
            self.digest = urllib.request.HTTPDigestAuthHandler(passwords)
            self.writer = urllib.request.build_opener(self.digest)
        self.connections = connections
        #: the query endpoint's own pool (a pool manager would look it up for every query)
        self.pool = self.new_pool()
        self.query_target = urllib3.util.parse_url(query_url).request_uri

    def new_pool(self) -> urllib3.HTTPConnectionPool:
        return urllib3.connection_from_url(self.query_url, maxsize=self.connections, block=False, retries=False)

    def close(self) -> None:
        """Close the kept-alive connections; later queries open new ones."""
        old, self.pool = self.pool, self.new_pool()
        old.close()

    def send(self, call: Call, timeout: float | None):
        """Send ``call``; the open response (read it to the end, then close it).

        :raises SyntaxError: the server rejected the text (400), with its message.
        :raises QueryStopped: past ``timeout`` (the server was told to stop too).
        :raises StoreError: unreachable, refused, or failed otherwise.
        """
        if call.form == "INSERT":
            return self._update(call, timeout)
        allow_headers(HEADERS + len(call.default_graphs) + len(call.named_graphs))
        started = time.monotonic()
        try:
            response = self.pool.urlopen(
                "POST", self.query_target, body=form_body(call), redirect=False,
                headers={"Accept": call.accept, "Content-Type": "application/x-www-form-urlencoded",
                         "User-Agent": "cxkg"},
                timeout=urllib3.Timeout(connect=CONNECT_TIMEOUT, read=timeout + GRACE if timeout else None),
                preload_content=False,
            )
        except urllib3.exceptions.NewConnectionError as error:
            raise StoreError(f"the remote store at {self.query_url} is unreachable: {reason(error.__context__ or error)}") from None
        except urllib3.exceptions.TimeoutError:
            raise QueryStopped(timeout or 0) from None
        except urllib3.exceptions.HTTPError as error:
            raise StoreError(f"the remote store at {self.query_url} is unreachable: {error}") from None
        if response.status >= 400:
            body = response.data.decode("utf-8", "replace")
            raise failed(HTTPFailure(response.status, body), time.monotonic() - started, timeout, self.query_url)
        stopped(response.headers, response, timeout)
        return response

    def _update(self, call: Call, timeout: float | None):
        """Send an update through SPARQLWrapper, signed for the ``-auth`` endpoint."""
        client = self._client(call, timeout)
        started = time.monotonic()
        try:
            result = client.query()
        except HTTPFailure as failure:
            raise failed(failure, time.monotonic() - started, timeout, self.update_url) from None
        except (socket.timeout, TimeoutError):
            raise QueryStopped(timeout or 0) from None
        except (urllib.error.URLError, OSError) as error:
            raise StoreError(f"the remote store at {self.update_url} is unreachable: {reason(error)}") from None
        stopped(result.response.headers, result.response, timeout)
        return result.response

    def _client(self, call: Call, timeout: float | None) -> Client:
        """SPARQLWrapper set up for ``call``: POST form, the dataset, the parameters."""
        update = call.form == "INSERT"
        graph_form = call.form in ("CONSTRUCT", "DESCRIBE")
        client = Client(self.query_url, updateEndpoint=self.update_url,
                        returnFormat=TURTLE if graph_form else JSON, agent="cxkg")
        if update:
            client.opener, client.sign = self.writer, self._authorize
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setOnlyConneg(True)
        client.queryString = call.text  # not setQuery: its regex guesses the form and warns;
        client.queryType = call.form  # the caller knows it
        for graph in call.default_graphs:
            client.addDefaultGraph(graph)
        for graph in call.named_graphs:
            client.addNamedGraph(graph)
        for name, value in call.params:
            client.addParameter(name, value)
        client.addCustomHttpHeader("Accept", call.accept)
        if timeout:
            client.setTimeout(int(timeout + GRACE))
        return client

    def put(self, graph: str, body: bytes, content_type: str = N_TRIPLES) -> None:
        """Replace ``graph`` by ``body`` (Graph Store Protocol ``PUT``)."""
        self._graph("PUT", graph, body, content_type)

    def post(self, graph: str, body: bytes, content_type: str = N_TRIPLES) -> None:
        """Add ``body`` to ``graph`` (Graph Store Protocol ``POST``)."""
        self._graph("POST", graph, body, content_type)

    def delete(self, graph: str) -> None:
        """Remove ``graph``; a graph that is not there is not an error."""
        self._graph("DELETE", graph, None, None, missing_ok=True)

    def _graph(self, method: str, graph: str, body: bytes | None, content_type: str | None,
               missing_ok: bool = False) -> None:
        url = f"{self.graph_url}?{urllib.parse.urlencode({'graph-uri': graph})}"
        request = urllib.request.Request(url, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", f"{content_type}; charset=utf-8")
        try:
            self._authorize(request)
            with self.writer.open(request, timeout=600) as response:
                response.read()
        except urllib.error.HTTPError as error:
            if not (missing_ok and error.code == 404):
                text = error.read().decode("utf-8", "replace")[:500]
                raise StoreError(f"{method} of graph <{graph}> at {self.graph_url} failed: HTTP {error.code} {text}") from None
        except (urllib.error.URLError, OSError) as error:
            raise StoreError(f"the graph store at {self.graph_url} is unreachable: {reason(error)}") from None


    def _authorize(self, request: urllib.request.Request) -> None:
        """Sign ``request`` before it is sent, from a fresh digest challenge.

        urllib answers a digest challenge only after a 401, by sending the
        request again; Virtuoso sends that 401 and closes the connection while
        a large body is still going out (a broken pipe). So a bodiless request
        fetches the challenge first, and the real one goes out signed.
        """
        if self.digest is None:
            return
        try:
            bare = urllib.request.Request(request.full_url.split("?")[0], method="GET")
            urllib.request.urlopen(bare, timeout=60).close()
            return
        except urllib.error.HTTPError as error:
            scheme, _, challenge = error.headers.get("WWW-Authenticate", "").partition(" ")
        if scheme.lower() == "digest":
            fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge))
            signed = self.digest.get_authorization(request, fields)
            if signed:
                request.add_unredirected_header("Authorization", f"Digest {signed}")


def allow_headers(count: int) -> None:
    """Let an answer carry ``count`` headers.

    Virtuoso echoes each graph of the dataset as a header of its answer
    (``X-SPARQL-default-graph``, ``X-SPARQL-named-graph``), and Python's HTTP
    client refuses an answer of more than 100 headers: a project of about a
    hundred graphs could not be read at all. The cap (a module setting of
    ``http.client``, which urllib3 parses with) only ever grows, to what the
    largest dataset sent needs.
    """
    if count > http.client._MAXHEADERS:
        http.client._MAXHEADERS = count


def form_body(call: Call) -> str:
    """The form-encoded body of a query POST: the text, its dataset, the extra parameters.

    >>> form_body(Call("ASK {}", "ASK", ("http://e/g",), (), (("timeout", "5"),)))
    'query=ASK+%7B%7D&timeout=5&default-graph-uri=http%3A%2F%2Fe%2Fg'
    """
    fields = urllib.parse.urlencode([("query", call.text), *call.params])
    dataset = encoded_dataset(call.default_graphs, call.named_graphs)
    return f"{fields}&{dataset}" if dataset else fields


@lru_cache(maxsize=64)
def encoded_dataset(default: tuple[str, ...], named: tuple[str, ...]) -> str:
    """The dataset's part of a query form, encoded once: the same graphs go with every query."""
    return urllib.parse.urlencode([("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named])


def params(pairs: Iterable[tuple[str, object]]) -> tuple[tuple[str, str], ...]:
    """Extra request parameters, dropping those without a value."""
    return tuple((name, str(value)) for name, value in pairs if value is not None)
