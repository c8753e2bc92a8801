"""Add, replace or remove one document of a built graph, atomically, re-deriving only what it touches.

A change is made on a checkpoint of the store (``<store>.change``: RocksDB
hard-links the data files, so the copy is quick whatever the store's size):
the document's graph is replaced or dropped, the inferences it touches are
derived again (:mod:`cxkg.ontology.incremental`), the change is validated on
what it touches (:func:`cxkg.ontology.validation.neighbourhood`), and only
then is the checkpoint swapped into place, as ``cxkg build`` swaps a new store.
A failure anywhere (reading, extraction, reasoning, a violation, the disk)
leaves the store and the kept documents as they were. A running ``cxkg serve``
follows the swap (it reopens a store whose folder changed).

The documents themselves are kept beside the store (:mod:`cxkg.loaders.added`),
so that ``cxkg build`` reads them again with the corpus.
"""

from __future__ import annotations

import gc
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from cxkg.config import Settings
from cxkg.loaders.added import FolderChange, corpus_ids, entries, fingerprint, folder_of, source_of
from cxkg.loaders.build import Progress, Stopwatch, Summary
from cxkg.loaders.corpus import Document
from cxkg.loaders.pipeline import document_quads, load_resources
from cxkg.namespaces import DCTERMS, OA, RDF
from cxkg.ontology.release import now, record_release
from cxkg.ontology.incremental import Graphs, add_inferences, remove_inferences
from cxkg.ontology.validation import Violation, neighbourhood, new_violations, nodes_of
from cxkg.store.change_lock import ChangeRefused, forget_updates, hold, updated_outside_changes
from cxkg.store.embedded import OxigraphStore, checkpoint_of, swap_into_place

ANNOTATION, TYPE = ox.NamedNode(str(OA.Annotation)), ox.NamedNode(str(RDF.type))
TITLE, LANGUAGE = ox.NamedNode(str(DCTERMS.title)), ox.NamedNode(str(DCTERMS.language))


class UpdateError(Exception):
    """The change was refused or failed; the store and the kept documents are as they were."""


@dataclass
class Change:
    """What one command changed."""

    action: str
    identifier: str
    triples: int = 0
    inferred_added: int = 0
    inferred_removed: int = 0
    violations: list[Violation] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    release: str | None = None


def add(settings: Settings, document: Document, *, replace: bool = False, progress: Progress = print) -> Change:
    """Add ``document`` to the store, or replace its earlier version.

    Re-adding the file an id was added from replaces it; another file under
    a taken id needs ``replace``.

    :raises UpdateError: for a taken id, a corpus document's id, a violation, or any failure.
    """
    target = embedded_store(settings)
    with locked(target):
        known = entries(folder_of(settings))
        previous = known.get(document.identifier)
        refuse_taken(settings, document.identifier, Path(document.path), previous, replace)
        if previous is not None and previous.get("custom", {}).get("sha256") == fingerprint(document):
            return Change("unchanged", document.identifier)
        change = Change("replaced" if previous is not None else "added", document.identifier)
        clock = Stopwatch(progress, Summary(seconds=change.seconds))
        model = clock.run("load language model and data", lambda: load_resources(settings))
        graph = ox.NamedNode(settings.document_graph(document.identifier))
        try:
            quads, _ = document_quads(document, model, graph, clock)
        except Exception as error:  # noqa: BLE001 (any failure of a reader is the document's, named so)
            raise UpdateError(f"{document.path}: {document.identifier} could not be read into statements "
                              f"({type(error).__name__}: {error}); the store was left as it was") from error
        staged = FolderChange(folder_of(settings))
        staged.save(document, known)
        return apply(settings, target, change, staged, clock,
                     lambda store: replace_document(store, settings, document.identifier, quads, change, clock))


def remove(settings: Settings, identifier: str, progress: Progress = print) -> Change:
    """Remove an added document and what rested only on it.

    :raises UpdateError: for an unknown id, a corpus document, a violation, or any failure.
    """
    target = embedded_store(settings)
    with locked(target):
        known = entries(folder_of(settings))
        if identifier not in known:
            if identifier in corpus_ids(settings):
                raise UpdateError(f"{identifier} is a document of the corpus ({settings.corpus}), not an added one: "
                                  "it comes back with every build, so it is not removed here")
            raise UpdateError(f"no added document {identifier!r} (see `cxkg list`)")
        change = Change("removed", identifier)
        clock = Stopwatch(progress, Summary(seconds=change.seconds))
        staged = FolderChange(folder_of(settings))
        staged.delete(identifier, known)
        return apply(settings, target, change, staged, clock,
                     lambda store: replace_document(store, settings, identifier, None, change, clock))


def documents(settings: Settings) -> list[dict]:
    """Every document of the store: id, title, language, triples, annotations, added (``corpus`` if not)."""
    target = embedded_store(settings)
    known = entries(folder_of(settings))
    store = OxigraphStore.open(target, read_only=True)
    prefix = settings.document_graph("")
    rows = []
    for graph in store.graphs():
        if not graph.value.startswith(prefix):
            continue
        identifier = graph.value[len(prefix):]
        document = ox.NamedNode(settings.mint("document", identifier))
        rows.append({
            "id": identifier,
            "title": first_value(store, document, TITLE, graph),
            "language": first_value(store, document, LANGUAGE, graph),
            "triples": store.count(graph),
            "annotations": sum(1 for _ in store.match(None, TYPE, ANNOTATION, graph)),
            "added": known.get(identifier, {}).get("custom", {}).get("added", "corpus"),
        })
    return rows


