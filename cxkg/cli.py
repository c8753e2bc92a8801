"""The ``cxkg`` command, assembled in one place.

Each room keeps its commands in its own ``cli.py``; :data:`COMMANDS` names
them, and the group imports a room only when its command runs, so
``cxkg --help`` stays quick and this root never imports a room at load time.
"""

from __future__ import annotations

import sys
from importlib import import_module

import click

from cxkg.config import Settings


#: Every command of ``cxkg``: name -> ``module:attribute`` of its click command.
COMMANDS = {
    "build": "cxkg.loaders.cli:build",
    "add": "cxkg.loaders.cli:add_command",
    "remove": "cxkg.loaders.cli:remove_command",
    "list": "cxkg.loaders.cli:list_command",
    "check": "cxkg.ontology.cli:check",
    "export": "cxkg.ontology.cli:export_command",
    "diff": "cxkg.ontology.cli:diff_command",
    "digest": "cxkg.ontology.cli:digest_command",
    "query": "cxkg.queries.cli:query",
    "serve": "cxkg.api.cli:serve",
    "bench": "cxkg.bench.cli:bench",
}


class LazyGroup(click.Group):
    """A click group that imports a command's room only when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, _, attribute = COMMANDS[name].partition(":")
        return getattr(import_module(module), attribute)


@click.group(cls=LazyGroup)
@click.version_option(package_name="cxkg")
@click.pass_context
def main(ctx: click.Context) -> None:
    """The customer-experience knowledge graph."""
    ctx.obj = Settings.from_env()


def store_option(command):
    """The ``--store`` option every command that touches the graph takes."""
    return click.option(
        "--store", default=None, help="Store folder, or the http(s) URL of a SPARQL endpoint (default var/store, or CXKG_STORE)."
    )(command)


def fail(message: str, code: int = 1) -> None:
    """Print an error the way every command does, and exit."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)
