"""``cxkg serve``: the service under gunicorn, on the store ``cxkg build`` made.

gevent workers serve it (see :mod:`cxkg.api.worker`): a connection costs a
greenlet, not a thread, so clients that send their request slowly (or never
finish it) wait without holding anything a query needs, and gunicorn closes a
connection whose request is not complete after ``HEADER_SECONDS``. The
queries run in query processes (see :mod:`cxkg.store.processes`), ``--threads``
of them per worker; more queries wait their turn.
"""

from __future__ import annotations

from pathlib import Path

import click
from gunicorn.app.base import BaseApplication

from cxkg.cli import fail, store_option
from cxkg.store.isolation import NONE

#: Seconds a client has to send a complete request line and headers, and
#: that an idle keep-alive connection stays open.
HEADER_SECONDS = 5
#: Connections one worker holds at once (each a greenlet waiting on a socket).
CONNECTIONS = 1000


class Server(BaseApplication):
    """gunicorn, configured from Python rather than a config file."""

    def __init__(self, app_factory, options: dict) -> None:
        self.app_factory, self.options = app_factory, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.app_factory()


def gunicorn_options(host: str, port: int, workers: int, query_timeout: float) -> dict:
    """gunicorn's settings: gevent workers, no control socket, logs to standard output.

    gunicorn's control socket sits at one path per user by default, shared by
    every server of that user (a server that fails to start removes the
    running one's): ``cxkg serve`` has no use for it.
    """
    from cxkg.api.worker import QueryWorker

    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": QueryWorker,
        "worker_connections": CONNECTIONS,
        "keepalive": HEADER_SECONDS,
        "timeout": int(query_timeout) + 30,
        "control_socket_disable": True,
        "accesslog": "-",
        "errorlog": "-",
    }


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="gunicorn worker processes.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Queries each worker runs at once (its query processes); more wait their turn.")
@click.option("--timeout", "query_timeout", type=click.FloatRange(0.1, 3600), default=None, help="Query time limit in seconds (default 10, or CXKG_QUERY_TIMEOUT).")
@store_option
@click.pass_obj
def serve(settings, host: str, port: int, workers: int, threads: int, query_timeout: float | None, store: str | None) -> None:
    """Serve the graph: SPARQL endpoint, catalogue, REST API, linked data and pages.

    Read-only unless CXKG_WRITE_TOKEN is set; then SPARQL Update is accepted
    with 'Authorization: Bearer <token>', and one worker owns the store.
    Absolute URLs start with CXKG_PUBLIC_URL, else with http://HOST:PORT.
    """
    from cxkg.api import create_app
    from cxkg.api.public_url import listen_url

    settings = settings.with_options(store=store, query_timeout=query_timeout)
    settings = settings.with_options(public_url=settings.public_url or listen_url(host, port))
    if "://" not in settings.store and not Path(settings.store).is_dir():
        fail(f"no store at {settings.store}: run `cxkg build` first")
    if settings.write_token is not None and workers > 1:
        click.echo("writes enabled: one worker owns the store", err=True)
        workers = 1
    check_query_processes(settings)
    options = gunicorn_options(host, port, workers, settings.query_timeout)
    if settings.write_token is not None:
        options["post_worker_init"] = hold_the_store
        lock = None if settings.remote else keep_changes_out(Path(settings.store))  # noqa: F841 (held while serving)
    click.echo(f"serving {settings.store} on {listen_url(host, port)}/ as {settings.public_url}/ ({workers} workers)", err=True)
    Server(lambda: create_app({"CXKG": settings, "QUERY_PROCESSES": threads}), options).run()


def hold_the_store(worker) -> None:
    """gunicorn hook: the writing worker opens the store as it boots, so the
    store is locked from the start (a second writer is refused at its start).

    A worker that replaces a dead one waits a little for the dead one's query
    process, which ends within a second of its worker, to let the store go.
    """
    import time

    from cxkg.api.backend import get_store
    from cxkg.store.interface import StoreLocked

    deadline = time.monotonic() + 10
    with worker.wsgi.app_context():
        while True:
            try:
                get_store().isolation()
                return
            except StoreLocked:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


def keep_changes_out(target: Path):
    """A writable service holds the store's change lock for its life, so that
    ``cxkg add``/``remove``/``build`` refuse rather than lose its SPARQL updates;
    exit 1 if a change is running. Returns the open lock file (keep it)."""
    from cxkg.store.change_lock import SERVICE, holder, take

    handle = take(target, SERVICE)
    if handle is None:
        fail(f"{target} is being changed by {holder(target)}: serve it with writes once that ends")
    return handle


def check_query_processes(settings) -> None:
    """Before gunicorn forks: open the store as the workers will, and say how
    their query processes are confined; exit 1 if another process writes the store."""
    from cxkg.store.engine import size_text
    from cxkg.store.processes import try_store
    from cxkg.store.interface import StoreError

    if settings.remote:
        click.echo("warning: queries run in the remote store, which cxkg does not cut off from "
                   "the network; only the guard refuses SERVICE and LOAD", err=True)
        return
    try:
        mode = try_store(settings.store, settings.write_token is not None, settings.query_memory)
    except StoreError as error:
        fail(str(error))
    if mode == NONE:
        click.echo("warning: query processes are NOT cut off from the network here (no network "
                   "namespace could be made); only the guard refuses SERVICE and LOAD", err=True)
    else:
        click.echo(f"query processes: isolation {mode}, {size_text(settings.query_memory)} of memory each", err=True)
