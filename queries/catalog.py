"""The catalog of named questions: each is a `NAME.cypher` + `NAME.rq` twin in this folder.

Both files open with the same header of comment lines (`//` in Cypher, `#` in SPARQL):

    title: When did each jurisdiction first mention and first adopt a mechanism?
    param: mechanism (mechanism, required) a label, alias, English gloss or notation
    param: limit (int, optional, default 20) how many rows
    column: jurisdiction_code (str) GB/T 2260 code
    column: first_year (int) ...
    order: first_year, jurisdiction_code desc

`param` kinds say how a user's value is resolved before it travels to the query as a parameter
(see `queries.params`); `column` types say how each backend's values are normalised so both
twins return the same rows (see `queries.run`). An optional `order` line (declared columns, each
optionally `desc`) makes the runner sort the normalised rows itself, absent values first
ascending: used for large results, where Oxigraph's ORDER BY reads every compared string back
from the store (the query text then needs no ORDER BY). Lines after the header are the query itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from fazhi.errors import QueryError

PARAM_KINDS = ("mechanism", "indicator", "jurisdiction", "province", "level", "int", "str")
COLUMN_TYPES = ("str", "int", "float", "bool", "iri", "notation", "stage", "level", "doc_type")
BACKENDS = ("sparql", "cypher")
_SUFFIX = {"sparql": ".rq", "cypher": ".cypher"}

_PARAM = re.compile(
    r"^param:\s*(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<kind>[a-z]+)\s*,\s*(?P<req>required|optional)"
    r"(?:\s*,\s*default\s+(?P<default>[^)]+))?\)\s*(?P<doc>.*)$"
)
_ORDER_KEY = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)(?:\s+(?P<dir>asc|desc))?$")
_COLUMN = re.compile(r"^column:\s*(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<type>[a-z_]+)\)\s*(?P<doc>.*)$")


@dataclass(frozen=True, slots=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    kind: str  # one of PARAM_KINDS
    required: bool
    default: str | None
    doc: str


@dataclass(frozen=True, slots=True)
class Column:
    """One declared result column; `type` drives normalisation of either backend's value."""

    name: str
    type: str  # one of COLUMN_TYPES
    doc: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A named question with its two texts (SPARQL for the embedded store, Cypher for Neo4j)."""

    name: str
    title: str
    params: tuple[Param, ...]
    columns: tuple[Column, ...]
    sparql: str
    cypher: str
    order: tuple[tuple[str, bool], ...] = ()  # (column, descending): sorted by the runner

    def text(self, backend: str) -> str:
        if backend not in BACKENDS:
            raise QueryError(f"unknown backend {backend!r}; expected one of {BACKENDS}")
        return self.sparql if backend == "sparql" else self.cypher

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True, slots=True)
class Header:
    title: str
    params: tuple[Param, ...]
    columns: tuple[Column, ...]
    order: tuple[tuple[str, bool], ...] = ()


def parse_header(text: str, source: str) -> Header:
    """The header of one query file: leading comment lines (`#` or `//`) until the first other line."""
    title = ""
    params: list[Param] = []
    columns: list[Column] = []
    order: list[tuple[str, bool]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("//"):
            body = line[2:].strip()
        elif line.startswith("#"):
            body = line[1:].strip()
        elif not line:
            continue
        else:
            break
        if body.startswith("title:"):
            title = body[len("title:"):].strip()
        elif body.startswith("param:"):
            m = _PARAM.match(body)
            if not m or m["kind"] not in PARAM_KINDS:
                raise QueryError(f"{source}: malformed param line {body!r} (kinds: {PARAM_KINDS})")
            default = m["default"].strip() if m["default"] else None
            params.append(Param(m["name"], m["kind"], m["req"] == "required", default, m["doc"]))
        elif body.startswith("column:"):
            m = _COLUMN.match(body)
            if not m or m["type"] not in COLUMN_TYPES:
                raise QueryError(f"{source}: malformed column line {body!r} (types: {COLUMN_TYPES})")
            columns.append(Column(m["name"], m["type"], m["doc"]))
        elif body.startswith("order:"):
            for key in body[len("order:"):].split(","):
                k = _ORDER_KEY.match(key.strip())
                if not k:
                    raise QueryError(f"{source}: malformed order key {key.strip()!r} in {body!r}")
                order.append((k["name"], k["dir"] == "desc"))
    if not title:
        raise QueryError(f"{source}: header has no 'title:' line")
    if not columns:
        raise QueryError(f"{source}: header declares no 'column:' lines")
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        raise QueryError(f"{source}: duplicate column names in {names}")
    unknown = [k for k, _ in order if k not in names]
    if unknown:
        raise QueryError(f"{source}: order names undeclared columns {unknown}")
    return Header(title, tuple(params), tuple(columns), tuple(order))


def _query_dir() -> Path:
    return Path(str(files("queries")))


def load_query(name: str, directory: Path | None = None) -> NamedQuery:
    """One named query from its twin files; the two headers must agree."""
    directory = directory or _query_dir()
    texts: dict[str, str] = {}
    for backend, suffix in _SUFFIX.items():
        path = directory / f"{name}{suffix}"
        if not path.is_file():
            raise QueryError(f"query {name!r}: missing twin file {path}")
        texts[backend] = path.read_text(encoding="utf-8")
    h_sparql = parse_header(texts["sparql"], f"{name}.rq")
    h_cypher = parse_header(texts["cypher"], f"{name}.cypher")
    if h_sparql != h_cypher:
        raise QueryError(f"query {name!r}: the headers of {name}.rq and {name}.cypher differ")
    return NamedQuery(name, h_sparql.title, h_sparql.params, h_sparql.columns,
                      texts["sparql"], texts["cypher"], h_sparql.order)


@lru_cache(maxsize=4)
def catalog(directory: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query in `directory` (default: the packaged `queries/`), by name, sorted."""
    directory = directory or _query_dir()
    names = sorted({p.stem for p in directory.glob("*.rq")} | {p.stem for p in directory.glob("*.cypher")})
    return {n: load_query(n, directory) for n in names}


def get(name: str) -> NamedQuery:
    """A named query by name; QueryError listing the known names otherwise."""
    queries = catalog()
    if name not in queries:
        raise QueryError(f"unknown query {name!r}; known: {', '.join(queries)}")
    return queries[name]
