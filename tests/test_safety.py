"""A public endpoint must not be turned against anyone, nor worn down.

Against live servers: no query or update makes the service open a connection
(a listener on a free local port proves it); a query past the time limit is
stopped, really, while other queries go on; results have a size limit; and
writes need the server's token.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import socketserver
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

TOKEN = "s3cret-token"
DIRECT_QUERY, DIRECT_UPDATE = "application/sparql-query", "application/sparql-update"


class Listener(socketserver.ThreadingTCPServer):
    """A TCP listener on a free local port that records every connection.

    Each connection is recorded, then closed: a client that connected has its
    answer (an error) only after it is recorded, so no wait is needed.
    """

    daemon_threads = True

    def __init__(self) -> None:
        self.seen: list[tuple] = []
        super().__init__(("127.0.0.1", 0), socketserver.BaseRequestHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/"
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    def verify_request(self, request, client_address) -> bool:
        self.seen.append(client_address)
        return False  # closed at once


@pytest.fixture
def listener():
    spy = Listener()
    yield spy
    spy.shutdown()
    spy.server_close()


@pytest.fixture(scope="module")
def scratch_store(tmp_path_factory) -> str:
    """A small writable store: one triple in one named graph."""
    path = str(tmp_path_factory.mktemp("scratch") / "store")
    store = ox.Store(path)
    graph = ox.NamedNode("http://example.org/g")
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("x"), graph))
    store.flush()
    del store
    gc.collect()
    return path


@pytest.fixture(scope="module")
def writer(scratch_store, start_server) -> str:
    """A server that accepts updates with the write token."""
    return start_server(scratch_store, workers=1, env={"CXKG_WRITE_TOKEN": TOKEN})


def send(base: str, via: str, text: str, kind: str = "query", headers: dict | None = None) -> requests.Response:
    """Send an operation the way a SPARQL client would: ``get``, ``form`` or ``direct``."""
    headers = {"Accept": "application/sparql-results+json", **(headers or {})}
    if via == "get":
        return requests.get(base + "/sparql", params={kind: text}, headers=headers, timeout=60)
    if via == "form":
        return requests.post(base + "/sparql", data={kind: text}, headers=headers, timeout=60)
    media = DIRECT_QUERY if kind == "query" else DIRECT_UPDATE
    return requests.post(base + "/sparql", data=text.encode(), headers={**headers, "Content-Type": media}, timeout=60)


def run_unguarded(text: str):
    """Run a query, with no guard, on an empty in-memory pyoxigraph store."""
    result = ox.Store().query(text)
    return result if isinstance(result, ox.QueryBoolean) else list(result)


def error_code(response: requests.Response) -> str:
    body = response.json()
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]["code"]


# -- no outbound connection -------------------------------------------------

SERVICE_QUERIES = {
    "plain": "SELECT * WHERE { SERVICE <{url}sparql> { ?s ?p ?o } }",
    "lowercase": "select * where { service <{url}sparql> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{url}sparql> { ?s ?p ?o } }",
    "comments": "SELECT * WHERE {\n  SeRvIcE # to the listener\n  # again\n SILENT\n\t<{url}sparql>\n { ?s ?p ?o } }",
    "carriage-return": "SELECT * WHERE { # a comment ends at CR\rSERVICE <{url}sparql> { ?s ?p ?o } }",
    "prefixed": "PREFIX r: <{url}> SELECT * WHERE { SERVICE r:sparql { ?s ?p ?o } }",
    "ask": "ASK { ?s ?p ?o SERVICE <{url}sparql> { } }",
}


def test_the_listener_would_see_an_unguarded_engine(listener):
    """The control: pyoxigraph, without the guard, does connect to the listener."""
    with pytest.raises(OSError):
        run_unguarded(SERVICE_QUERIES["plain"].replace("{url}", listener.url))
    assert listener.seen


@pytest.mark.parametrize("via", ["get", "form", "direct"])
@pytest.mark.parametrize("name", sorted(SERVICE_QUERIES))
def test_service_is_refused_without_any_connection(server, listener, name, via):
    response = send(server, via, SERVICE_QUERIES[name].replace("{url}", listener.url))
    assert response.status_code == 400, response.text
    assert error_code(response) == "refused"
    assert "SERVICE" in response.json()["error"]["message"]
    assert listener.seen == []


@pytest.mark.parametrize("via", ["get", "form", "direct"])
@pytest.mark.parametrize("clause", ["FROM <{url}g>", "FROM NAMED <{url}g>", "FROM <{url}a> FROM NAMED <{url}b>"])
def test_a_remote_from_is_refused_without_any_connection(server, listener, clause, via):
    text = f"SELECT * {clause} WHERE {{ ?s ?p ?o }} LIMIT 1".replace("{url}", listener.url)
    response = send(server, via, text)
    assert response.status_code == 400, response.text
    assert error_code(response) == "refused"
    assert listener.url in response.json()["error"]["message"]
    assert listener.seen == []


def test_a_remote_graph_in_the_protocol_dataset_is_never_fetched(server, listener):
    params = {"query": "ASK { ?s ?p ?o }", "default-graph-uri": listener.url + "g", "named-graph-uri": listener.url + "n"}
    response = requests.get(server + "/sparql", params=params, timeout=60)
    assert response.status_code == 200
    assert response.json()["boolean"] is False
    assert listener.seen == []


LOADS = ["LOAD <{url}x>", "load silent <{url}x> into graph <http://example.org/g>", "# note\rLOAD <{url}x>"]


@pytest.mark.parametrize("via", ["form", "direct"])
@pytest.mark.parametrize("text", LOADS)
def test_load_is_refused_without_any_connection(server, writer, listener, text, via):
    update = text.replace("{url}", listener.url)
    answers = {
        "read-only": (send(server, via, update, "update", {"Authorization": f"Bearer {TOKEN}"}), 403),
        "no token": (send(writer, via, update, "update"), 401),
        "wrong token": (send(writer, via, update, "update", {"Authorization": "Bearer nope"}), 401),
        "token": (send(writer, via, update, "update", {"Authorization": f"Bearer {TOKEN}"}), 400),
    }
    for case, (response, status) in answers.items():
        assert response.status_code == status, (case, response.text)
    assert error_code(answers["token"][0]) == "refused"
    assert listener.seen == []


@pytest.mark.parametrize("text", [
    'SELECT ("SERVICE <{url}sparql> { }" AS ?x) WHERE { }',
    "SELECT ('''LOAD <{url}x>''' AS ?x) WHERE { }",
    "# SERVICE <{url}sparql>\nSELECT ('FROM <{url}g>' AS ?x) WHERE { }",
])
def test_a_keyword_in_a_literal_or_comment_is_not_refused(server, listener, text):
    response = send(server, "get", text.replace("{url}", listener.url))
    assert response.status_code == 200, response.text
    value = response.json()["results"]["bindings"][0]["x"]["value"]
    assert listener.url in value
    assert listener.seen == []


# -- the time limit -----------------------------------------------------------

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def slow_server(built, start_server) -> str:
    """One worker with a 1 s time limit: a light query must share it with a heavy one."""
    return start_server(built[0].store, workers=1, timeout=1)


def query_processes(base: str) -> dict[int, float]:
    """The query processes of the server at ``base``: pid -> CPU seconds used."""
    port = base.rsplit(":", 1)[1]
    table = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, ValueError, IndexError):
            continue
        cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
        table[int(entry.name)] = (int(stat[1]), cmdline, cpu)
    server = [pid for pid, (_, cmd, _) in table.items() if b"serve" in cmd and port.encode() in cmd]
    family, grew = set(server), True
    while grew:
        grown = family | {pid for pid, (ppid, _, _) in table.items() if ppid in family}
        grew, family = grown != family, grown
    return {pid: table[pid][2] for pid in family if b"cxkg.store.processes" in table[pid][1]}


def busy(base: str, seconds: float) -> set[int]:
    """The query processes of ``base`` that work during the next ``seconds``."""
    before = query_processes(base)
    time.sleep(seconds)
    after = query_processes(base)
    return {pid for pid in after if pid in before and after[pid] - before[pid] > seconds / 5}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_query_past_the_time_limit_is_stopped_while_others_are_answered(slow_server):
    heavy: dict = {}
    thread = threading.Thread(target=lambda: heavy.update(response=send(slow_server, "get", HEAVY)))
    thread.start()
    time.sleep(0.2)
    light = [send(slow_server, "get", "ASK { ?s a ?t }") for _ in range(3)]
    assert thread.is_alive(), "the light queries were answered while the heavy one ran"
    working = busy(slow_server, 0.3)
    assert [r.status_code for r in light] == [200, 200, 200]
    thread.join(60)
    response = heavy["response"]
    assert response.status_code == 503, response.text
    assert response.json()["error"] == {
        "code": "timeout", "message": "the query was stopped at the time limit of 1 s", "limit_seconds": 1,
    }
    assert len(working) == 1, "one query process was seen running the heavy query"
    assert not working & set(query_processes(slow_server)), "that process is gone"
    assert busy(slow_server, 1) == set(), "no query process keeps working after the stop"


def send_and_forget(base: str, text: str) -> None:
    with contextlib.suppress(requests.RequestException):
        send(base, "get", text)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_query_process_does_not_outlive_its_killed_worker(built, start_server):
    """A worker killed mid-query (say, by the OOM killer) leaves no query running on."""
    base = start_server(built[0].store, workers=1, timeout=600)
    threading.Thread(target=send_and_forget, args=(base, HEAVY), daemon=True).start()
    working = set()
    for _ in range(20):
        working = working or busy(base, 0.5)
    assert len(working) == 1, "one query process runs the heavy query"
    (pid,) = working
    worker = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    os.kill(worker, signal.SIGKILL)
    for _ in range(100):
        if not Path(f"/proc/{pid}").exists():
            break
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists(), "the query process ended with its worker"


def test_the_server_keeps_answering_after_queries_are_stopped(slow_server):
    for _ in range(2):
        assert error_code(send(slow_server, "form", HEAVY)) == "timeout"
        response = send(slow_server, "form", "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }")
        assert response.status_code == 200
        assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 0


# -- the result-size limit ----------------------------------------------------

@pytest.fixture(scope="module")
def small_server(built, start_server) -> str:
    return start_server(built[0].store, workers=1, env={"CXKG_RESULT_LIMIT": "50"})


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 51",
    "CONSTRUCT WHERE { ?s ?p ?o }",
])
def test_a_result_past_the_size_limit_is_refused(small_server, text):
    response = send(small_server, "get", text, headers={"Accept": "*/*"})
    assert response.status_code == 503, response.text
    assert error_code(response) == "too-large"
    assert "50" in response.json()["error"]["message"]


@pytest.mark.parametrize("limit", [10, 50])
def test_a_result_within_the_size_limit_is_answered(small_server, limit):
    response = send(small_server, "get", f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {limit}")
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == limit


# -- read-only unless the token is given ----------------------------------------

INSERT = 'INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/{id}> <http://example.org/p> "new" } }'


@pytest.mark.parametrize("via", ["form", "direct"])
def test_updates_are_refused_by_the_default_server(server, via):
    response = send(server, via, INSERT.replace("{id}", "x"), "update")
    assert response.status_code == 403
    assert error_code(response) == "read-only"


@pytest.mark.parametrize("via", ["form", "direct"])
def test_updates_need_the_write_token(writer, via):
    update = INSERT.replace("{id}", f"by-{via}")
    asked = f"ASK {{ <http://example.org/by-{via}> ?p ?o }}"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        response = send(writer, via, update, "update", headers)
        assert response.status_code == 401 and error_code(response) == "unauthorized"
    assert send(writer, "get", asked).json()["boolean"] is False
    response = send(writer, via, update, "update", {"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 204
    assert "Access-Control-Allow-Origin" not in response.headers
    assert send(writer, "get", asked).json()["boolean"] is True
