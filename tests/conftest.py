"""Fixtures shared by the test suite: the corpus, one real build of it, the live
service and a private Virtuoso.

The graph is built once per test session, by the same code as `cxkg build`,
into a temporary store; tests read it through a read-only view, as the
service does. The corpus is the project's own input: when it is missing the
tests that need it fail, naming where it was looked for.

Slow tests carry the ``slow`` mark (``make test-quick`` leaves them out): every
test that needs the corpus build, a fresh ``cxkg`` process, a live server or
Virtuoso gets it here, from the fixtures it uses (the build alone takes about
15 s of the minute the quick subset may last); the few others (the benchmark
run, the OWL-RL comparison) are marked where they are written.
"""

from __future__ import annotations

import json
import socket
import socketserver
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable

import pytest

from cxkg.config import Settings
from cxkg.store.embedded import OxigraphStore
from cxkg.store.virtuoso import free_port

#: The corpus the tests know by its documents: the project's default, whatever CXKG_CORPUS says.
CORPUS = Settings().corpus
CXKG = Path(sys.executable).parent / "cxkg"
#: Fixtures that build the graph or start a process or a server: a test using one is slow.
SLOW_FIXTURES = frozenset({"built", "cxkg", "start_server", "virtuoso"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that uses one of :data:`SLOW_FIXTURES`, directly or not."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test taking ``document`` runs once per corpus document (its id)."""
    if "document" in metafunc.fixturenames:
        metafunc.parametrize("document", document_ids(), ids=lambda d: d[:3])


def document_ids() -> list[str]:
    """The corpus's document ids, in its catalogue's order; fails when the corpus is missing or empty."""
    catalogue = CORPUS / "corpus.json"
    assert catalogue.is_file(), f"the corpus is missing: no {catalogue} (see CXKG_CORPUS in README.md)"
    ids = [entry["id"] for entry in json.loads(catalogue.read_text(encoding="utf-8"))]
    assert ids, f"{catalogue} lists no document"
    return ids


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    document_ids()
    return CORPUS


@pytest.fixture(scope="session")
def corpus_texts(corpus_dir) -> dict[str, str]:
    """Each document's text exactly as stored (line ends kept), by identifier."""
    return {d: (corpus_dir / f"{d}.txt").read_bytes().decode("utf-8") for d in document_ids()}


@pytest.fixture(scope="session")
def stored_text(corpus_texts) -> Callable[[str], str]:
    """A document's text as stored, by its id or the start of its id (``"001"``)."""

    def text(start: str) -> str:
        found = [t for d, t in corpus_texts.items() if d.startswith(start)]
        assert len(found) == 1, f"{len(found)} corpus documents have an id starting with {start!r}"
        return found[0]

    return text


@pytest.fixture(scope="session")
def built(tmp_path_factory, corpus_dir):
    """Build the corpus graph once; return (settings, summary)."""
    from cxkg.loaders.build import build

    settings = Settings(corpus=corpus_dir, store=str(tmp_path_factory.mktemp("store") / "store"))
    summary = build(settings, progress=lambda line: None)
    return settings, summary


@pytest.fixture(scope="session")
def store(built) -> OxigraphStore:
    settings, _ = built
    return OxigraphStore.open(settings.store, read_only=True)


@pytest.fixture
def cxkg():
    """Run the real `cxkg` command; returns the CompletedProcess."""

    def run(*args: str, input: str | None = None, env: dict | None = None):
        return subprocess.run(
            [str(CXKG), *args], capture_output=True, text=True, input=input, env=env, timeout=600
        )

    return run


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    import time

    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}: {process.stderr.read()[-2000:]}")
        try:
            requests.get(url + "/sparql?query=ASK%7B%7D", timeout=5)
            return
        except (requests.ConnectionError, requests.Timeout):  # a busy machine: ask again until the deadline
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not answer within {seconds} s")


class Listener(socketserver.ThreadingTCPServer):
    """A TCP listener on a free local port that records every connection.

    Each connection is recorded, then closed: a client that connected has its
    answer (an error) only after it is recorded, so no wait is needed.
    """

    daemon_threads = True

    def __init__(self) -> None:
        self.seen: list[tuple] = []
        self.markers: set[tuple] = set()
        super().__init__(("127.0.0.1", 0), socketserver.BaseRequestHandler)
        self.port = self.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    def verify_request(self, request, client_address) -> bool:
        self.seen.append(client_address)
        return False  # closed at once

    def others(self, seconds: float = 60) -> list[tuple]:
        """Every connection so far but our markers, once a new marker is recorded.

        Connections are recorded in the order they arrive: once the marker is
        seen, any connection made before it is seen too, however slow the
        machine (a client that only connects, like a probe, waits for no answer).
        """
        import time

        with socket.create_connection(("127.0.0.1", self.port), timeout=seconds) as marker:
            mine = marker.getsockname()
            self.markers.add(mine)
            deadline = time.monotonic() + seconds
            while mine not in self.seen and time.monotonic() < deadline:
                time.sleep(0.05)
        assert mine in self.seen, "the listener did not record our own connection"
        return [address for address in self.seen if address not in self.markers]


@pytest.fixture
def listener():
    spy = Listener()
    yield spy
    spy.shutdown()
    spy.server_close()


@pytest.fixture(scope="session")
def query_processes():
    """``query_processes(base)``: the query processes of the server at ``base``."""
    return list_query_processes


def list_query_processes(base: str) -> dict[int, float]:
    """The query processes of the server at ``base``: pid -> CPU seconds used so far."""
    import os

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
    return {pid: table[pid][2] for pid in family if b"cxkg.store.child" in table[pid][1]}


def launch(store: str, port: int, workers: int = 2, timeout: float | None = None, env: dict | None = None) -> subprocess.Popen:
    """Start `cxkg serve` on ``store`` at ``127.0.0.1:port``, without waiting for it.

    ``env`` is added to this process's environment, or replaces it when it
    holds ``PATH`` (a complete environment).
    """
    import os

    args = [str(CXKG), "serve", "--store", str(store), "--port", str(port), "--workers", str(workers)]
    if timeout is not None:
        args += ["--timeout", str(timeout)]
    environment = env if env and "PATH" in env else {**os.environ, **(env or {})}
    return subprocess.Popen(args, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> None:
    """Stop a server as an operator would (SIGTERM), killing it if it will not go."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@pytest.fixture(scope="session")
def server_control():
    """For tests that start and stop servers themselves: ``launch``, ``stop``,
    ``free_port`` and ``wait_until_up``, by name."""
    return {"launch": launch, "stop": stop, "free_port": free_port, "wait_until_up": wait_until_up}


@pytest.fixture(scope="session")
def start_server():
    """Start `cxkg serve` on a store; returns its base URL. Stopped at session end.

    Usage: ``start_server(store_path, workers=2, timeout=None, env={...})``.
    """
    started: list[subprocess.Popen] = []

    def start(store: str, workers: int = 2, timeout: float | None = None, env: dict | None = None) -> str:
        port = free_port()
        process = launch(store, port, workers, timeout, env)
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process)
        return url

    yield start
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def server(built, start_server) -> str:
    """The live service on the corpus graph: its base URL."""
    settings, _ = built
    return start_server(settings.store)


def corpus_app(built):
    """The Flask application on the corpus graph; its store is closed when the caller is done."""
    from cxkg.api import create_app
    from cxkg.api.backend import KEY

    settings, _ = built
    app = create_app({"TESTING": True, "CXKG": settings})
    yield app
    store = app.extensions.get(KEY)
    if store is not None:
        store.close()


@pytest.fixture
def app(built):
    """The Flask application on the corpus graph, for the test client."""
    yield from corpus_app(built)


@pytest.fixture(scope="module")
def web(built):
    """A test client factory on the corpus graph, shared by a module's page tests."""
    for app in corpus_app(built):
        yield app.test_client


@pytest.fixture
def client(app):
    return app.test_client()


def install_browser() -> tuple[str, str]:
    """The paths of chromium and chromedriver, installed if need be; skips when impossible."""
    import shutil

    setup = Path(__file__).resolve().parent / "setup-browser.sh"
    result = subprocess.run(["sh", str(setup)], capture_output=True, text=True, timeout=900)
    found = shutil.which("chromium"), shutil.which("chromedriver")
    if result.returncode != 0 or not all(found):
        pytest.skip(f"no headless Chromium: {setup.name} could not install it: {result.stderr.strip()[-400:]}")
    return found


def start_chromium(arguments: tuple[str, ...] = (), prefs: dict | None = None):
    """A headless Chromium under Selenium at 1280 px, with extra command-line
    ``arguments`` and preferences ``prefs`` (``{"intl.accept_languages": "fr-FR,fr"}``)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = install_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600",
                     *arguments):
        options.add_argument(argument)
    if prefs:
        options.add_experimental_option("prefs", prefs)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(chromedriver))


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium under Selenium, for the whole session; its console
    log (CSP violations included) is read with ``browser.get_log("browser")``."""
    driver = start_chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def french_browser():
    """A headless Chromium whose reader prefers French (``--lang=fr`` and
    ``Accept-Language: fr-FR,fr``), for the session; it starts with no cookie."""
    driver = start_chromium(("--lang=fr",), {"intl.accept_languages": "fr-FR,fr"})
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A private Virtuoso 7 on free 127.0.0.1 ports, its database in a temporary folder.

    Installed with apt-get when missing (root only; skipped otherwise), started
    once per session with its own dba password, stopped cleanly at the end.
    """
    from cxkg.store.virtuoso import Virtuoso, VirtuosoUnavailable

    instance = Virtuoso(tmp_path_factory.mktemp("virtuoso"), port=free_port(), http_port=free_port(),
                        password="cxkg-test-Pw'1")
    try:
        instance.install_if_missing()
    except VirtuosoUnavailable as error:
        pytest.skip(f"no Virtuoso for the remote-store tests: {error}")
    instance.start()
    yield instance
    instance.stop()
