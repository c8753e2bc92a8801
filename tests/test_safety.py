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
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

TOKEN = "s3cret-token"
DIRECT_QUERY, DIRECT_UPDATE = "application/sparql-query", "application/sparql-update"


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
    """One worker with a 1 s time limit."""
    return start_server(built[0].store, workers=1, timeout=1)


@pytest.fixture(scope="module")
def patient_server(built, start_server) -> str:
    """One worker with a 5 s time limit: time enough, even on a busy machine,
    to answer light queries while a heavy one runs."""
    return start_server(built[0].store, workers=1, timeout=5)


def busy(base: str, query_processes, seconds: float) -> set[int]:
    """The query processes of ``base`` that use CPU during the next ``seconds``.

    Only for checking that processes are idle: a busy machine can only make a
    process look idler, never busier.
    """
    before = query_processes(base)
    time.sleep(seconds)
    after = query_processes(base)
    return {pid for pid in after if pid in before and after[pid] - before[pid] > seconds / 5}


def working(base: str, query_processes, cpu: float = 0.5, deadline: float = 120) -> int:
    """The query process that has used ``cpu`` seconds since the call (an idle
    one uses none); polled until ``deadline``, so a busy machine only makes it slower."""
    start = query_processes(base)
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        now = query_processes(base)
        grown = [pid for pid in now if now[pid] - start.get(pid, now[pid]) >= cpu]
        if grown:
            return grown[0]
        time.sleep(0.2)
    raise AssertionError(f"no query process used {cpu} s of CPU within {deadline} s")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_query_past_the_time_limit_is_stopped_while_others_are_answered(patient_server, query_processes):
    base = patient_server
    assert send(base, "get", "ASK {}").status_code == 200  # a query process is ready
    heavy: dict = {}

    def run_heavy() -> None:
        heavy["response"] = send(base, "get", HEAVY)
        heavy["done"] = time.monotonic()

    thread = threading.Thread(target=run_heavy)
    thread.start()
    light = [send(base, "get", "ASK { ?s a ?t }") for _ in range(3)]
    light_done = time.monotonic()
    during = set(query_processes(base))
    thread.join(120)
    assert [r.status_code for r in light] == [200, 200, 200]
    assert light_done < heavy["done"], "the light queries were answered while the heavy one ran"
    response = heavy["response"]
    assert response.status_code == 503, response.text
    assert response.json()["error"] == {
        "code": "timeout", "message": "the query was stopped at the time limit of 5 s", "limit_seconds": 5,
    }
    after = set(query_processes(base))
    assert during, "query processes were running"
    gone = during - after
    assert len(gone) == 1, "the query process of the heavy query, and only it, was stopped"
    assert not any(Path(f"/proc/{pid}").exists() for pid in gone)
    assert busy(base, query_processes, 1) == set(), "no query process keeps working after the stop"


def send_and_forget(base: str, text: str) -> None:
    with contextlib.suppress(requests.RequestException):
        send(base, "get", text)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_query_process_does_not_outlive_its_killed_worker(built, start_server, query_processes):
    """A worker killed mid-query (say, by the OOM killer) leaves no query running on."""
    base = start_server(built[0].store, workers=1, timeout=600)
    threading.Thread(target=send_and_forget, args=(base, HEAVY), daemon=True).start()
    pid = working(base, query_processes)
    worker = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    os.kill(worker, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
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


def test_a_second_writer_of_a_store_is_refused_at_start(writer, scratch_store, cxkg):
    """The writing server holds the store from its start: a second one stops at once, saying why."""
    assert send(writer, "get", "ASK {}").status_code == 200
    second = cxkg("serve", "--store", scratch_store, "--port", "0", env={**os.environ, "CXKG_WRITE_TOKEN": TOKEN})
    assert second.returncode == 1, second.stderr
    assert f"the store at {scratch_store} is already opened for writing by another process" in second.stderr
    assert send(writer, "get", "ASK {}").status_code == 200, "the first writer goes on"
