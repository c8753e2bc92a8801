"""Fixtures shared by the test suite: the corpus, and one real build of it.

The graph is built once per test session, by the same code as `cxkg build`,
into a temporary store; tests read it through a read-only view, as the
service does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cxkg.config import Settings
from cxkg.store.embedded import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CXKG = Path(sys.executable).parent / "cxkg"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    assert (CORPUS / "corpus.json").is_file(), f"the corpus is missing at {CORPUS}"
    return CORPUS


@pytest.fixture(scope="session")
def corpus_texts(corpus_dir) -> dict[str, str]:
    """Each document's text exactly as stored, by identifier."""
    entries = json.loads((corpus_dir / "corpus.json").read_text(encoding="utf-8"))
    return {
        e["id"]: (corpus_dir / f"{e['id']}.txt").read_bytes().decode("utf-8") for e in entries
    }


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


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not answer within {seconds} s")


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


@pytest.fixture
def app(built):
    """The Flask application on the corpus graph, for the test client."""
    from cxkg.api import create_app

    settings, _ = built
    app = create_app({"TESTING": True, "CXKG": settings})
    yield app
    from cxkg.api.backend import KEY

    store = app.extensions.get(KEY)
    if store is not None:
        store.close()


@pytest.fixture
def client(app):
    return app.test_client()


def install_browser() -> tuple[str, str]:
    """The paths of chromium and chromedriver, installed if need be; skips when impossible."""
    import shutil

    setup = ROOT / "tests" / "setup-browser.sh"
    result = subprocess.run(["sh", str(setup)], capture_output=True, text=True, timeout=900)
    found = shutil.which("chromium"), shutil.which("chromedriver")
    if result.returncode != 0 or not all(found):
        pytest.skip(f"no headless Chromium: {setup.name} could not install it: {result.stderr.strip()[-400:]}")
    return found


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium under Selenium, for the whole session; its console
    log (CSP violations included) is read with ``browser.get_log("browser")``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = install_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(chromedriver))
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A private Virtuoso 7 on free 127.0.0.1 ports, its database in a temporary folder.

    Installed with apt-get when missing (root only; skipped otherwise), started
    once per session with its own dba password, stopped cleanly at the end.
    """
    from bench.virtuoso import Virtuoso, VirtuosoUnavailable, free_port

    instance = Virtuoso(tmp_path_factory.mktemp("virtuoso"), port=free_port(), http_port=free_port(),
                        password="cxkg-test-Pw'1")
    try:
        instance.install_if_missing()
    except VirtuosoUnavailable as error:
        pytest.skip(f"no Virtuoso for the remote-store tests: {error}")
    instance.start()
    yield instance
    instance.stop()
