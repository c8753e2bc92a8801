"""``cxkg serve``: the service under gunicorn, on the store ``cxkg build`` made."""

from __future__ import annotations

from pathlib import Path

import click
from gunicorn.app.base import BaseApplication

from cxkg.cli import fail, store_option


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
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": int(settings.query_timeout) + 30,
        "accesslog": "-",
        "errorlog": "-",
    }
    click.echo(f"serving {settings.store} on http://{host}:{port}/ ({workers} workers)", err=True)
    Server(lambda: create_app({"CXKG": settings, "QUERY_PROCESSES": threads}), options).run()
