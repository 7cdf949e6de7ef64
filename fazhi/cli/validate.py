"""`fazhi validate`: SHACL-validate a build's report graphs (thin wrapper over graph.validate)."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate_cmd(
        out: Path = typer.Argument(..., help="The build folder (holding store/)."),
        sample: int = typer.Option(0, "--sample", "-n", help="Validate only N report graphs, evenly spread (0 = all)."),
        batch: int = typer.Option(25, "--batch", help="Report graphs validated together."),
        show: int = typer.Option(50, "--show", help="Print at most this many violations."),
    ) -> None:
        """Validate the report graphs in DIR/store against the ontology's SHACL shapes.

        Each report graph is merged with the ontology and vocabularies; exits 1 on any violation.
        """
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from fazhi.errors import FazhiError
        from graph.validate import validate_store

        err = Console(stderr=True)
        try:
            with Progress(TextColumn("validate"), BarColumn(), MofNCompleteColumn(),
                          console=err, transient=True) as bar:
                task = bar.add_task("validate", total=None)
                result = validate_store(out, sample=sample or None, batch=max(1, batch),
                                        progress=lambda d, t: bar.update(task, completed=d, total=t))
        except FazhiError as e:
            err.print(str(e), markup=False, style="red")
            raise typer.Exit(2)
        for v in result.violations[:show]:
            typer.echo(v.line())
        if len(result.violations) > show:
            typer.echo(f"... and {len(result.violations) - show} more")
        typer.echo(f"{result.graphs_checked} of {result.graphs_total} report and summary graphs checked: "
                   f"{'conforms' if result.conforms else f'{len(result.violations)} violations'}")
        if not result.conforms:
            raise typer.Exit(1)
