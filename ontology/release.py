"""Releases: each build or change of the graph is a version a researcher can cite.

A release is ``<base>release/<version>``, where the version is the UTC time the
change ended and the first eight hex digits of the content digest
(``20261202T093015Z-3f2a1b4c``), with ``-2``, ``-3``... if the history already
has that name (two changes to the same content in one second): the same input
gives the same digest, so two builds of one corpus differ only by their time.

The digest is made graph by graph, so that a change costs what it wrote, not
what the store holds: each named graph but the releases graph has its digest,
the SHA-256 of its sorted canonical N-Quads
(:func:`cxkg.ontology.canonical.graph_digests`); the content digest
(``cx:contentDigest``) is the SHA-256 of the sorted lines ``<graph IRI>
<graph digest>`` (:func:`~cxkg.ontology.canonical.content_digest`), each line a
``cx:graphDigest`` of the release. A build digests every graph; a change takes
the previous release's lines and digests again the graphs it wrote
(``OxigraphStore.written``), which gives what a full recomputation gives.

The releases graph (``settings.graph("releases")``) holds the whole history:

- the dataset: ``owl:versionIRI`` the latest release, ``dcterms:hasVersion``
  each release, ``dcterms:modified`` when the latest ended;
- each release: a ``cx:Release`` (a ``prov:Entity``), ``owl:versionInfo``,
  ``dcterms:issued``, ``prov:wasGeneratedBy`` its change, ``prov:wasRevisionOf``
  the release before it, ``cx:contentDigest`` and its ``cx:graphDigest`` lines;
- each change, ``<release>#change``: a ``cx:Build``, ``cx:Addition``,
  ``cx:Replacement`` or ``cx:Removal`` (a ``prov:Activity``) with its start and
  end, ``prov:used`` the previous release and the documents it read (a removal
  ``prov:invalidated`` them), ``prov:wasAssociatedWith`` the software that ran it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cache
from importlib.metadata import PackageNotFoundError, version as package_version
from typing import Iterable, Sequence

import pyoxigraph as ox

from cxkg.config import Settings
from cxkg.namespaces import CX, DCTERMS, OWL, PROV, RDF, RDFS, XSD
from cxkg.ontology.canonical import content_digest, digest, digest_line, graph_digests
from cxkg.store.embedded import OxigraphStore
from cxkg.store.interface import StoreError
from cxkg.store.open import open_store

#: The graph kind of the release history (see ``cxkg.config.GRAPH_KINDS``).
RELEASES = "releases"
#: The class of the change, by the action that made it.
ACTIONS = {"build": CX.Build, "add": CX.Addition, "replace": CX.Replacement, "remove": CX.Removal}
#: The action's name in French, for the change's label.
FRENCH = {"build": "construction", "add": "ajout", "replace": "remplacement", "remove": "retrait"}
#: What the dataset says of its latest release only; replaced at each release.
LATEST = (str(OWL.versionIRI), str(DCTERMS.modified))


def record_release(store: OxigraphStore, settings: Settings, *, action: str, documents: Sequence[str],
                   started: datetime | None = None) -> str:
    """Record the state of ``store`` as a new release, after a successful change.

    The history is read from ``store``'s releases graph; a store that holds
    none (a fresh build) continues the history of the store ``settings.store``
    names, the one the build replaces, if it has one, and digests every graph.

    :param action: ``build``, ``add``, ``replace`` or ``remove``.
    :param documents: the identifiers of the documents the change read (or removed).
    :param started: when the change began (default: now).
    :returns: the version IRI of the new release.
    :raises ValueError: for an unknown action.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    graph = ox.NamedNode(settings.graph(RELEASES))
    previous = latest(store.match(iri(settings.mint("dataset")), iri(OWL.versionIRI), None, graph), settings)
    if previous is None:
        past = inherited(settings, graph)
        store.add(past)
        previous, digests = latest(past, settings), {}
    else:
        digests = recorded_digests(store, previous, graph)
    digests = current_digests(store, digests, graph)
    content = content_digest(digests)
    ended = now()
    release = unique(store, settings, graph, settings.mint("release", f"{ended:%Y%m%dT%H%M%SZ}-{content[:8]}"))
    store.discard([q for q in store.match(iri(settings.mint("dataset")), None, None, graph) if q.predicate.value in LATEST])
    facts = release_facts(release, settings, action, documents, previous, content, started or ended, ended)
    facts += [(iri(release), iri(CX.graphDigest), ox.Literal(digest_line(g, d))) for g, d in sorted(digests.items())]
    store.add(ox.Quad(s, p, o, graph) for s, p, o in facts)
    store.written.clear()
    return release


def recorded_digests(store: OxigraphStore, release: str, graph: ox.NamedNode) -> dict[str, str]:
    """The graph digests ``release`` recorded, by graph IRI (none for a release made before they were kept)."""
    lines = (q.object.value for q in store.match(iri(release), iri(CX.graphDigest), None, graph))
    return dict(line.rsplit(" ", 1) for line in lines)


