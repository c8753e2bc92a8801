"""``cxkg check``, ``cxkg export``, ``cxkg diff`` and ``cxkg digest``: the commands that only need the graph."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
import pyoxigraph as ox

from cxkg.cli import fail, store_option
from cxkg.ontology.consistency import check_consistency
from cxkg.namespaces import CX
from cxkg.ontology.canonical import content_digest, digest_line, graph_digests
from cxkg.ontology.diff import GraphDiff, SourceError, diff as compare, read
from cxkg.ontology.export import EXPORT_FORMATS, export as write_export
from cxkg.ontology.release import RELEASES, latest
from cxkg.store.change_lock import updated_outside_changes, updated_path
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
@click.option("--no-releases", is_flag=True,
              help="Leave out the releases graph, whose times differ between builds: two builds of the same "
                   "input then give the same sorted N-Quads.")
@click.pass_obj
def export_command(settings, store: str | None, fmt: str, output: str | None, no_releases: bool) -> None:
    """Write the whole graph in an RDF format (nq and trig keep the named graphs).

    Blank nodes get canonical labels; the release the graph is (its version IRI)
    is said on standard error and held in the releases graph of the output.
    """
    settings = settings.with_options(store=store)
    graph = open_read_only(settings)
    releases = ox.NamedNode(settings.graph(RELEASES))
    try:
        version = latest(graph.quads(releases), settings)
        if output:
            with open(output, "wb") as stream:
                write_export(graph, fmt, stream, releases if no_releases else None)
            click.echo(f"wrote {output}", err=True)
        else:
            write_export(graph, fmt, sys.stdout.buffer, releases if no_releases else None)
    except StoreError as error:
        fail(str(error))
    click.echo(f"release: {version or 'none recorded (built before releases were kept)'}", err=True)


@click.command(name="diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--releases", is_flag=True, help="Compare the releases graph too (left out by default: its times differ by design).")
@click.pass_obj
def diff_command(settings, old: str, new: str, fmt: str, releases: bool) -> None:
    """List the quads added and removed, graph by graph, from OLD to NEW.

    OLD and NEW are store folders, SPARQL endpoint URLs, or dumps (.nq, .trig,
    .nt, .ttl, .jsonld, .rdf, each optionally .gz). Blank nodes are compared by
    what they say. Exits 0 whatever the difference, 1 when a side cannot be read.
    """
    leave_out = None if releases else settings.graph(RELEASES)
    try:
        changes = compare(old, new, settings, leave_out)
    except SourceError as error:
        fail(str(error))
    if fmt == "json":
        click.echo(json.dumps(as_json(old, new, changes, releases), indent=2, ensure_ascii=False))
    else:
        write_text(changes, releases)


def as_json(old: str, new: str, changes: list[GraphDiff], releases: bool) -> dict:
    return {
        "old": old, "new": new, "releases_compared": releases,
        "added": sum(len(c.added) for c in changes), "removed": sum(len(c.removed) for c in changes),
        "graphs": [{"graph": c.graph, "added": len(c.added), "removed": len(c.removed),
                    "quads": {"added": c.added, "removed": c.removed}} for c in changes],
    }


def write_text(changes: list[GraphDiff], releases: bool) -> None:
    """Counts per graph, then each graph's quads: ``+`` added, ``-`` removed."""
    for change in changes:
        click.echo(f"{change.graph}: {len(change.added)} added, {len(change.removed)} removed")
    added, removed = sum(len(c.added) for c in changes), sum(len(c.removed) for c in changes)
    note = "" if releases else " (releases graph left out; --releases compares it)"
    click.echo(f"{added} added, {removed} removed in {len(changes)} graph(s){note}")
    for change in changes:
        click.echo(f"\n# {change.graph}")
        for line in change.added:
            click.echo(f"+ {line}")
        for line in change.removed:
            click.echo(f"- {line}")


def updated_since(source: str) -> str:
    """Why a store folder's content may differ from its latest release: a SPARQL Update since ('' if none)."""
    if not (Path(source).is_dir() and updated_outside_changes(Path(source))):
        return ""
    return (f": a SPARQL Update through a writable service changed the store since (it left {updated_path(Path(source))}); "
            "the next cxkg add or remove records a release that accounts for it (a cxkg build starts again "
            "from the documents, without it)")


@click.command(name="digest")
@click.argument("source")
@click.option("--graphs", is_flag=True, help="Print each graph's line (its IRI and digest) instead: the SHA-256 "
                                             "of these lines is the content digest.")
@click.pass_obj
def digest_command(settings, source: str, graphs: bool) -> None:
    """Print the content digest of SOURCE, computed as a release's cx:contentDigest.

    SOURCE is a store folder, a SPARQL endpoint URL or a dump with its named
    graphs (.nq, .trig, optionally .gz). The releases graph is left out; if
    SOURCE holds one, standard error says whether its latest release records
    the same digest (exit 1 if not, saying so when a SPARQL Update through a
    writable service changed the store folder since).
    """
    try:
        quads = read(source, settings)
    except SourceError as error:
        fail(str(error))
    releases = settings.graph(RELEASES)
    digests = graph_digests(quads)
    digests.pop(releases, None)
    if not digests:
        fail(f"{source} holds no named graph (a triple format loses them: use nq or trig)")
    content = content_digest(digests)
    click.echo("\n".join(sorted(digest_line(g, d) for g, d in digests.items())) if graphs else content)
    held = [q for q in quads if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == releases]
    version = latest(held, settings)
    if version is not None:
        recorded = {q.object.value for q in held if q.subject.value == version and q.predicate.value == str(CX.contentDigest)}
        if recorded != {content}:
            fail(f"release {version} records another content digest ({', '.join(sorted(recorded)) or 'none'})"
                 + updated_since(source))
        click.echo(f"release {version}: the same content digest", err=True)
