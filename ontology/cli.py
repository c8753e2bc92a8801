"""``cxkg check`` and ``cxkg export``: the commands that only need the graph."""

from __future__ import annotations

import sys
import time

import click

from cxkg.cli import fail, store_option
from cxkg.ontology.consistency import check_consistency
from cxkg.ontology.export import EXPORT_FORMATS, export as write_export
from cxkg.store.embedded import OxigraphStore
from cxkg.store.interface import GraphStore, StoreError
from cxkg.store.open import open_store
from cxkg.ontology.validation import run_checks, run_shacl


def open_read_only(settings) -> GraphStore:
    """The store to read: a folder as a read-only view, or a remote endpoint."""
    try:
        return open_store(settings, read_only=True)
    except StoreError as error:
        fail(str(error))


def open_for_checks(settings) -> GraphStore:
    """The store to validate, on pyoxigraph: a remote store's graphs are copied
    into memory first, since Virtuoso evaluates some paths of the checks
    differently (``rdf:type/rdfs:subClassOf*`` inside ``FILTER NOT EXISTS``)."""
    store = open_read_only(settings)
    if not settings.remote:
        return store
    local = OxigraphStore.in_memory()
    try:
        local.add(store.quads())
    except StoreError as error:
        fail(str(error))
    return local


@click.command()
@store_option
@click.option("--no-reasoner", is_flag=True, help="Skip the OWL consistency check (HermiT).")
@click.pass_obj
def check(settings, store: str | None, no_reasoner: bool) -> None:
    """Validate the graph: SHACL shapes, violation queries, OWL consistency.

    Exits with status 1 when anything is wrong.
    """
    graph = open_for_checks(settings.with_options(store=store))
    problems = 0
    for name, run in (("SHACL shapes", run_shacl), ("violation queries", run_checks)):
        started = time.perf_counter()
        found = run(graph)
        click.echo(f"{name}: {len(found)} violation(s) ({time.perf_counter() - started:.1f} s)")
        for violation in found:
            click.echo(f"  [{violation.check}] {violation.focus}: {violation.message}")
        problems += len(found)
    if not no_reasoner:
        started = time.perf_counter()
        verdict = check_consistency(graph, lambda: _disjoint_clashes(graph))
        state = "consistent" if verdict.consistent else "INCONSISTENT"
        click.echo(f"OWL reasoner (HermiT): {state} ({time.perf_counter() - started:.1f} s)")
        for line in verdict.explanation:
            click.echo(f"  {line}")
        problems += 0 if verdict.consistent else 1
    if problems:
        sys.exit(1)
    click.echo("ok: no violation")


def _disjoint_clashes(graph) -> list[str]:
    return [
        f"{v.focus}: {v.message}" for v in run_checks(graph) if v.check.startswith("disjoint")
    ]


@click.command(name="export")
@store_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File (default: standard output).")
@click.pass_obj
def export_command(settings, store: str | None, fmt: str, output: str | None) -> None:
    """Write the whole graph in an RDF format (nq and trig keep the named graphs)."""
    graph = open_read_only(settings.with_options(store=store))
    if output:
        with open(output, "wb") as stream:
            write_export(graph, fmt, stream)
        click.echo(f"wrote {output}", err=True)
    else:
        write_export(graph, fmt, sys.stdout.buffer)
