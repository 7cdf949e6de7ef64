"""SPARQL over a build's store, for `fazhi sparql` and scripts: results as table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions

from fazhi.errors import QueryError
from graph.store import GraphStore

FORMATS = ("table", "csv", "json")


def run_query(out: str | Path, sparql: str):
    """Run `sparql` on OUT/store (read-only; default graph = union of named graphs).

    Returns ("boolean", bool) | ("solutions", header, rows) | ("triples", header, rows) with
    plain-string cells."""
    store = GraphStore(Path(out) / "store", read_only=True)
    try:
        result = store.query(sparql)
    except SyntaxError as err:
        raise QueryError(f"sparql: the query does not parse: {err}") from err
    except OSError as err:
        raise QueryError(f"sparql: the query failed: {err}") from err
    if isinstance(result, QueryBoolean):
        return ("boolean", bool(result))
    if isinstance(result, QuerySolutions):
        header = [v.value for v in result.variables]
        rows = [[_cell(s[v]) for v in header] for s in result]
        return ("solutions", header, rows)
    header = ["subject", "predicate", "object"]
    return ("triples", header, [[_cell(t.subject), _cell(t.predicate), _cell(t.object)]
                                for t in result])


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, (NamedNode, Literal)):
        return term.value
    if isinstance(term, BlankNode):
        return "_:" + term.value
    return str(term)


def render(result, fmt: str) -> str:
    if result[0] == "boolean":
        value = result[1]
        return json.dumps({"boolean": value}) + "\n" if fmt == "json" else f"{str(value).lower()}\n"
    _, header, rows = result
    if fmt == "json":
        return json.dumps([dict(zip(header, r)) for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        return buf.getvalue()
    from rich.console import Console
    from rich.table import Table

    table = Table(*header, show_lines=False)
    for r in rows:
        table.add_row(*r)
    console = Console(file=io.StringIO(), width=200, force_terminal=False)
    console.print(table)
    console.print(f"{len(rows)} rows")
    return console.file.getvalue()
