"""Query processes cannot reach the network, whatever the guard lets through.

The guard refuses SERVICE and LOAD before a query reaches the engine (see
``test_safety.py``); these tests go past it, into the query processes
themselves: a connection attempt from inside one, and pyoxigraph following
SERVICE in a process isolated the same way, never reach a listener on this
machine. The service says how its queries are isolated, on ``/health`` and
when ``cxkg serve`` starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from cxkg.store.isolation import MODES, NONE, USER_NAMESPACE, isolate, probe
from cxkg.store.processes import Sandbox

ROOT = Path(__file__).resolve().parents[1]
CXKG = Path(sys.executable).parent / "cxkg"
LINUX = sys.platform.startswith("linux")

#: Runs pyoxigraph on SERVICE <listener>, isolated first unless told "open".
SERVICE_SCRIPT = """
import sys
from cxkg.store.isolation import isolate
mode = isolate() if sys.argv[2] == "isolated" else "none"
import pyoxigraph as ox
try:
    list(ox.Store().query("SELECT * WHERE { SERVICE <http://127.0.0.1:%s/sparql> { ?s ?p ?o } }" % sys.argv[1]))
    print(mode, "answered")
except OSError as error:
    print(mode, "failed")
"""


def machine_mode() -> str:
    """The isolation a fresh process gets here (``python -m cxkg.store.isolation``)."""
    run = subprocess.run([sys.executable, "-m", "cxkg.store.isolation"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_this_machine_isolates_query_processes():
    """On Linux a network namespace is expected (as root, or through a user namespace)."""
    mode = machine_mode()
    assert mode in MODES
    if LINUX:
        assert mode != NONE, "no network namespace could be made for query processes"


@pytest.mark.skipif(not LINUX, reason="network namespaces are Linux's")
def test_nothing_in_a_query_process_can_connect(built, listener):
    assert probe(listener.port) == "connected", "the control: this process reaches the listener"
    assert len(listener.others()) == 1
    with Sandbox(built[0].store, timeout=60, limit=10) as sandbox:
        assert sandbox.isolation() != NONE
        assert sandbox.probe(listener.port) == "ENETUNREACH"
        assert sandbox.probe(listener.port) == "ENETUNREACH", "the same process, asked again"
    assert len(listener.others()) == 1, "no connection came from the query process"


@pytest.mark.skipif(not LINUX, reason="network namespaces are Linux's")
@pytest.mark.parametrize("how", ["open", "isolated"])
def test_pyoxigraph_follows_service_only_when_not_isolated(listener, how):
    """Unguarded pyoxigraph connects (the control); isolated like a query process, it cannot."""
    run = subprocess.run([sys.executable, "-c", SERVICE_SCRIPT, str(listener.port), how],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    mode, outcome = run.stdout.split()
    assert outcome == "failed"
    if how == "open":
        assert len(listener.others()) >= 1, "pyoxigraph connected to the listener"
    else:
        assert mode != NONE
        assert listener.others() == [], "no connection came from the isolated process"


@pytest.mark.skipif(not LINUX or os.geteuid() != 0, reason="needs root to become an unprivileged user")
def test_an_unprivileged_process_isolates_itself_with_a_user_namespace(listener):
    if Path("/proc/sys/user/max_user_namespaces").read_text().strip() == "0":
        pytest.skip("user namespaces are disabled on this machine")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: an ordinary user, alone in its process (one thread)
        try:
            os.setgid(65534)
            os.setuid(65534)
            os.write(write, json.dumps([isolate(), probe(listener.port), os.getuid()]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        mode, reached, uid = json.loads(pipe.read())
    os.waitpid(pid, 0)
    assert mode == USER_NAMESPACE
    assert reached == "ENETUNREACH"
    assert uid == 65534, "the namespace gave no privilege back"
    assert listener.others() == []


def test_health_says_how_queries_are_isolated_and_limited(built, start_server):
    env = {"CXKG_QUERY_MEMORY": "600M", "CXKG_RESULT_BYTES": "10M", "CXKG_RESULT_LIMIT": "77"}
    base = start_server(built[0].store, workers=1, timeout=7, env=env)
    response = requests.get(base + "/health", timeout=60)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "store": "embedded",
        "writable": False,
        "query_isolation": machine_mode(),
        "limits": {"time": 7, "rows": 77, "bytes": 10 * 1024**2, "memory": 600 * 1024**2},
    }


def test_cxkg_serve_says_how_queries_are_isolated_at_start(built):
    process = subprocess.Popen([str(CXKG), "serve", "--store", built[0].store, "--port", "0", "--workers", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        said = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(line.startswith("serving") for line in said):
            line = process.stderr.readline()
            if not line:
                break
            said.append(line)
    finally:
        process.terminate()
        process.wait(30)
    assert f"query processes: isolation {machine_mode()}, 512 MB of memory each\n" in said, said
