"""The catalogue of named, parameterised queries (the competency questions).

Each query is one ``queries/cqNN.rq`` file whose header holds its metadata as
YAML in ``#+`` comment lines (the grlc convention):

.. code-block:: sparql

    #+ id: cq01
    #+ title: {en: Capabilities that support a practice, fr: Capacités qui soutiennent une pratique}
    #+ question: {en: Which capabilities support a practice?, fr: Quelles capacités soutiennent une pratique ?}
    #+ params:
    #+   - name: practice
    #+     kind: concept
    #+     default: touchpoint adaptation
    #+     description: {en: "the practice: IRI, slug, notation or label", fr: "…"}
    SELECT ?capability WHERE { ?capability cx:supports ?practice }

A parameter's value is bound to the variable of the same name when the query
runs, never by string formatting: the embedded store writes it into the text as
a constant (:func:`cxkg.store.prebind.write_in`, the meaning SEP-0007 gives
pre-binding), so the engine plans with the value known; a remote store puts it
in a ``VALUES`` block (:func:`cxkg.store.remote_text.bind_values`).

>>> cat = load_catalogue()
>>> cat["cq01"].params[0].name
'practice'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from cxkg.queries.files import QUERY_DIR, query_text

PARAM_KINDS = ("concept", "document", "string")


class CatalogueError(Exception):
    """A catalogue file is malformed; the message names the file."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: str | None
    description: dict[str, str]


@dataclass(frozen=True)
class CatalogueQuery:
    id: str
    title: dict[str, str]
    question: dict[str, str]
    params: tuple[Param, ...]
    sparql: str
    path: Path = field(compare=False)

    def to_dict(self) -> dict:
        """A JSON-ready description of the query, for listings and the API."""
        return {
            "id": self.id,
            "title": self.title,
            "question": self.question,
            "parameters": [
                {"name": p.name, "kind": p.kind, "default": p.default, "description": p.description}
                for p in self.params
            ],
            "sparql": self.sparql,
        }


def header(text: str) -> str:
    """The YAML held in a file's leading ``#+`` lines."""
    lines = [line[3:] if line.startswith("#+ ") else line[2:] for line in text.splitlines() if line.startswith("#+")]
    return "\n".join(lines)


def parse_query(path: Path) -> CatalogueQuery:
    """Read one ``.rq`` file of the catalogue.

    :raises CatalogueError: if the header lacks a field or a parameter is malformed.
    """
    text = path.read_text(encoding="utf-8")
    try:
        meta = yaml.safe_load(header(text)) or {}
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: bad #+ header: {error}") from error
    for key in ("id", "title", "question"):
        if key not in meta:
            raise CatalogueError(f"{path}: the #+ header has no {key!r}")
    params = []
    for raw in meta.get("params") or []:
        if raw.get("kind", "string") not in PARAM_KINDS or "name" not in raw:
            raise CatalogueError(f"{path}: parameter {raw!r} needs a name and a kind in {PARAM_KINDS}")
        default = raw.get("default")
        params.append(Param(raw["name"], raw.get("kind", "string"), None if default is None else str(default), raw.get("description") or {}))
    return CatalogueQuery(meta["id"], meta["title"], meta["question"], tuple(params), text, path)


@lru_cache(maxsize=1)
def load_catalogue(folder: Path = QUERY_DIR) -> dict[str, CatalogueQuery]:
    """Every query of the catalogue, by id, in id order."""
    queries = [parse_query(path) for path in sorted(folder.glob("cq*.rq"))]
    return {q.id: q for q in sorted(queries, key=lambda q: q.id)}


def support_query(name: str) -> str:
    """A helper query of ``queries/support/`` (name resolution, listings)."""
    return query_text(f"support/{name}")
