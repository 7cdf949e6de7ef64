"""`fazhi build`: the knowledge graph of a folder of reports (thin wrapper over graph.build)."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("build")
    def build_cmd(
        paths: list[Path] = typer.Argument(..., help="Report files or folders (walked recursively)."),
        out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder (store, exports)."),
        prune: bool = typer.Option(False, "--prune", help="Drop reports whose file disappeared."),
        workers: int = typer.Option(0, "--workers", "-j", help="Extraction processes (0 = all cores)."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ) -> None:
        """Extract every report and write DIR/store, graph.trig, GraphML, CSV tables, build.json.

        Incremental: unchanged files are skipped by content hash; a changed file replaces only
        its own report graph; a vanished file is dropped only with --prune. Safe to interrupt:
        rerunning completes the build.
        """
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        from fazhi.errors import FazhiError
        from graph.build import build

        err = Console(stderr=True)
        tasks: dict[str, int] = {}
        progress = Progress(TextColumn("[bold]{task.description:<8}"), BarColumn(),
                            MofNCompleteColumn(), TextColumn("{task.fields[item]}"),
                            TimeElapsedColumn(), TimeRemainingColumn(), console=err,
                            disable=quiet, transient=False)

        def on_progress(phase: str, done: int, total: int, item: str) -> None:
            if phase not in tasks:
                tasks[phase] = progress.add_task(phase, total=total, item="")
            progress.update(tasks[phase], completed=done, total=total, item=item[-40:])

        def on_error(line: str) -> None:
            progress.console.print(line, markup=False, highlight=False, style="red",
                                   soft_wrap=True)

        try:
            with progress:
                result = build([str(p) for p in paths], out, prune=prune, workers=workers or None,
                               progress=on_progress, on_error=on_error)
        except KeyboardInterrupt:
            err.print("interrupted: the store keeps every report written so far; "
                      "rerun the same command to complete the build", style="yellow")
            raise typer.Exit(130)
        except FazhiError as e:
            err.print(str(e), markup=False, style="red")
            raise typer.Exit(1)
        typer.echo(
            f"{result.files} files: {result.extracted} extracted, {result.skipped} unchanged, "
            f"{result.failed} failed, {result.dropped} dropped; {result.reports} reports in "
            f"{out}/store ({'exports written' if result.exports_written else 'exports unchanged'}) "
            f"in {result.timings.get('total_s', 0):.1f}s")
        if result.failed and result.extracted + result.skipped == 0:
            raise typer.Exit(1)