def first_value(store: OxigraphStore, subject: ox.NamedNode, predicate: ox.NamedNode, graph: ox.NamedNode) -> str:
    quad = next(store.match(subject, predicate, None, graph), None)
    return quad.object.value if quad is not None else ""


def embedded_store(settings: Settings) -> Path:
    """The store folder a change applies to.

    :raises UpdateError: for a remote store, or a store not built yet.
    """
    if settings.remote:
        raise UpdateError(f"{settings.store} is a remote store: add or remove documents on an embedded store, "
                          "then build them into the remote one: `cxkg build --store URL --documents <store>.documents`")
    target = Path(settings.store)
    if not target.is_dir():
        raise UpdateError(f"no store at {target}: run `cxkg build --store {target}` first")
    return target


def check_addable(settings: Settings, identifier: str, path: Path, replace: bool) -> None:
    """What :func:`add` would refuse before any work, checked early so that the refusal comes at once.

    :raises UpdateError: no embedded store, or an id the corpus or another file has.
    """
    embedded_store(settings)
    refuse_taken(settings, identifier, path, entries(folder_of(settings)).get(identifier), replace)


def refuse_taken(settings: Settings, identifier: str, path: Path, previous: dict | None, replace: bool) -> None:
    """Refuse an id the corpus uses, or one another file was added under (unless ``replace``)."""
    if identifier in corpus_ids(settings):
        raise UpdateError(f"{path}: the id {identifier!r} is a document of the corpus; choose another with --id")
    source = str(path.resolve())
    if previous is not None and not replace and source_of(previous) != source:
        raise UpdateError(f"{path}: the id {identifier!r} is taken by {source_of(previous) or 'another file'}; "
                          "use --replace to replace that document, or --id to add this one beside it")


@contextmanager
def locked(target: Path) -> Iterator[None]:
    """One change at a time on a store, and none while a writable service holds it."""
    try:
        with hold(target, "a change (cxkg add or remove)"):
            yield
    except ChangeRefused as error:
        raise UpdateError(str(error)) from error


def apply(settings: Settings, target: Path, change: Change, staged: FolderChange, clock: Stopwatch, work) -> Change:
    """Run ``work`` on a checkpoint of the store; swap it into place only if it all succeeds."""
    copy = target.with_name(target.name + ".change")
    if copy.exists():
        shutil.rmtree(copy)
    try:
        clock.run("checkpoint the store", lambda: checkpoint_of(target, copy))
        store = OxigraphStore.open(copy)
        if updated_outside_changes(target):  # the recorded digests may not be current: redo them all
            store.written.update(store.graphs())
        work(store)
        clock.run("write the store", store.flush)
        del store
        gc.collect()
        staged.commit()
        try:
            clock.run("swap into place", lambda: swap_into_place(copy, target))
            forget_updates(target)
        except OSError as error:
            staged.undo()
            raise UpdateError(f"{target}: cannot put the changed store in place ({error}); the store was left as it was") from error
    except UpdateError:
        raise
    except Exception as error:  # noqa: BLE001 (whatever failed, the store stays as it was)
        raise UpdateError(f"{change.identifier}: {error}; the store was left as it was") from error
    finally:
        gc.collect()
        if copy.exists():
            shutil.rmtree(copy, ignore_errors=True)
    return change


def replace_document(store: OxigraphStore, settings: Settings, identifier: str, quads: list[ox.Quad] | None,
                     change: Change, clock: Stopwatch) -> None:
    """Make the document's graph ``quads`` (``None``: remove it), its inferences following; validate;
    record the change as a release (swapped in with it)."""
    started = now()
    graphs = Graphs.of(settings)
    graph = ox.NamedNode(settings.document_graph(identifier))
    document = ox.NamedNode(settings.mint("document", identifier))
    old = list(store.match(graph=graph))
    nodes = nodes_of(old) | nodes_of(quads or [])
    keep = (graphs.ontology, graphs.editorial, graph)
    before = clock.run("validate before (what it touches)", lambda: neighbourhood(store, keep, nodes))
    if old:
        change.inferred_removed, again = clock.run("take away what rested on it", lambda: remove_inferences(store, graph, document, graphs))
        change.inferred_added += again.new_triples
    if quads is not None:
        clock.run("load", lambda: store.replace_graph(graph, quads))
        inference = clock.run("reason (what it touches)", lambda: add_inferences(store, graph, graphs))
        change.inferred_added += inference.new_triples
        nodes |= {n for t in inference.derivations for n in (t.subject, t.object) if not isinstance(n, ox.Literal)}
        change.triples = store.count(graph)  # distinct triples, as `cxkg list` and `cxkg diff` count them
    after = clock.run("validate after (what it touches)", lambda: neighbourhood(store, keep, nodes))
    change.violations = clock.run("compare the violations", lambda: new_violations(before, after))
    if change.violations:
        listed = "\n".join(f"  [{v.check}] {v.focus}: {v.message}" for v in change.violations[:20])
        raise UpdateError(f"{identifier}: the change would bring {len(change.violations)} violation(s):\n{listed}\n"
                          "the store was left as it was")
    action = {"added": "add", "replaced": "replace", "removed": "remove"}[change.action]
    change.release = clock.run("record the release", lambda: record_release(
        store, settings, action=action, documents=[identifier], started=started))


