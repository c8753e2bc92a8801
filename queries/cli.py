"""``cxkg query``: run a SPARQL file, standard input, or a catalogue query."""

from __future__ import annotations

import sys

import click

from cxkg.cli import fail, store_option
from cxkg.store.guard import Refused
from cxkg.store.interface import StoreError
from cxkg.store.open import open_store
from cxkg.queries.catalogue import load_catalogue
from cxkg.queries.run import UnknownValue, run_catalogue_query, serialize, table
from cxkg.store.formats import FORMATS as ALL_FORMATS

#: ``table`` for people, then every format of the table (results or RDF, by the query's form).
FORMATS = ("table", *ALL_FORMATS)


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            fail(f"--param takes NAME=VALUE, got {pair!r}", 2)
        values[name.strip()] = value
    return values


def list_catalogue() -> None:
    for query in load_catalogue().values():
        params = ", ".join(f"{p.name}={p.default!r}" for p in query.params)
        click.echo(f"{query.id}  {query.question['en']}" + (f"  [{params}]" if params else ""))


@click.command()
@click.argument("source", required=False)
@click.option("--cq", help="Run a query of the catalogue by id (cq01, cq02, ...; see --list).")
@click.option("--param", "params", multiple=True, help="NAME=VALUE for a catalogue query (repeatable).")
@click.option("--list", "listing", is_flag=True, help="List the catalogue.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@store_option
@click.pass_obj
def query(settings, source, cq, params, listing, fmt, store) -> None:
    """Run SPARQL from SOURCE (a .rq file, or - for standard input) or a catalogue query."""
    if listing:
        return list_catalogue()
    if bool(source) == bool(cq):
        fail("give either a SPARQL file (or -) or --cq ID", 2)
    try:
        chosen = settings.with_options(store=store)
        graph = open_store(chosen, read_only=True, timeout=chosen.query_timeout, limit=chosen.result_limit)
    except StoreError as error:
        fail(str(error))
    try:
        result = run(graph, source, cq, parse_params(params))
    except (UnknownValue, KeyError) as error:
        fail(error.args[0] if isinstance(error, KeyError) else str(error), 2)
    except SyntaxError as error:
        fail(f"the query does not parse: {error}", 2)
    except Refused as error:
        fail(str(error), 2)
    if fmt == "table":
        click.echo(table(result))
        return
    try:
        sys.stdout.buffer.write(serialize(result, fmt))
    except ValueError as error:
        fail(str(error), 2)


def run(graph, source: str | None, cq: str | None, values: dict[str, str]):
    if cq:
        catalogue = load_catalogue()
        if cq not in catalogue:
            fail(f"no query {cq!r} in the catalogue; try `cxkg query --list`", 2)
        return run_catalogue_query(catalogue[cq], values, graph)
    if values:
        fail("--param is for catalogue queries (--cq)", 2)
    text = sys.stdin.read() if source == "-" else read_file(source)
    return graph.query(text)


def read_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {path}: {error}", 2)
