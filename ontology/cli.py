"""The ``cxkg`` command group.

Each room of the project registers its own commands under the entry-point group
``cxkg.commands`` (see ``pyproject.toml``); the group loads them when it runs,
so this base package never imports the rooms that sit downstream of it.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points

import click

from ontology.config import Settings


class PluginGroup(click.Group):
    """A click group whose commands come from entry points."""

    def _plugins(self) -> dict[str, click.Command]:
        found = {ep.name: ep for ep in entry_points(group="cxkg.commands")}
        return {name: found[name].load() for name in sorted(found)}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._plugins()))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, name) or self._plugins().get(name)


@click.group(cls=PluginGroup)
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
