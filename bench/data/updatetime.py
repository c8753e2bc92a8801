"""Time ``cxkg add`` and ``cxkg remove`` of one document on stores of 1, 10 and 50 documents.

A change should cost what the document costs, not what the corpus holds. The
stores are made from a built store: its document graphs are copied round-robin
under new identifiers (every IRI and blank node of a copy made its own), then
reasoned in full once; a written document is then added and removed on each
store in turn (sizes alternated, so the machine's load falls on all alike),
through :func:`cxkg.loaders.update.add` and :func:`~cxkg.loaders.update.remove`
as the commands run them. Medians are reported per stage.

    python -m cxkg.bench.data.updatetime --store BUILT_STORE --workdir DIR [--sizes 1,10,50] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from cxkg.config import Settings
from cxkg.loaders.intake import read_new_document
from cxkg.loaders.update import add, remove
from cxkg.ontology.incremental import Graphs
from cxkg.ontology.reasoning import infer
from cxkg.ontology.release import record_release
from cxkg.store.embedded import OxigraphStore

#: The document added and removed: a short research text with citations and a reference list.
TEXT = """Le parcours client dans la distribution omnicanale

L'expérience client est devenue un enjeu central pour les enseignes (Homburg, Jozić et Kuehnl, 2017).
Selon Lemon et Verhoef (2016), le parcours client traverse de nombreux points de contact, physiques et digitaux.
Le management de l'expérience client repose sur des capacités que l'entreprise développe dans la durée.
La cohérence des points de contact est une condition de la satisfaction ; le Net Promoter Score reste
l'indicateur le plus suivi par les directions marketing.

Références

Homburg, C., Jozić, D. et Kuehnl, C. (2017). Customer experience management: toward implementing an evolving marketing concept. Journal of the Academy of Marketing Science, 45(3), 377-401.
Lemon, K. N. et Verhoef, P. C. (2016). Understanding customer experience throughout the customer journey. Journal of Marketing, 80(6), 69-96.
"""
META = {"title": "Le parcours client dans la distribution omnicanale", "type": "article-journal", "language": "fr",
        "author": [{"family": "Martin", "given": "Claire"}], "issued": {"date-parts": [[2024]]}}
IDENTIFIER = "bench-parcours"
#: Stages of the report <- the stopwatch's names.
STAGES = {"language model": ("load language model and data",),
          "extract": ("normalise and segment", "extract", "find concept mentions", "map to triples", "attribute"),
          "store": ("checkpoint the store", "load", "take away what rested on it", "reason (what it touches)",
                    "write the store", "swap into place"),
          "validate": ("validate before (what it touches)", "validate after (what it touches)",
                       "compare the violations"),
          "release": ("record the release",)}


def copies(source: OxigraphStore, settings: Settings, count: int) -> list[ox.Quad]:
    """``count`` documents: the source's document graphs round-robin, each copy under its own IRIs."""
    prefix = settings.document_graph("")
    graphs = [g for g in source.graphs() if g.value.startswith(prefix)]
    quads = []
    for number in range(count):
        graph = graphs[number % len(graphs)]
        original = graph.value[len(prefix):]
        made = f"{original}-copy{number}"
        rename = renamer(settings.base, original, made)
        target = ox.NamedNode(prefix + made)
        quads += [ox.Quad(rename(q.subject), q.predicate, rename(q.object), target) for q in source.match(graph=graph)]
    return quads


def renamer(base: str, original: str, made: str):
    """A term of one copy: the document's IRIs, hashed statements and annotations, blank nodes made its own."""
    own = (f"{base}statement/", f"{base}annotation/")

    def rename(term):
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(f"{term.value}x{made.replace('-', '').replace('_', '')}")
        if isinstance(term, ox.NamedNode):
            if original in term.value:
                return ox.NamedNode(term.value.replace(original, made))
            if term.value.startswith(own):
                return ox.NamedNode(f"{term.value}-{made}")
        return term
    return rename


def documents(store: OxigraphStore, settings: Settings) -> list[str]:
    """The identifiers of the document graphs of ``store``."""
    prefix = settings.document_graph("")
    return [g.value[len(prefix):] for g in store.graphs() if g.value.startswith(prefix)]


def prepare(built: Path, folder: Path, sizes: list[int], progress=print) -> dict[int, Settings]:
    """A store per size, reasoned in full and recorded as a release (as a build leaves it), in ``folder``."""
    settings = Settings()
    source = OxigraphStore.open(built, read_only=True)
    graphs = Graphs.of(settings)
    kept = [graphs.ontology, graphs.editorial]
    stores = {}
    for size in sizes:
        path = folder / f"store-{size}"
        if not path.exists():
            store = OxigraphStore.open(path)
            for graph in kept:
                store.add(source.match(graph=graph))
            store.add(copies(source, settings, size))
            infer(store, graphs.inferred, graphs.editorial_inferred, (graphs.editorial,), base=settings.base)
            record_release(store, Settings(store=str(path)), action="build", documents=documents(store, settings))
            store.flush()
            progress(f"store of {size} documents: {store.count():,} quads")
            del store
        stores[size] = Settings(store=str(path))
    return stores


def measure(stores: dict[int, Settings], folder: Path, repeats: int, progress=print) -> dict:
    """Add then remove the document on each store, sizes alternated; seconds per stage and in all."""
    text, meta = folder / f"{IDENTIFIER}.txt", folder / f"{IDENTIFIER}.json"
    text.write_text(TEXT, encoding="utf-8")
    meta.write_text(json.dumps(META), encoding="utf-8")
    runs: dict[int, dict[str, list]] = {size: {} for size in stores}
    for repeat in range(repeats):
        for size, settings in stores.items():
            for action in ("add", "remove"):
                started = time.perf_counter()
                if action == "add":
                    change = add(settings, read_new_document(text, meta=meta), progress=lambda line: None)
                else:
                    change = remove(settings, IDENTIFIER, progress=lambda line: None)
                total = time.perf_counter() - started
                for stage, seconds in grouped(change.seconds, total).items():
                    runs[size].setdefault(f"{action} {stage}", []).append(seconds)
                progress(f"  {size:>3} documents, {action}, run {repeat + 1}: {total:.2f} s")
    return {size: {k: round(statistics.median(v), 2) for k, v in figures.items()} for size, figures in runs.items()}


def grouped(seconds: dict[str, float], total: float) -> dict[str, float]:
    out = {stage: sum(seconds.get(name, 0.0) for name in names) for stage, names in STAGES.items()}
    out["total"] = total
    return out


def table(results: dict) -> str:
    """The medians as a Markdown table, one row per size."""
    columns = [f"{action} {stage}" for action in ("add", "remove") for stage in (*STAGES, "total")
               if any(f"{action} {stage}" in r for r in results.values())]
    lines = ["| documents | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for size, figures in results.items():
        lines.append(f"| {size} | " + " | ".join(f"{figures.get(c, 0.0):.2f}" for c in columns) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a built store (cxkg build) to copy documents from")
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--sizes", default="1,10,50")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    stores = prepare(args.store, args.workdir, [int(s) for s in args.sizes.split(",")])
    results = measure(stores, args.workdir, args.repeats)
    (args.workdir / "updatetime.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
