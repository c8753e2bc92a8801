"""Generate a CX-shaped synthetic graph of an exact size, deterministically.

The graph has the real build's named graphs: the ontology (``cx.ttl`` itself),
the editorial concept scheme, what reasoning infers, and one graph per
document. The same size and seed always give the same N-Quads file, within 1%
of the size asked for (annotations fill each document to its share).

>>> parse_size("100k"), parse_size("1m"), parse_size("2500")
(100000, 1000000, 2500)
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pyoxigraph as ox

from cxkg.bench.data.nquads import Sink
from cxkg.bench.data.synth_documents import write_document
from cxkg.bench.data.synth_scheme import Scheme, relate, write_inferred, write_scheme
from cxkg.ontology.files import ONTOLOGY_FILE, read_turtle
from cxkg.namespaces import DEFAULT_BASE

DOCUMENT_TRIPLES = 10_000  # about one document per 10k triples, as in the corpus
SEED = 20261127


def parse_size(text: str) -> int:
    """``10k``, ``1m`` or a plain number of triples."""
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def size_name(triples: int) -> str:
    """The inverse of :func:`parse_size` for round sizes."""
    if triples % 1_000_000 == 0:
        return f"{triples // 1_000_000}m"
    return f"{triples // 1000}k" if triples % 1000 == 0 else str(triples)


def graph(kind: str) -> str:
    return f"{DEFAULT_BASE}graph/{kind}"


def generate(path: Path, target: int, seed: int = SEED) -> dict:
    """Write a graph of about ``target`` triples to ``path`` (N-Quads); return its manifest."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        sink = Sink(out)
        write_ontology(sink)
        scheme = write_scheme(sink, graph("editorial"), rng, target / DOCUMENT_TRIPLES)
        relate(sink, graph("editorial"), rng, scheme)
        write_inferred(sink, graph("inferred"), scheme)
        mentionable = focus(scheme) + [c for c in scheme.all if c not in focus(scheme)]
        documents = max(1, round(target / DOCUMENT_TRIPLES))
        first = None
        for n in range(documents):
            end = sink.count + (target - sink.count) // (documents - n)
            doc = write_document(sink, rng, scheme, n, end, mentionable)
            first = first or doc.iri
    manifest = {"target": target, "triples": sink.count, "seed": seed, "documents": documents,
                "concepts": len(scheme.all), "params": params(scheme, first)}
    path.with_suffix(".json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def write_ontology(sink: Sink) -> None:
    """The ontology graph: ``cx.ttl`` as the build loads it, blank nodes renamed in order (the parser's are random)."""
    quads = read_turtle(ONTOLOGY_FILE, ox.NamedNode(graph("ontology")))
    names: dict[str, str] = {}
    rename = lambda match: names.setdefault(match.group(0), f"_:o{len(names)}")  # noqa: E731
    for line in ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines():
        sink.raw(BLANK.sub(rename, line) if line.startswith("_:") or " _:" in line else line)


BLANK = re.compile(r"(?<![^ ])_:[A-Za-z0-9]+")


def focus(s: Scheme) -> list[str]:
    """The concepts the parameterised queries ask about, mentioned most often."""
    return [s.by_class["Indicator"][1], *s.by_class["DigitalChannel"][:2], s.by_class["Touchpoint"][0]]


def params(s: Scheme, document: str) -> dict[str, dict[str, str]]:
    """Parameter values for the catalogue, by query then parameter name.

    Chosen from the generated data: the first practice (which most capabilities
    support), the first studied capability, C1, the first brand experience,
    the first document and the most mentioned indicator.
    """
    c1 = next(c for c, n in s.notation.items() if n == "C1")
    by_name = {"practice": s.members("Practice")[0], "capability": s.studied[0], "experience": s.by_class["BrandExperience"][0],
               "document": document, "concept": focus(s)[0]}
    return {"*": by_name, "cq10": {"capability": c1}}


def param_value(manifest: dict, query_id: str, name: str) -> str | None:
    """The generated value for one parameter of one query."""
    chosen = manifest["params"]
    return chosen.get(query_id, {}).get(name) or chosen["*"].get(name)
