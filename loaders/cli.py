"""``cxkg build`` (read the corpus, build the graph, report what it holds); ``cxkg add``, ``remove``, ``list``."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

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
@click.option("--documents", type=click.Path(file_okay=False, exists=True), default=None,
              help="Also build the documents added with `cxkg add`, kept in this folder (an embedded store's "
                   "<store>.documents): how they reach a remote store. Default: beside a folder store; none for a remote one.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when the graph has violations.")
@click.pass_obj
def build(settings, corpus: str | None, store: str | None, documents: str | None, strict: bool) -> None:
    """Build the graph from the corpus into the store (replaced only on success).

    The store may be a SPARQL endpoint URL (Virtuoso): the graph is built here,
    then each graph is replaced by a Graph Store Protocol PUT, with the user and
    password of CXKG_STORE_USER and CXKG_STORE_PASSWORD.
    """
    settings = settings.with_options(corpus=corpus, store=store, documents=documents)
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


@click.command("add")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--meta", type=click.Path(dir_okay=False), default=None, help="Its metadata: one CSL-JSON item.")
@click.option("--bib", type=click.Path(dir_okay=False), default=None, help="Its metadata: a BibTeX entry.")
@click.option("--id", "identifier", default=None, help="Its identifier (default: the file's stem).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help="Its language (default: the metadata's, else told from the text's stop words, "
                   "else an HTML page's lang; asked for in a terminal when nothing tells).")
@click.option("--replace", is_flag=True, help="Replace the document already added under this id from another file.")
@store_option
@click.pass_obj
def add_command(settings, file: str, meta: str | None, bib: str | None, identifier: str | None, lang: str | None,
                replace: bool, store: str | None) -> None:
    """Add a document to the graph, or replace it if its file changed (the store changes only on success).

    The document is kept beside the store (STORE.documents/), so a rebuild keeps it.
    """
    from cxkg.loaders.intake import read_new_document
    from cxkg.loaders.update import UpdateError, add, check_addable

    settings = settings.with_options(store=store)
    if meta and bib:
        fail("give its metadata with --meta or with --bib, not both")
    started = time.perf_counter()
    try:
        document = read_new_document(Path(file), meta=Path(meta) if meta else None, bib=Path(bib) if bib else None,
                                     identifier=identifier, lang=lang, settings=settings,
                                     ask=click.prompt if sys.stdin.isatty() else None,
                                     accept=lambda name: check_addable(settings, name, Path(file), replace))
        change = add(settings, document, replace=replace, progress=lambda line: click.echo(line, err=True))
    except CorpusError as error:
        fail(f"{error}\nthe store was left as it was")
    except UpdateError as error:
        fail(str(error))
    if change.action == "unchanged":
        click.echo(f"{change.identifier}: unchanged (the same text and metadata are in the store); nothing done")
        return
    verb = "replaced (only its graph and what rested on it)" if change.action == "replaced" else "added"
    click.echo(f"{change.identifier}: {verb} in {time.perf_counter() - started:.1f} s: {change.triples:,} triples in its graph, "
               f"{change.inferred_added:,} inferred triples added, {change.inferred_removed:,} taken away")
    click.echo(f"release:     {change.release}")


@click.command("remove")
@click.argument("identifier")
@store_option
@click.pass_obj
def remove_command(settings, identifier: str, store: str | None) -> None:
    """Remove an added document, and what rested only on it, from the graph and from STORE.documents/."""
    from cxkg.loaders.update import UpdateError, remove

    settings = settings.with_options(store=store)
    started = time.perf_counter()
    try:
        change = remove(settings, identifier, progress=lambda line: click.echo(line, err=True))
    except (UpdateError, CorpusError) as error:
        fail(str(error))
    click.echo(f"{identifier}: removed in {time.perf_counter() - started:.1f} s: {change.inferred_removed:,} inferred "
               f"triples taken away, {change.inferred_added:,} derived again from other graphs")
    click.echo(f"release:     {change.release}")


@click.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
@click.pass_obj
def list_command(settings, fmt: str, store: str | None) -> None:
    """List the store's documents: id, title, language, triples, annotations, when added."""
    from cxkg.loaders.update import UpdateError, documents

    settings = settings.with_options(store=store)
    try:
        rows = documents(settings)
    except (UpdateError, StoreError, CorpusError) as error:
        fail(str(error))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    click.echo(f"{'id':<28} {'title':<44} {'lang':<4} {'triples':>8} {'annot.':>7}  added")
    for row in rows:
        title = row["title"] if len(row["title"]) <= 44 else row["title"][:43] + "…"
        click.echo(f"{row['id']:<28} {title:<44} {row['language']:<4} {row['triples']:>8,} {row['annotations']:>7,}  {row['added']}")
