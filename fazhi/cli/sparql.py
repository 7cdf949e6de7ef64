"""`fazhi sparql`: run a SPARQL query on a build's store and print the result."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("sparql")
    def sparql_cmd(
        out: Path = typer.Argument(..., help="The build folder (holding store/)."),
        query: str = typer.Argument(..., help="A SPARQL query, or a path to a .rq file."),
        fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    ) -> None:
        """Run QUERY on DIR/store. The default graph is the union of all named graphs;
        the prefixes fz:, id:, vocab:, skos:, prov:, dcterms:, xsd:, rdfs: are predeclared."""
        from fazhi.errors import FazhiError
        from graph.sparql import FORMATS, render, run_query

        if fmt not in FORMATS:
            typer.echo(f"sparql: unknown --format {fmt!r}; expected one of {', '.join(FORMATS)}",
                       err=True)
            raise typer.Exit(2)
        text = query
        if query.endswith(".rq") or (len(query) < 400 and Path(query).is_file()):
            try:
                text = Path(query).read_text(encoding="utf-8")
            except OSError as e:
                typer.echo(f"{query}: sparql: cannot read the query file: {e}", err=True)
                raise typer.Exit(2)
        try:
            result = run_query(out, text)
            typer.echo(render(result, fmt), nl=False)
        except FazhiError as e:
            typer.echo(str(e), err=True)
            raise typer.Exit(1)
