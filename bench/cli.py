"""``cxkg bench``: run the benchmark suite, write BENCHMARKS.md and the raw figures."""

from __future__ import annotations

from pathlib import Path

import click

from cxkg.bench.data.synth import SEED, parse_size
from cxkg.bench.options import STORES, Options
from cxkg.config import PROJECT_ROOT

FILE = click.Path(dir_okay=False, path_type=Path)
FOLDER = click.Path(file_okay=False, path_type=Path)


def split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


@click.command()
@click.option("--sizes", default="10k,100k,1m", show_default=True, help="Synthetic graph sizes, comma-separated (10k, 1m, 2500).")
@click.option("--quick", is_flag=True, help="Few repetitions, 2-second loads, one build: minutes, not half an hour.")
@click.option("--out", "out", type=FILE, default=PROJECT_ROOT / "BENCHMARKS.md", show_default=True)
@click.option("--json", "raw", type=FILE, default=PROJECT_ROOT / "bench" / "results.json", show_default=True)
@click.option("--stores", default=",".join(STORES), show_default=True,
              help="Stores to measure (oxigraph is always measured: the service serves it).")
@click.option("--no-corpus", is_flag=True, help="Skip the corpus graph and its build.")
@click.option("--no-http", is_flag=True, help="Skip the web-service measurements.")
@click.option("--seed", default=SEED, show_default=True, type=int, help="Seed of the synthetic graphs.")
@click.option("--duration", type=float, default=None, help="Seconds of each HTTP load (default 10, quick 2).")
@click.option("--http-query", default="cq15", show_default=True, help="Catalogue query used for the HTTP load.")
@click.option("--workdir", type=FOLDER, default=None, help="Keep data and stores here (default: a temporary folder, removed).")
@click.option("--corpus", "corpus_dir", type=FOLDER, default=None, help="Corpus folder (default: CXKG_CORPUS, else ../shared/corpus).")
@click.option("--no-profile", is_flag=True, help="Do not profile missed targets.")
def bench(sizes: str, quick: bool, out: Path, raw: Path, stores: str, no_corpus: bool, no_http: bool, seed: int,
          duration: float | None, http_query: str, workdir: Path | None, corpus_dir: Path | None, no_profile: bool) -> None:
    """Benchmark the graph's stores and web service; write BENCHMARKS.md and a JSON of raw figures."""
    from cxkg.bench import suite
    from cxkg.bench.report import markdown

    chosen = tuple(dict.fromkeys(("oxigraph",) + split(stores)))
    unknown = set(chosen) - set(STORES)
    if unknown:
        message = f"unknown store(s) {', '.join(sorted(unknown))}; choose from {', '.join(STORES)}"
        raise click.BadParameter(message, param_hint="--stores")
    given = dict(sizes=tuple(parse_size(s) for s in split(sizes)), corpus=not no_corpus, stores=chosen, http=not no_http,
                 seed=seed, http_query=http_query, workdir=workdir, corpus_dir=corpus_dir)
    if duration is not None:
        given["duration"] = duration
    if no_profile:
        given["profile"] = False
    opts = Options.quick_run(**given) if quick else Options(**given)
    results = suite.run(opts, progress=lambda line: click.echo(line, err=True))
    markdown.write(results, out, raw)
    for target in results.get("targets", []):
        click.echo(f"{target['status']:>12}  {target['name']}: {target['measured']}", err=True)
    click.echo(f"wrote {out} and {raw}", err=True)
