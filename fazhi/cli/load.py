"""`fazhi load DIR`: write a build into Neo4j (the property graph of docs/model.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from fazhi.errors import FazhiError


def load(
    build_dir: Path = typer.Argument(..., help="A `fazhi build` output directory (store/ or graph.trig)."),
    uri: str = typer.Option(None, "--uri", help="Bolt or neo4j URI. [default: $NEO4J_URI or the local server]",
                            show_default=False),
    user: str = typer.Option(None, "--user", help="[default: $NEO4J_USERNAME or neo4j]", show_default=False),
    password: str = typer.Option(None, "--password",
                                 help="[default: $NEO4J_PASSWORD, else the local server's password]",
                                 show_default=False),
    database: str = typer.Option(None, "--database", help="[default: $NEO4J_DATABASE or the server's default]",
                                 show_default=False),
    prune: bool = typer.Option(False, "--prune", help="Also remove reports that are no longer in the build."),
    force: bool = typer.Option(False, "--force", help="Rewrite unchanged reports too."),
) -> None:
    """Load a build into Neo4j: one transaction per report batch, idempotent, changed reports replaced.

    Reloading an unchanged build writes nothing; a changed report replaces its own subgraph; a report
    no longer in the build stays until --prune. The password is never printed.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graph.neo4j_load import Neo4jTarget, load_build

    target = Neo4jTarget.from_env(uri, user, password, database)
    columns = (TextColumn("load"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[last]}"),
               TimeElapsedColumn())
    bar = Progress(*columns, transient=False)
    task = bar.add_task("load", total=None, last="")

    shown = []

    def on_start(total: int) -> None:  # connected: only now show the bar
        bar.update(task, total=total)
        bar.start()
        shown.append(True)

    def progress(report: str, outcome: str) -> None:
        if outcome != "pruned":
            bar.update(task, advance=1, last=f"{outcome} {report.rsplit('/', 1)[-1]}")

    try:
        summary = load_build(build_dir, target, prune=prune, force=force, on_start=on_start,
                             progress=progress)
    except FazhiError as err:
        if shown:
            bar.stop()
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1)
    if shown:
        bar.stop()
    s = summary
    typer.echo(f"{s.reports} reports -> {target.uri} as {target.user}: {s.loaded} loaded, {s.replaced} replaced, "
               f"{s.skipped} unchanged, {s.pruned} pruned, {len(s.failed)} failed in {s.seconds:.1f}s")
    typer.echo(f"nodes: {s.nodes_created} created, {s.nodes_deleted} deleted; relationships: "
               f"{s.relationships_created} created, {s.relationships_deleted} deleted; {s.triples} triples written; "
               f"{s.summaries} corpus summary graphs written")
    if s.stale:
        typer.echo(f"{len(s.stale)} reports in Neo4j are not in this build (kept; use --prune to remove them)")
    for report, message in s.failed:
        typer.echo(f"failed: {report}: {message}", err=True)
    if s.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("load")(load)
