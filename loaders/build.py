"""``cxkg build``: corpus -> a validated, reasoned graph in a fresh store.

The new store is built beside the old one and moved into place only at the
end, so a failed build leaves the previous graph as it was. A remote store is
changed only once the whole graph is built, then one graph at a time.
"""

from __future__ import annotations

import gc
import shutil
import time
from datetime import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from cxkg.loaders.added import added_documents
from cxkg.loaders.corpus import CorpusError, read_corpus
from cxkg.loaders.pipeline import Resources, document_quads, load_resources
from cxkg.config import Settings
from cxkg.namespaces import OA, SKOS
from cxkg.ontology.files import DATA_DIR, ONTOLOGY_FILE, read_all, read_turtle, turtle_files
from cxkg.ontology.reasoning import infer
from cxkg.ontology.release import now, record_release
from cxkg.store.change_lock import forget_updates, hold
from cxkg.store.embedded import OxigraphStore, swap_into_place
from cxkg.store.open import open_store, publish
from cxkg.ontology.validation import Violation, validate_all

Progress = Callable[[str], None]


@dataclass
class Summary:
    """What a build made, for the closing report."""

    documents: int = 0
    triples: dict[str, int] = field(default_factory=dict)
    concepts: int = 0
    annotations: int = 0
    violations: list[Violation] = field(default_factory=list)
    unresolved: dict[str, list[str]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    release: str | None = None


class Stopwatch:
    """Times named stages and reports each as it ends."""

    def __init__(self, progress: Progress, summary: Summary) -> None:
        self.progress, self.summary = progress, summary

    def run(self, stage: str, work: Callable):
        started = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - started
        self.summary.seconds[stage] = self.summary.seconds.get(stage, 0.0) + elapsed
        self.progress(f"  {stage:<34} {elapsed:6.2f} s")
        return result


def build(settings: Settings, progress: Progress = print) -> Summary:
    """Build the graph of ``settings.corpus`` into ``settings.store``.

    A folder store is built beside the old one and swapped into place; a
    remote store (an http(s) URL) gets the graph built, reasoned and validated
    in memory here, then pushed one graph at a time (see :func:`publish`).

    :raises cxkg.loaders.corpus.CorpusError: for unreadable input (nothing is changed).
    :raises cxkg.ontology.files.DataFileError: for a project data file that does not parse.
    :raises cxkg.store.embedded.StoreError: when the store cannot be written
        (:class:`cxkg.store.change_lock.ChangeRefused`: a writable service holds it).
    """
    summary = Summary()
    clock = Stopwatch(progress, summary)
    started = now()
    documents = clock.run("read corpus", lambda: read_all_documents(settings))
    resources = clock.run("load language model and data", lambda: load_resources(settings))
    if settings.remote:
        store = OxigraphStore.in_memory()
        fill(store, settings, documents, resources, clock, summary, started)
        remote = open_store(settings)
        clock.run("push graphs to the remote store", lambda: publish(store, remote, progress))
        return summary
    target = Path(settings.store)
    target.parent.mkdir(parents=True, exist_ok=True)
    with hold(target, "a build (cxkg build)"):
        fresh = target.with_name(target.name + ".new")
        if fresh.exists():
            shutil.rmtree(fresh)
        store = OxigraphStore.open(fresh)
        fill(store, settings, documents, resources, clock, summary, started)
        store.flush()
        del store
        gc.collect()
        swap_into_place(fresh, target)
        forget_updates(target)
    return summary


def read_all_documents(settings: Settings) -> list:
    """The corpus's documents, then those added with ``cxkg add`` (kept beside a folder store,
    or in ``settings.documents``, which is how they reach a remote store).

    :raises CorpusError: for unreadable input, or an added document whose id the corpus uses.
    """
    documents = read_corpus(settings.corpus)
    if settings.remote and settings.documents is None:
        return documents
    taken = {document.identifier for document in documents}
    added = added_documents(settings)
    for document in added:
        if document.identifier in taken:
            raise CorpusError(f"{document.path}: the corpus has a document with the same id {document.identifier!r}")
    return documents + added


def fill(store: OxigraphStore, settings: Settings, documents, resources: Resources, clock: Stopwatch, summary: Summary,
         started: datetime) -> None:
    """Load, reason and validate every graph into ``store``, record it as a release, and summarise it."""
    progress = clock.progress
    graph = lambda kind: ox.NamedNode(settings.graph(kind))  # noqa: E731
    clock.run("load ontology", lambda: store.replace_graph(graph("ontology"), read_turtle(ONTOLOGY_FILE, graph("ontology"), settings.base)))
    clock.run("load editorial data", lambda: store.replace_graph(graph("editorial"), read_all(turtle_files(DATA_DIR), graph("editorial"), settings.base)))
    for document in documents:
        progress(f"{document.identifier} ({len(document.text):,} characters)")
        name = ox.NamedNode(settings.document_graph(document.identifier))
        quads, unresolved = document_quads(document, resources, name, clock)
        clock.run("load", lambda: store.replace_graph(name, quads))
        summary.unresolved[document.identifier] = unresolved
    progress("graph")
    clock.run("reason (OWL-RL rules)", lambda: infer(store, graph("inferred"), graph("editorial-inferred"), (graph("editorial"),),
                                                        base=settings.base))
    summary.release = clock.run("record the release", lambda: record_release(
        store, settings, action="build", documents=[d.identifier for d in documents], started=started))
    summary.violations = clock.run("validate (SHACL, violation queries)", lambda: validate_all(store))
    summarise(store, settings, summary, len(documents))


def summarise(store: OxigraphStore, settings: Settings, summary: Summary, documents: int) -> None:
    """Count triples per graph, concepts and annotations."""
    summary.documents = documents
    summary.triples = {g.value.removeprefix(settings.base + "graph/"): store.count(g) for g in store.graphs()}
    summary.concepts = len(store.instances(ox.NamedNode(str(SKOS.Concept))))
    summary.annotations = len(store.instances(ox.NamedNode(str(OA.Annotation))))
