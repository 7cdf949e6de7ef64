"""`fazhi neo4j start|stop|status|fetch`: the project's own local Neo4j Community server."""

from __future__ import annotations

from pathlib import Path

import typer

from fazhi.errors import FazhiError

neo4j_app = typer.Typer(help="Run the project's own Neo4j Community 5.26 server (from Maven Central).",
                        no_args_is_help=True)

_HOME = typer.Option(None, "--home", help="Server directory (conf, data, logs). [default: $FAZHI_NEO4J_HOME or .neo4j/]")
_PORT = typer.Option(None, "--port", help="Bolt port on 127.0.0.1. [default: $FAZHI_NEO4J_PORT or 7687]")


def _server(home: Path | None, port: int | None, **kw):
    import os

    from graph.neo4j_server import DEFAULT_PORT, LocalNeo4j, default_home

    port = port or int(os.environ.get("FAZHI_NEO4J_PORT") or DEFAULT_PORT)
    return LocalNeo4j(home=(home or default_home()).resolve(), port=port, **kw)


def _fail(err: FazhiError) -> None:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(1)


@neo4j_app.command("start")
def start(
    home: Path = _HOME,
    port: int = _PORT,
    http_port: int = typer.Option(None, "--http-port", help="Also serve HTTP / Neo4j Browser on this port."),
    heap: str = typer.Option("1g", "--heap", help="JVM heap size."),
    pagecache: str = typer.Option("512m", "--pagecache", help="Page cache size."),
    timeout: float = typer.Option(120.0, "--timeout", help="Seconds to wait for Bolt."),
) -> None:
    """Start the server (downloading Neo4j from Maven Central on first use); return once Bolt answers.

    The neo4j user's password is $FAZHI_NEO4J_PASSWORD (see docs/neo4j.md for the default).
    """
    from graph.neo4j_server import DEFAULT_USER

    server = _server(home, port, http_port=http_port, heap=heap, pagecache=pagecache)
    try:
        started = server.start(timeout=timeout)
    except FazhiError as err:
        _fail(err)
    if not started:
        status = server.status()
        typer.echo(f"Neo4j is already running (pid {status.pid}) at {server.uri}")
        return
    typer.echo(f"Neo4j {server.version} started (pid {server.pid()}): {server.uri} user {DEFAULT_USER}")
    if http_port:
        typer.echo(f"Browser: http://127.0.0.1:{http_port}/browser/")


@neo4j_app.command("stop")
def stop(home: Path = _HOME, port: int = _PORT) -> None:
    """Stop the server cleanly (SIGTERM, wait)."""
    server = _server(home, port)
    if server.stop():
        typer.echo(f"Neo4j stopped ({server.home})")
    else:
        typer.echo(f"Neo4j is not running ({server.home})")


@neo4j_app.command("status")
def status(home: Path = _HOME, port: int = _PORT) -> None:
    """Say whether the server is running, and where."""
    st = _server(home, port).status()
    if st.running:
        typer.echo(f"running (pid {st.pid}) at {st.uri}, home {st.home}")
    else:
        typer.echo(f"not running (home {st.home})")


@neo4j_app.command("fetch")
def fetch() -> None:
    """Only download the Neo4j jars from Maven Central into the cache (start does it too)."""
    from graph.neo4j_server import fetch_runtime

    try:
        typer.echo(str(fetch_runtime()))
    except FazhiError as err:
        _fail(err)


def register(app: typer.Typer) -> None:
    app.add_typer(neo4j_app, name="neo4j")
