"""Execute a named query on the embedded store (SPARQL) or on Neo4j (Cypher), normalise rows.

    rows = run_query("adoption_curve", {"mechanism": "双随机、一公开"}, StoreBackend.open(build_dir))

Every row is a dict with exactly the columns declared in the query header, in that order, and
values normalised by column type so both backends return equal rows: years and counts as int,
numbers as float, IRIs as strings, stages / levels / doc types as the record values
(`implemented`, `prefecture`, `annual_report`), absent values as None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from fazhi.errors import QueryError
from ontology.namespaces import DOC_TYPE_IRI, LEVEL_IRI, STAGE_IRI
from queries.catalog import NamedQuery, get
from queries.params import Bound, bind

Row = dict[str, Any]


class Backend(Protocol):
    """Runs one query text with bound parameters and yields raw rows (column -> native value)."""

    name: str

    def execute(self, query: NamedQuery, params: Mapping[str, Bound]) -> Iterable[Mapping[str, Any]]: ...


def _enum_map(table: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value, iri in table.items():
        local = str(iri).rsplit("#", 1)[-1]
        for key in (value, str(iri), local):
            out[key.casefold()] = value
    return out


_ENUMS = {"stage": _enum_map(STAGE_IRI), "level": _enum_map(LEVEL_IRI), "doc_type": _enum_map(DOC_TYPE_IRI)}


def normalise(value: Any, type_: str) -> Any:
    """One value from either backend in its canonical Python form for column type `type_`."""
    if value is None:
        return None
    if type_ == "int":
        return int(Decimal(str(value)))
    if type_ == "float":
        return float(value)
    if type_ == "bool":
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return bool(value)
    if type_ == "notation":  # a vocabulary concept: its notation, or its IRI cut to the notation
        return str(value).rsplit("/", 1)[-1]
    if type_ in _ENUMS:
        key = str(value).casefold()
        return _ENUMS[type_].get(key, str(value))
    return str(value)


def normalise_row(query: NamedQuery, raw: Mapping[str, Any]) -> Row:
    return {c.name: normalise(raw.get(c.name), c.type) for c in query.columns}


def sort_rows(rows: list[Row], order: tuple[tuple[str, bool], ...]) -> list[Row]:
    """Rows sorted by the header's `order` keys (stable, last key first); absent values sort
    before present ones ascending, after them descending, as in SPARQL."""
    for column, descending in reversed(order):
        rows.sort(key=lambda r, c=column: (r[c] is not None, r[c] if r[c] is not None else 0),
                  reverse=descending)
    return rows


def finish_rows(query: NamedQuery, raw: Iterable[Mapping[str, Any]]) -> list[Row]:
    """A backend's raw rows normalised (`normalise_row`) and sorted by the header's `order`."""
    rows = [normalise_row(query, r) for r in raw]
    return sort_rows(rows, query.order) if query.order else rows


def run_query(
    name: str | NamedQuery, params: Mapping[str, str | int | None], backend: Backend
) -> list[Row]:
    """Resolve `params`, run the named query on `backend`, return normalised rows in query order.

    A header `order` is applied here (both backends), then a `limit` parameter after the ordered result (SPARQL cannot take LIMIT as a
    parameter; Cypher twins also use `LIMIT $limit`)."""
    query = get(name) if isinstance(name, str) else name
    bound = bind(query, params)
    rows = finish_rows(query, backend.execute(query, bound))
    limit = bound.get("limit")
    if limit is not None and isinstance(limit.value, int):
        rows = rows[: limit.value]
    return rows


class StoreBackend:
    """The embedded pyoxigraph store of a build (`DIR/store/`), queried with SPARQL."""

    name = "sparql"

    def __init__(self, store: Any):
        self.store = store

    @classmethod
    def open(cls, build_dir: str | Path) -> StoreBackend:
        """Open `DIR/store` (or DIR itself if it is the store) read-only."""
        import pyoxigraph

        path = Path(build_dir)
        store_dir = path / "store" if (path / "store").is_dir() else path
        if not store_dir.is_dir():
            raise QueryError(f"{build_dir}: no build store found (expected {path / 'store'}; run `fazhi build` first)")
        try:
            return cls(pyoxigraph.Store.read_only(str(store_dir)))
        except OSError as err:
            raise QueryError(f"{store_dir}: cannot open the store read-only: {err}") from err

    def execute(self, query: NamedQuery, params: Mapping[str, Bound]) -> Iterable[Mapping[str, Any]]:
        import pyoxigraph as ox

        subs: dict[Any, Any] = {}
        for key, b in params.items():
            if b.value is None:
                continue  # optional and absent: the variable stays unbound
            if b.iri:
                term = ox.NamedNode(str(b.value))
            elif isinstance(b.value, int):
                term = ox.Literal(str(b.value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
            else:
                term = ox.Literal(str(b.value))
            subs[ox.Variable(key)] = term
        try:
            solutions = self.store.query(query.sparql, substitutions=subs or None)
        except (SyntaxError, RuntimeError, OSError) as err:
            raise QueryError(f"query {query.name} (SPARQL): {err}") from err
        names = query.column_names
        for sol in solutions:
            yield {n: _term_value(sol[n]) for n in names}


def _term_value(term: Any) -> Any:
    if term is None:
        return None
    value = getattr(term, "value", term)
    datatype = getattr(term, "datatype", None)
    if datatype is not None and str(datatype.value).endswith("#boolean"):
        return value == "true"
    return value


class Neo4jBackend:
    """A Neo4j database loaded by `fazhi load`, queried with Cypher (read transactions)."""

    name = "cypher"

    def __init__(self, driver: Any, database: str | None = None):
        self.driver = driver
        self.database = database

    @classmethod
    def connect(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> Neo4jBackend:
        """Connect with explicit values, else NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD /
        NEO4J_DATABASE, else the project's local server (same defaults as `fazhi load`)."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import DriverError as ClientSideError
        from neo4j.exceptions import Neo4jError as ServerError

        from fazhi.errors import Neo4jError
        from graph.neo4j_load import Neo4jTarget

        target = Neo4jTarget.from_env(uri=uri, user=user, password=password, database=database)
        uri, user, password, database = target.uri, target.user, target.password, target.database
        driver = None
        try:
            driver = GraphDatabase.driver(uri, auth=(user, password))
            driver.verify_connectivity()
        except (ClientSideError, ServerError, ValueError, OSError) as err:
            if driver is not None:
                driver.close()
            raise Neo4jError(f"cannot reach Neo4j at {uri} as {user}: {type(err).__name__}") from None
        return cls(driver, database)

    def close(self) -> None:
        self.driver.close()

    def execute(self, query: NamedQuery, params: Mapping[str, Bound]) -> Iterable[Mapping[str, Any]]:
        from neo4j.exceptions import Neo4jError as DriverError

        values = {k: b.value for k, b in params.items()}
        try:
            records, _, _ = self.driver.execute_query(
                query.cypher, values, database_=self.database, routing_="r"
            )
        except DriverError as err:
            raise QueryError(f"query {query.name} (Cypher): {err.message or err}") from err
        return [dict(r) for r in records]