def current_digests(store: OxigraphStore, recorded: dict[str, str], releases: ox.NamedNode) -> dict[str, str]:
    """Each graph's digest now: the recorded ones of the graphs still there, the graphs
    written since digested again (a graph left empty has none); every graph when nothing
    was recorded."""
    if not recorded:
        return graph_digests(q for q in store.quads() if q.graph_name != releases)
    present = {g.value for g in store.graphs()}
    digests = {g: d for g, d in recorded.items() if g in present}
    for written in store.written - {releases}:
        quads = list(store.quads(written))
        if quads:
            digests[written.value] = digest(quads)
        else:
            digests.pop(written.value, None)
    return digests


def unique(store: OxigraphStore, settings: Settings, graph: ox.NamedNode, release: str) -> str:
    """``release``, or ``release-2``, ``-3``... the first name the history does not hold yet."""
    dataset, taken, number, name = iri(settings.mint("dataset")), iri(DCTERMS.hasVersion), 1, release
    while next(store.match(dataset, taken, iri(name), graph), None) is not None:
        number += 1
        name = f"{release}-{number}"
    return name


def release_facts(release: str, settings: Settings, action: str, documents: Sequence[str], previous: str | None,
                  content: str, started: datetime, ended: datetime) -> list[tuple]:
    """The triples of one release and its change."""
    dataset, change, software = iri(settings.mint("dataset")), iri(release + "#change"), software_agent(settings)
    version = release.rsplit("/", 1)[1]
    me = iri(release)
    facts = [
        (dataset, iri(OWL.versionIRI), me), (dataset, iri(DCTERMS.hasVersion), me),
        (dataset, iri(DCTERMS.modified), when(ended)),
        (me, iri(RDF.type), iri(CX.Release)), (me, iri(OWL.versionInfo), ox.Literal(version)),
        (me, iri(RDFS.label), ox.Literal(f"cxkg release {version}", language="en")),
        (me, iri(RDFS.label), ox.Literal(f"version {version} de cxkg", language="fr")),
        (me, iri(DCTERMS.isVersionOf), dataset), (me, iri(DCTERMS.issued), when(ended)),
        (me, iri(PROV.wasGeneratedBy), change), (me, iri(CX.contentDigest), ox.Literal(content)),
        (change, iri(RDF.type), iri(ACTIONS[action])),
        (change, iri(RDFS.label), ox.Literal(f"{action}, {len(documents)} document(s)", language="en")),
        (change, iri(RDFS.label), ox.Literal(f"{FRENCH[action]}, {len(documents)} document(s)", language="fr")),
        (change, iri(PROV.startedAtTime), when(started)), (change, iri(PROV.endedAtTime), when(ended)),
        (change, iri(PROV.wasAssociatedWith), software),
    ]
    touched = PROV.invalidated if action == "remove" else PROV.used
    facts += [(change, iri(touched), iri(settings.mint("document", d))) for d in sorted(documents)]
    if previous is not None:
        facts += [(me, iri(PROV.wasRevisionOf), iri(previous)), (change, iri(PROV.used), iri(previous))]
    number = software_version()
    facts += [
        (software, iri(RDF.type), iri(PROV.SoftwareAgent)), (software, iri(OWL.versionInfo), ox.Literal(number)),
        (software, iri(RDFS.label), ox.Literal(f"cxkg {number}")),
        (software, iri(PROV.actedOnBehalfOf), iri(settings.mint("agent", "cxkg"))),
    ]
    return facts


def inherited(settings: Settings, graph: ox.NamedNode) -> list[ox.Quad]:
    """The releases of the store ``settings.store`` names (the one a build replaces), if any."""
    try:
        return list(open_store(settings, read_only=True).quads(graph))
    except (StoreError, OSError):
        return []


def latest(quads: Iterable[ox.Quad], settings: Settings) -> str | None:
    """The version IRI the dataset names as its latest, if any."""
    dataset = settings.mint("dataset")
    return next((q.object.value for q in quads if q.subject.value == dataset and q.predicate.value == str(OWL.versionIRI)), None)


def software_agent(settings: Settings) -> ox.NamedNode:
    """The software that runs the changes, one IRI per version of it."""
    return iri(settings.mint("software", f"cxkg-{software_version()}"))


@cache
def software_version() -> str:
    """The installed version of cxkg (``unknown`` when run from an uninstalled tree);
    read once, as every answer's tag names it."""
    try:
        return package_version("cxkg")
    except PackageNotFoundError:
        return "unknown"


def now() -> datetime:
    """The current UTC time, to the second (a version names a second)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def when(moment: datetime) -> ox.Literal:
    """An ``xsd:dateTime`` in UTC with ``Z``.

    >>> when(datetime(2026, 12, 2, 9, 30, tzinfo=timezone.utc)).value
    '2026-12-02T09:30:00Z'
    """
    text = moment.astimezone(timezone.utc).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    return ox.Literal(text, datatype=iri(XSD.dateTime))


def iri(value) -> ox.NamedNode:
    return ox.NamedNode(str(value))
