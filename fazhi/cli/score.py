"""`fazhi score [GOLD_DIR] [CORPUS_DIR] --format table|json`: the extractors against the hand gold."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from fazhi.errors import FazhiError

FORMATS = ("table", "json")


def register(app: typer.Typer) -> None:
    @app.command("score")
    def score_cmd(
        gold_dir: Path = typer.Argument(Path("tests/gold"), help="Folder of gold *.json files."),
        corpus_dir: Path = typer.Argument(Path("../shared/corpus"), help="Folder of the reports."),
        fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
        misses: int = typer.Option(
            0, "--misses", "-m", help="Also list up to N missed, spurious and wrong-stage facts (table)."),
        predictions: Path = typer.Option(
            None, "--predictions", "-p",
            help="Score a saved `fazhi extract --format jsonl` file instead of running the extractors."),
    ) -> None:
        """Run the real extraction pipeline on CORPUS_DIR and score it against GOLD_DIR.

        Prints precision, recall and F1 per fact kind (mechanism, metric, claim, citation),
        stage accuracy on matched mechanisms and metadata accuracy per field; matching rules are
        in docs/quality.md. A report that fails to extract is named on stderr and scored as
        empty. With --predictions, the saved JSONL is scored and CORPUS_DIR is not read.
        Exit code 0 when scoring ran, 2 on bad arguments, unreadable gold or predictions.
        """
        if fmt not in FORMATS:
            typer.echo(f"fazhi score: unknown --format {fmt!r}; expected one of {', '.join(FORMATS)}",
                       err=True)
            raise typer.Exit(2)
        from extractors.scoring import extract_corpus, format_table, load_gold, read_jsonl, score

        try:
            gold = load_gold(gold_dir)
            results = read_jsonl(predictions) if predictions else extract_corpus(corpus_dir)
            extractions = []
            for r in results:
                if isinstance(r, Exception):
                    typer.echo(f"fazhi score: {r}", err=True)
                else:
                    extractions.append(r)
            scores = score(gold, extractions)
        except FazhiError as err:
            typer.echo(f"fazhi score: {err}", err=True)
            raise typer.Exit(2) from err
        if fmt == "json":
            typer.echo(json.dumps(scores.to_json(), ensure_ascii=False, indent=1))
        else:
            typer.echo(format_table(scores, misses=misses))
