"""`fazhi plot`: diffusion figures (PNG + SVG) of a build."""

from __future__ import annotations

from pathlib import Path

import typer

from fazhi.errors import FazhiError


def register(app: typer.Typer) -> None:
    @app.command("plot")
    def plot(
        build_dir: Path = typer.Argument(..., help="Build directory made by `fazhi build`."),
        out: Path = typer.Option(Path("plots"), "--out", help="Directory for the figures."),
        mechanism: list[str] = typer.Option([], "--mechanism", "-m",
                                            help="Mechanism to draw (label, alias or notation; repeatable). "
                                                 "Default: the most adopted."),
        top: int = typer.Option(8, "--top", help="How many mechanisms when none is named."),
    ) -> None:
        """Draw adoption curves, a first-adoption heat map and a who-follows-whom network."""
        from graph.plots import plot_all
        from queries.run import StoreBackend

        try:
            plots = plot_all(StoreBackend.open(build_dir), out, mechanism, top=top)
        except FazhiError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2) from None
        for p in plots:
            typer.echo(f"{p.png}  {p.svg}  {p.title}")
