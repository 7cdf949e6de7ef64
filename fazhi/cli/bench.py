"""`fazhi bench corpus|run`: the synthetic corpus and the benchmark runner."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from fazhi.errors import FazhiError

bench_app = typer.Typer(help="Synthetic corpus with ground truth, and the benchmarks.", no_args_is_help=True)


def _fail(err: FazhiError) -> None:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(1)


@bench_app.command("corpus")
def corpus(
    reports: int = typer.Option(200, "--reports", "-n", help="How many synthetic reports."),
    out: Path = typer.Option(..., "--out", help="Folder to write (reports sharded by province code)."),
    seed: int = typer.Option(0, "--seed", help="Same seed, same bytes."),
) -> None:
    """Write N synthetic reports over real GB/T 2260 units (2015–2025) with `.truth.json` beside each.

    Every report is marked 【合成数据 synthetic】 and named syn_*; mechanisms spread by a
    discrete-time hazard model (docs/benchmarks.md).
    """
    from rich.progress import Progress

    from fazhi.bench.corpus import write_corpus

    try:
        with Progress(transient=True) as bar:
            task = bar.add_task("generating", total=reports)
            summary = write_corpus(out, reports, seed, on_report=lambda i: bar.advance(task))
    except FazhiError as err:
        _fail(err)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(summary.mentions.items()))
    typer.echo(f"{summary.reports} reports, {summary.chars} chars -> {out} (truth: {kinds})")


@bench_app.command("run")
def run(
    reports: int = typer.Option(200, "--reports", "-n", help="Corpus size (ignored with --sizes)."),
    sizes: str = typer.Option(None, "--sizes", help="Comma-separated sizes, e.g. 200,2000,30000 (linearity)."),
    out: Path = typer.Option(Path("bench-out/bench.json"), "--out", help="Result JSON."),
    corpus_dir: Path = typer.Option(None, "--corpus", help="Reuse (or create) the corpus here."),
    work: Path = typer.Option(Path("bench-out"), "--work", help="Scratch folder for corpora and builds."),
    seed: int = typer.Option(0, "--seed"),
    workers: int = typer.Option(None, "--workers", help="Build worker processes [default: all cores]."),
    neo4j: str = typer.Option(None, "--neo4j", help="bolt:// URI: also measure Neo4j load and queries."),
    user: str = typer.Option("neo4j", "--user"),
    password: str = typer.Option(None, "--password", envvar="FAZHI_NEO4J_PASSWORD",
                                 help="Neo4j password [env FAZHI_NEO4J_PASSWORD]."),
    rdflib_neo4j: bool = typer.Option(True, "--rdflib-neo4j/--no-rdflib-neo4j",
                                      help="With --neo4j: also load with rdflib-neo4j (the baseline)."),
    query_repeats: int = typer.Option(5, "--query-repeats", help="Runs per named query (p50 reported)."),
    query_timeout: float = typer.Option(120.0, "--query-timeout", help="Seconds before a query is killed."),
    extract_sample: int = typer.Option(2000, "--extract-sample", help="Reports timed for extraction and recall."),
    extract_only: bool = typer.Option(False, "--extract-only", help="Only extraction speed and recall (no build)."),
    extract_rounds: int = typer.Option(3, "--extract-rounds", help="Alternating timing rounds (best kept)."),
) -> None:
    """Measure extraction speed (vs bare spacy.blank("zh")), build time and peak RSS, query p50,
    Neo4j load (vs rdflib-neo4j) and recall on the synthetic truth; write one JSON."""
    from fazhi.bench.run import BenchConfig, run_benchmarks

    size_list = [int(s) for s in sizes.split(",")] if sizes else [reports]
    cfg = BenchConfig(sizes=tuple(size_list), work=work, seed=seed, corpus=corpus_dir,
                      workers=workers, neo4j_uri=neo4j, neo4j_user=user, neo4j_password=password,
                      rdflib_neo4j=rdflib_neo4j, query_repeats=query_repeats, query_timeout=query_timeout,
                      extract_sample=extract_sample, extract_only=extract_only,
                      extract_rounds=extract_rounds)
    try:
        result = run_benchmarks(cfg, log=lambda msg: typer.echo(msg, err=True))
    except FazhiError as err:
        _fail(err)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    typer.echo(f"wrote {out}")


@bench_app.command("table")
def table(result: Path = typer.Argument(..., help="A JSON written by `fazhi bench run`.")) -> None:
    """Print a run's figures as Markdown tables (for docs/benchmarks.md)."""
    from fazhi.bench.report import markdown

    try:
        data = json.loads(result.read_text("utf-8"))
    except (OSError, ValueError) as err:
        typer.echo(f"error: {result}: bench table: cannot read the result ({err})", err=True)
        raise typer.Exit(1) from None
    typer.echo(markdown(data), nl=False)


def register(app: typer.Typer) -> None:
    app.add_typer(bench_app, name="bench")
