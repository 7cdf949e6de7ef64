"""`fazhi extract PATH... --format jsonl|table [--strict]`: facts of reports, one JSON per line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from fazhi.errors import FazhiError

FORMATS = ("jsonl", "table")
_TABLE_FIELDS = ("kind", "text", "concept", "label", "stage", "value", "unit", "rule")


def _print_table(extraction) -> None:
    from rich.console import Console
    from rich.table import Table

    doc = extraction.document
    j = doc.jurisdiction
    table = Table(title=f"{doc.doc} — {j.name if j else doc.jurisdiction_name or '?'} {doc.year or ''}"
                  f" ({len(extraction.facts)} facts)")
    table.add_column("start", justify="right")
    for name in _TABLE_FIELDS:
        table.add_column(name, overflow="fold")
    for f in extraction.facts:
        values = [f.kind, f.span.text, f.concept, f.label, f.stage,
                  None if f.value is None else f"{f.value:g}", f.unit, f.rule]
        table.add_row(str(f.start), *("" if v is None else str(v) for v in values))
    Console().print(table)


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_cmd(
        paths: list[Path] = typer.Argument(..., help="Report files or folders (txt, html, docx, pdf)."),
        fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl (the published contract) or table."),
        strict: bool = typer.Option(False, "--strict", help="Exit nonzero if any report failed."),
        progress: bool = typer.Option(
            None, "--progress/--no-progress",
            help="Progress bar on stderr (default: on when stderr is a terminal).",
        ),
    ) -> None:
        """Extract facts from reports.

        jsonl prints, for each report, its document object (kind "document") and then one
        object per fact: kind, doc, text, start, end, rule, confidence, label, aliases, concept,
        stage, value, unit, approx, indicator, scope, claim_type, doc_number, jurisdiction,
        jurisdiction_code, year (null where a field does not apply). A file that cannot be read
        or extracted gets one line on stderr naming it; the others go on. A file with the same
        bytes as an older one is named as its duplicate and skipped. Exit code 0 when at
        least one report was processed (under --strict: when none failed), 1 otherwise.
        """
        if fmt not in FORMATS:
            typer.echo(f"fazhi extract: unknown --format {fmt!r}; expected one of {', '.join(FORMATS)}",
                       err=True)
            raise typer.Exit(2)
        from extractors.ingest import iter_report_paths, read_document
        from extractors.run import duplicates, run
        from fazhi.records import document_json

        files = list(iter_report_paths(paths))
        show = sys.stderr.isatty() if progress is None else progress
        ok = failed = 0
        copies = duplicates(files)  # {copy: original}, the original being the oldest file
        bar = None
        if show and files:
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(transient=True, console=Console(stderr=True))
            bar.start()
            task = bar.add_task("extracting", total=len(files))
        try:
            for path in files:
                if path in copies:
                    typer.echo(f"fazhi extract: {path}: duplicate of {copies[path]} "
                               "(same content), skipped", err=True)
                    if bar is not None:
                        bar.advance(task)
                    continue
                try:
                    extraction = run(read_document(path))
                except FazhiError as err:
                    failed += 1
                    typer.echo(f"fazhi extract: {err}", err=True)
                    continue
                except Exception as err:  # noqa: BLE001 - one bad file never stops the batch
                    failed += 1
                    typer.echo(f"fazhi extract: {path}: {type(err).__name__}: {err}", err=True)
                    continue
                finally:
                    if bar is not None:
                        bar.advance(task)
                ok += 1
                if fmt == "jsonl":
                    lines = [json.dumps(document_json(extraction.document), ensure_ascii=False)]
                    lines += [json.dumps(f.to_json(), ensure_ascii=False) for f in extraction.facts]
                    sys.stdout.write("\n".join(lines) + "\n")
                else:
                    _print_table(extraction)
        finally:
            if bar is not None:
                bar.stop()
        if not files:
            typer.echo("fazhi extract: no report files found in the given paths", err=True)
        if ok == 0 or (strict and failed):
            raise typer.Exit(1)
