"""The `fazhi` command line. Thin: parse, call library functions, print.

Each module in this package that defines `register(app: typer.Typer)` adds its commands;
adding a command is adding a module, never editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

app = typer.Typer(
    name="fazhi",
    help="Build a knowledge graph from 法治政府建设 reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_all() -> None:
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{mod.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)


_register_all()


def _print_version(value: bool) -> None:
    if value:
        from fazhi import __version__

        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_print_version,
        help="Print the version and exit.",
    ),
) -> None:
    """Build a knowledge graph from 法治政府建设 reports."""


def main() -> None:
    app()
