"""`fazhi report`: one static HTML page (overview, figures, mechanisms, claims, evidence)."""

from __future__ import annotations

from pathlib import Path

import typer

from fazhi.errors import FazhiError


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        build_dir: Path = typer.Argument(..., help="Build directory made by `fazhi build`."),
        out: Path = typer.Option(Path("report.html"), "-o", "--out", help="The HTML file to write."),
        mechanism: list[str] = typer.Option([], "--mechanism", "-m",
                                            help="Mechanisms for the curves and network (default: the most adopted)."),
        top: int = typer.Option(30, "--top", help="How many mechanisms in the top table."),
        plots: Path = typer.Option(None, "--plots", help="Also keep the figures (PNG+SVG) in this directory."),
    ) -> None:
        """Write a static HTML report of a build that opens from disk (no server)."""
        from graph.report_html import write_report
        from queries.run import StoreBackend

        try:
            path = write_report(StoreBackend.open(build_dir), out, mechanism, top=top, plots_dir=plots)
        except FazhiError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
