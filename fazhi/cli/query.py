"""`fazhi query`: list and run the named questions on the embedded store or on Neo4j."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import typer

from fazhi.errors import FazhiError

FORMATS = ("table", "csv", "json")


def _parse_params(items: list[str]) -> dict[str, str]:
    from fazhi.errors import QueryError

    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"-p {item!r}: expected key=value")
        out[key.strip()] = value
    return out


def render(rows: list[dict], columns: tuple[str, ...], fmt: str) -> str:
    """Rows as csv or json text (the table format is printed with rich)."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _print_catalog() -> None:
    from rich.console import Console
    from rich.table import Table

    from queries.catalog import catalog

    table = Table("name", "question", "parameters", show_lines=False)
    for q in catalog().values():
        params = ", ".join(
            f"{p.name}{'' if p.required else '?'} ({p.kind})" for p in q.params
        ) or "-"
        table.add_row(q.name, q.title, params)
    Console().print(table)


def register(app: typer.Typer) -> None:
    @app.command("query")
    def query(
        name: str = typer.Argument(None, help="Name of the question (see --list)."),
        list_: bool = typer.Option(False, "--list", help="List the named questions and exit."),
        param: list[str] = typer.Option([], "-p", "--param", help="A parameter as key=value (repeatable)."),
        store: Path = typer.Option(None, "--store", help="Build directory (DIR or DIR/store); default: out/."),
        neo4j: str = typer.Option(None, "--neo4j", help="Neo4j Bolt URI (user/password: NEO4J_USERNAME / NEO4J_PASSWORD)."),
        user: str = typer.Option(None, "--user", help="Neo4j user (default NEO4J_USERNAME or neo4j)."),
        database: str = typer.Option(None, "--database", help="Neo4j database (default: the server's default)."),
        fmt: str = typer.Option("table", "--format", help="table, csv or json."),
        show: bool = typer.Option(False, "--show", help="Print the query text and exit."),
    ) -> None:
        """Run a named question (a Cypher + SPARQL twin from queries/) with -p key=value parameters.

        Values travel as query parameters; mechanism and indicator parameters accept any label,
        alias, English gloss or notation. Without --neo4j the embedded store of --store is used.
        """
        from queries.catalog import get
        from queries.run import Neo4jBackend, StoreBackend, run_query

        try:
            if list_:
                _print_catalog()
                return
            if not name:
                raise typer.BadParameter("give a query NAME or --list")
            if fmt not in FORMATS:
                raise typer.BadParameter(f"--format must be one of {FORMATS}")
            q = get(name)
            if show:
                typer.echo(q.cypher if neo4j else q.sparql)
                return
            params = _parse_params(param)
            if neo4j:
                backend = Neo4jBackend.connect(neo4j, user=user, database=database)
                try:
                    rows = run_query(q, params, backend)
                finally:
                    backend.close()
            else:
                rows = run_query(q, params, StoreBackend.open(store or Path("out")))
        except FazhiError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2) from None
        if fmt != "table":
            typer.echo(render(rows, q.column_names, fmt), nl=fmt == "json")
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(*q.column_names, title=f"{q.name}: {len(rows)} rows")
        for r in rows:
            table.add_row(*("" if r[c] is None else str(r[c]) for c in q.column_names))
        Console().print(table)
