"""``cxkg build``: read the corpus, build the graph, report what it holds."""

from __future__ import annotations

import sys
import time

import click

from cxkg.loaders.build import Summary, build as build_graph
from cxkg.loaders.corpus import CorpusError
from cxkg.loaders.readings import ReadingError
from cxkg.cli import fail, store_option
from cxkg.ontology.files import DataFileError
from cxkg.store.interface import StoreError


#: What a failed push leaves in a remote store.
LEFT_REMOTE = "graphs pushed before the failure were replaced whole; the others were left as they were"


@click.command()
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="Corpus folder with corpus.json (default ../shared/corpus, or CXKG_CORPUS).")
@store_option
@click.option("--strict", is_flag=True, help="Exit with status 1 when the graph has violations.")
@click.pass_obj
def build(settings, corpus: str | None, store: str | None, strict: bool) -> None:
    """Build the graph from the corpus into the store (replaced only on success).

    The store may be a SPARQL endpoint URL (Virtuoso): the graph is built here,
    then each graph is replaced by a Graph Store Protocol PUT, with the user and
    password of CXKG_STORE_USER and CXKG_STORE_PASSWORD.
    """
    settings = settings.with_options(corpus=corpus, store=store)
    click.echo(f"building {settings.store} from {settings.corpus}", err=True)
    started = time.perf_counter()
    try:
        summary = build_graph(settings, lambda line: click.echo(line, err=True))
    except (CorpusError, DataFileError, ReadingError) as error:
        fail(f"{error}\nthe store was left as it was")
    except StoreError as error:
        fail(f"{error}\n{LEFT_REMOTE if settings.remote else 'the store was left as it was'}")
    report(summary, time.perf_counter() - started)
    if strict and summary.violations:
        sys.exit(1)


def report(summary: Summary, seconds: float) -> None:
    """The closing summary: what the graph holds and what is wrong with it."""
    click.echo(f"built in {seconds:.1f} s")
    click.echo(f"documents:   {summary.documents}")
    click.echo(f"concepts:    {summary.concepts}")
    click.echo(f"annotations: {summary.annotations}")
    click.echo("triples per graph:")
    for name, count in sorted(summary.triples.items()):
        click.echo(f"  {name:<40} {count:>7,}")
    click.echo(f"  {'(all graphs)':<40} {sum(summary.triples.values()):>7,}")
    for identifier, names in summary.unresolved.items():
        if names:
            click.echo(f"names in {identifier} that match no concept: {', '.join(sorted(set(names)))}")
    click.echo(f"violations:  {len(summary.violations)}")
    if summary.release:
        click.echo(f"release:     {summary.release}")
    for violation in summary.violations[:50]:
        click.echo(f"  [{violation.check}] {violation.focus}: {violation.message}")
    if len(summary.violations) > 50:
        click.echo(f"  … and {len(summary.violations) - 50} more (run `cxkg check`)")
