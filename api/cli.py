"""``cxkg serve``: the service under gunicorn, on the store ``cxkg build`` made."""

from __future__ import annotations

from pathlib import Path

import click
from gunicorn.app.base import BaseApplication

from cxkg.cli import fail, store_option
from cxkg.store.isolation import NONE


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


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="gunicorn worker processes.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Requests each worker serves at once.")
@click.option("--timeout", "query_timeout", type=click.FloatRange(0.1, 3600), default=None, help="Query time limit in seconds (default 10, or CXKG_QUERY_TIMEOUT).")
@store_option
@click.pass_obj
def serve(settings, host: str, port: int, workers: int, threads: int, query_timeout: float | None, store: str | None) -> None:
    """Serve the graph: SPARQL endpoint, catalogue, REST API, linked data and pages.

    Read-only unless CXKG_WRITE_TOKEN is set; then SPARQL Update is accepted
    with 'Authorization: Bearer <token>', and one worker owns the store.
    """
    from cxkg.api import create_app

    settings = settings.with_options(store=store, query_timeout=query_timeout)
    if "://" not in settings.store and not Path(settings.store).is_dir():
        fail(f"no store at {settings.store}: run `cxkg build` first")
    if settings.write_token is not None and workers > 1:
        click.echo("writes enabled: one worker owns the store", err=True)
        workers = 1
    check_query_processes(settings)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": int(settings.query_timeout) + 30,
        "accesslog": "-",
        "errorlog": "-",
    }
    if settings.write_token is not None:
        options["post_worker_init"] = hold_the_store
    click.echo(f"serving {settings.store} on http://{host}:{port}/ ({workers} workers)", err=True)
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
