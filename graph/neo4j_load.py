"""`fazhi load`: write a build's RDF store into Neo4j as the property graph of docs/model.md.

Contract of `load_build(build_dir, target, prune=False) -> LoadSummary`:
- constraints and indexes first, then the vocabulary graph, then the reports; every report is
  written wholly inside ONE transaction (`session.execute_write`, retried on transient errors), so
  a crash never leaves half a report. Small reports share a transaction (up to `tx_rows` rows);
  a report is never split across two;
- a transaction first deletes the old subgraph of each report it replaces (per-report nodes and
  ADOPTED edges by their `report` property, the Report node), then writes with batched
  `UNWIND $rows AS row CREATE|MERGE ...` statements, one per label and per relationship kind;
- idempotent: a report whose Report node already has the same `sha256` and `graphDigest` (a hash
  of the report graph's triples) is skipped; a changed one is replaced; a report in Neo4j but not
  in the build is removed only with `prune=True`, and shared nodes left without any report are
  cleaned up;
- last, the build's corpus summary graphs (graph/summary.py) are brought in line, each wholly
  inside one transaction (small ones share, as small reports do), unchanged ones skipped
  (graph/neo4j_summary.py);
- report graphs are read from graph.trig and mapped to rows in a forked reader process while this
  one writes (the store is the fallback for anything the file cannot give);
- one bad report is recorded in `LoadSummary.failed` and the rest go on; losing the server
  aborts with Neo4jError (rerun to finish: finished reports are skipped).
The password lives only in `Neo4jTarget.password`, which is left out of its repr and of every
message.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import queue
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from pyoxigraph import Literal as _LITERAL
from pyoxigraph import NamedNode as _NAMED_NODE

from fazhi.errors import FazhiError, Neo4jError
from graph.neo4j_model import (
    NODE_BY_LABEL,
    NODES,
    PER_REPORT_LABELS,
    RDF_TYPE,
    RELATIONSHIPS,
    GraphRows,
    Term,
    _fz,
    concept_labels,
    map_graph,
)
from graph.neo4j_summary import load_summaries

VOCAB_GRAPH = "https://w3id.org/fazhi-kg/vocab/"
REPORT_GRAPH_PREFIX = "https://w3id.org/fazhi-kg/id/report/"
_SHA256 = _fz("sha256")
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class Neo4jTarget:
    """Where to load: Bolt/neo4j URI, user, password (never shown), database (None = server default)."""

    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None = None

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None) -> Neo4jTarget:
        """Flags win over NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE; then the local server."""
        from graph.neo4j_server import DEFAULT_PORT, DEFAULT_USER, default_password

        return cls(
            uri=uri or os.environ.get("NEO4J_URI") or f"bolt://127.0.0.1:{DEFAULT_PORT}",
            user=user or os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER") or DEFAULT_USER,
            password=password or os.environ.get("NEO4J_PASSWORD") or default_password(),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )


@dataclass
class LoadSummary:
    """What one `fazhi load` did. Counts of nodes/relationships come from Neo4j's own counters."""

    reports: int = 0  # report graphs in the build
    loaded: int = 0  # new reports written
    replaced: int = 0  # changed reports rewritten
    skipped: int = 0  # unchanged reports
    pruned: int = 0
    stale: list[str] = field(default_factory=list)  # in Neo4j, not in the build (kept without prune)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (report, message)
    triples: int = 0  # triples read from the written graphs
    summaries: int = 0  # corpus summary graphs written (graph/neo4j_summary.py)
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    seconds: float = 0.0

    def add(self, counters: dict) -> None:
        for key in ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
                    "properties_set"):
            setattr(self, key, getattr(self, key) + counters.get(key, 0))

    @property
    def written(self) -> int:
        return self.loaded + self.replaced


# -- the build -------------------------------------------------------------------------------


def _term(o) -> Term:
    if type(o) is _NAMED_NODE:  # the common case first: IRIs
        return Term(o.value, "iri")
    if type(o) is _LITERAL:
        lang = o.language
        return Term(o.value, "literal", None if lang else o.datatype.value, lang)
    return Term("_:" + o.value, "bnode")


def _subject(s) -> str:
    return s.value if type(s) is _NAMED_NODE else "_:" + s.value


class BuildSource:
    """The report graphs of a build directory: `DIR/store/` (Oxigraph), else `DIR/graph.trig`.

    Reading every triple out of the on-disk store costs a string lookup per term; when the build's
    `graph.trig` export is current (build.json says exports_written) report graphs are streamed from
    it instead (`TrigFile`), several times faster. A graph is taken from the TriG only if the store
    holds a graph of that name with the same number of triples; every other graph is read from the
    store.
    """

    def __init__(self, build_dir: str | os.PathLike[str]):
        from pyoxigraph import RdfFormat, Store

        self.dir = Path(build_dir)
        store_dir, self.trig = self.dir / "store", self.dir / "graph.trig"
        self.from_trig = False
        self._sizes: dict[str, int] | None = None
        self.trig_file = TrigFile(self.trig)
        try:
            if store_dir.is_dir():
                self.store = Store.read_only(str(store_dir))
                self.origin = store_dir
                self.from_trig = self._trig_is_current()
            elif self.trig.is_file():
                self.store = Store()
                self.store.bulk_load(path=str(self.trig), format=RdfFormat.TRIG)
                self.origin = self.trig
            else:
                raise Neo4jError(f"load: {self.dir} is not a build directory (no store/ and no graph.trig); "
                                 f"run `fazhi build` first")
        except (OSError, SyntaxError, ValueError) as err:
            raise Neo4jError(f"load: cannot read the build in {self.dir}: {err}") from err

    def _trig_is_current(self) -> bool:
        import json

        try:
            meta = json.loads((self.dir / "build.json").read_text(encoding="utf-8"))
            return bool(meta.get("totals", {}).get("exports_written")) and self.trig.is_file()
        except (OSError, ValueError, AttributeError):
            return False

    def graph_names(self) -> list[str]:
        from pyoxigraph import NamedNode

        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, NamedNode))

    def report_graphs(self) -> list[str]:
        return [g for g in self.graph_names() if g.startswith(REPORT_GRAPH_PREFIX)]

    def has_vocab(self) -> bool:
        return VOCAB_GRAPH in self.graph_names()

    def triples(self, graph: str) -> list[tuple[str, str, Term]]:
        """The triples of one named graph (from the store) as (subject, predicate, object Term)."""
        from pyoxigraph import NamedNode

        return [(_subject(q.subject), q.predicate.value, _term(q.object))
                for q in self.store.quads_for_pattern(None, None, None, NamedNode(graph))]

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph in the store (what a graph read from graph.trig must match)."""
        if self._sizes is None:
            self._sizes = {g.value: int(n.value) for g, n in self.store.query(
                "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
        return self._sizes

    def iter_graphs(self, graphs: list[str]) -> Iterator[tuple[str, list[tuple[str, str, Term]]]]:
        """(graph, triples) for each of `graphs`, each exactly once, in no promised order."""
        done: set[str] = set()
        if self.from_trig:
            for graph, triples in self.trig_file.graphs(graphs, self.graph_sizes()):
                done.add(graph)
                yield graph, triples
        for graph in graphs:
            if graph not in done:
                yield graph, self.triples(graph)


class TrigFile:
    """graph.trig as `graph.build` writes it, read line by line without building term objects.

    The format is fixed: `@prefix` lines, then per graph `<graph> {`, one sorted N-Triples-like
    triple per tab-indented line, `}`. Blocks of unwanted graphs are skipped unparsed and every
    block's byte range is remembered, so a later read seeks straight to it. Any line outside the
    format ends the fast path: the graphs not yet read are left to the caller (the store). Needs
    no store, so the loader's reader process (`_read_in_child`) uses it alone.
    """

    def __init__(self, path: Path):
        self.path = path
        self.prefixes: dict[str, str] = {}
        self.blocks: dict[str, tuple[int, int]] = {}  # graph -> (byte offset, length)

    def graphs(self, graphs: list[str], sizes: dict[str, int]) -> Iterator[tuple[str, list[tuple[str, str, Term]]]]:
        """(graph, triples) for those of `graphs` found whole in the file: a graph is taken only
        when it has exactly `sizes[graph]` triples (the store's count)."""
        known = [g for g in graphs if g in self.blocks]
        rest = set(graphs) - set(known)
        found = chain(((g, self.read_block(g)) for g in known), self.chunks(rest))
        for graph, triples in found:
            if triples is not None and sizes.get(graph) == len(triples):
                yield graph, triples

    def chunks(self, wanted: set[str]) -> Iterator[tuple[str, list[tuple[str, str, Term]]]]:
        """The `wanted` graphs in file order, in one pass over the file."""
        if not wanted:
            return
        current, start, chunk, offset = None, 0, None, 0
        try:
            with open(self.path, "rb") as fh:
                for raw in fh:
                    at, offset = offset, offset + len(raw)
                    if raw[:1] == b"\t" and current is not None:
                        if chunk is not None:
                            chunk.append(_trig_triple(raw.decode("utf-8"), self.prefixes))
                    elif raw[:1] == b"<" and raw.endswith(b"> {\n"):
                        current, start = raw[1:-4].decode("utf-8"), at
                        chunk = [] if current in wanted else None
                    elif raw == b"}\n" and current is not None:
                        self.blocks[current] = (start, offset - start)
                        if chunk is not None:
                            yield current, chunk
                        current, chunk = None, None
                    elif raw.startswith(b"@prefix ") and raw.endswith(b"> .\n"):
                        name, iri = raw[8:-4].decode("utf-8").split(": <", 1)
                        self.prefixes[name] = iri
                    elif raw.strip():
                        return  # not the export's format
        except (OSError, ValueError, KeyError, IndexError):
            return  # a damaged export

    def read_block(self, graph: str) -> list[tuple[str, str, Term]] | None:
        """One graph's block, by the byte range a pass remembered (None if it no longer reads right)."""
        start, length = self.blocks[graph]
        try:
            with open(self.path, "rb") as fh:
                fh.seek(start)
                lines = fh.read(length).decode("utf-8").split("\n")
            if lines[0] != f"<{graph}> {{" or lines[-2:] != ["}", ""]:
                return None
            return [_trig_triple(line + "\n", self.prefixes) for line in lines[1:-2]]
        except (OSError, ValueError, KeyError, IndexError):
            return None


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(?:([tbnrf\"'\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")


def _unescape(m: re.Match) -> str:
    return _ESCAPES[m.group(1)] if m.group(1) else chr(int(m.group(2) or m.group(3), 16))


def _trig_iri(token: str, prefixes: dict[str, str]) -> str:
    if token[0] == "<":
        if token[-1] != ">":
            raise ValueError(token)
        return token[1:-1]
    prefix, local = token.split(":", 1)
    return prefixes[prefix] + local


def _trig_triple(line: str, prefixes: dict[str, str]) -> tuple[str, str, Term]:
    """One `\tS P O .` line of graph.trig as (subject, predicate, object Term), like `_term` makes."""
    s, p, o = line[1:].split(" ", 2)
    if not o.endswith(" .\n"):
        raise ValueError(line)
    o = o[:-3]
    s = s if s.startswith("_:") else _trig_iri(s, prefixes)
    p = RDF_TYPE if p == "a" else _trig_iri(p, prefixes)
    if o[0] == '"':
        end = o.rindex('"')
        value, tail = o[1:end], o[end + 1:]
        if "\\" in value:
            value = _ESCAPE_RE.sub(_unescape, value)
        if not tail:
            return s, p, Term(value, "literal", _XSD_STRING, None)
        if tail[0] == "@":
            return s, p, Term(value, "literal", None, tail[1:])
        if tail[:2] != "^^":
            raise ValueError(line)
        return s, p, Term(value, "literal", _trig_iri(tail[2:], prefixes), None)
    if o.startswith("_:"):
        return s, p, Term(o, "bnode")
    return s, p, Term(_trig_iri(o, prefixes), "iri")


def graph_digest(triples: list[tuple[str, str, Term]]) -> str:
    """Order-independent hash of a graph's triples: changes whenever any fact of the report does."""
    lines = sorted(_digest_line(s, p, o) for s, p, o in triples)
    return hashlib.sha256("\n".join(lines).encode("utf-8") + (b"\n" if lines else b"")).hexdigest()


def _digest_line(s: str, p: str, o: Term) -> str:
    if s.startswith("_:"):
        s = "_:"
    if o.kind == "bnode":
        return f"{s}\t{p}\t_:"
    return f"{s}\t{p}\t{o.value}\t{o.kind}\t{o.datatype or ''}\t{o.language or ''}"


# -- Cypher (labels and types come from the model tables, values are always parameters) ------


def schema_statements() -> list[str]:
    out = [f"CREATE CONSTRAINT {n.label.lower()}_uri IF NOT EXISTS FOR (n:{n.label}) REQUIRE n.uri IS UNIQUE"
           for n in NODES]
    indexed = [("Jurisdiction", "code"), ("Jurisdiction", "level"), ("Mechanism", "notation"),
               ("PolicyArea", "notation"), ("Indicator", "notation"), ("AgencyType", "notation"),
               ("Report", "sha256"), ("Report", "year"), ("Adoption", "year"), ("Adoption", "stage"),
               ("Observation", "year"), ("PioneerClaim", "year"), ("Agency", "agencyType"),
               *[(label, "report") for label in PER_REPORT_LABELS]]
    out += [f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            for label, prop in indexed]
    out += ["CREATE INDEX adopted_report IF NOT EXISTS FOR ()-[r:ADOPTED]-() ON (r.report)",
            "CREATE INDEX adopted_year IF NOT EXISTS FOR ()-[r:ADOPTED]-() ON (r.year)"]
    return out


def _param(*parts: str) -> str:
    return "_".join(parts)


def _groups() -> dict[str, str]:
    """Statement per node label and per relationship kind, in write order (nodes before edges).

    Per-report nodes, the Report node and every edge touching them are new in their transaction
    (the report's old subgraph was deleted first, or never loaded), so they are CREATEd; shared and
    vocabulary nodes and the edges between them are MERGEd.
    """
    fresh = set(PER_REPORT_LABELS) | {"Report"}
    out = {}
    for spec in sorted(NODES, key=lambda n: n.label in fresh):  # shared/vocab nodes first
        key = _param("n", spec.label)
        if spec.label in fresh:
            out[key] = f"UNWIND $rows AS row CREATE (n:{spec.label}) SET n = row"
        else:
            out[key] = f"UNWIND $rows AS row MERGE (n:{spec.label} {{uri: row.uri}}) SET n += row"
    for rel in RELATIONSHIPS:
        for a in rel.from_labels:
            for b in rel.to_labels:
                verb = "CREATE" if a in fresh or b in fresh else "MERGE"
                out[_param("r", rel.type, a, b)] = (
                    f"UNWIND $rows AS row MATCH (a:{a} {{uri: row.s}}) MATCH (b:{b} {{uri: row.o}}) "
                    f"{verb} (a)-[:{rel.type}]->(b)")
    out["adopted"] = ("UNWIND $rows AS row MATCH (a:Jurisdiction {uri: row.s}) "
                      "MATCH (b:Mechanism {uri: row.o}) CREATE (a)-[r:ADOPTED]->(b) SET r = row.props")
    return out


WRITE_STATEMENTS = _groups()
"""`UNWIND $rows AS row MERGE ...` per label and relationship kind; the texts never change, so
Neo4j plans each once."""

DELETE_REPORTS = (
    ["MATCH ()-[r:ADOPTED]->() WHERE r.report IN $reports DELETE r"]
    + [f"MATCH (n:{label}) WHERE n.report IN $reports DETACH DELETE n" for label in PER_REPORT_LABELS]
    + ["MATCH (r:Report) WHERE r.uri IN $reports DETACH DELETE r"]
)
"""A report's own subgraph: per-report nodes and ADOPTED edges by `report`, and the Report node."""

_ORPHANS = [
    "MATCH (n:MechanismCandidate) WHERE NOT (n)<--() DETACH DELETE n",
    "MATCH (n:PolicyDocument) WHERE NOT (n)<--() AND NOT (n)-[:HAS_EVIDENCE]->() DETACH DELETE n",
    "MATCH (n:Agency) WHERE NOT (n)<--() AND NOT (n)-[:HAS_EVIDENCE]->() DETACH DELETE n",
]
_ORPHAN_JURISDICTIONS = ("MATCH (n:Jurisdiction) WHERE NOT (n)<--() AND NOT (n)-[:ADOPTED]->() "
                         "DETACH DELETE n RETURN count(*) AS n")
_LOADED_REPORTS = "MATCH (r:Report) RETURN r.uri AS uri, r.sha256 AS sha256, r.graphDigest AS digest"

_COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
             "properties_set")
CHUNK = 10_000  # rows per statement


def _run(tx, query: str, counters: dict, **params) -> None:
    c = tx.run(query, **params).consume().counters
    for key in _COUNTERS:
        counters[key] = counters.get(key, 0) + getattr(c, key)


@dataclass
class ReportRows:
    """One report graph mapped to rows; `replace` when an older version is in Neo4j."""

    uri: str | None  # None for the vocabulary graph
    rows: GraphRows
    replace: bool = False


def statement_rows(batch: list[ReportRows]) -> dict[str, list[dict]]:
    """Rows of every write statement for a batch of reports (shared nodes deduplicated by uri)."""
    out: dict[str, list[dict]] = {}
    for item in batch:
        for label, node_rows in item.rows.nodes.items():
            out.setdefault(_param("n", label), []).extend(node_rows)
        for (rel_type, a, b), rel_rows in item.rows.rels.items():
            out.setdefault(_param("r", rel_type, a, b), []).extend(rel_rows)
        out.setdefault("adopted", []).extend(item.rows.adopted)
    for key, rows in out.items():
        if key.startswith("n_") and len(batch) > 1:
            out[key] = list({r["uri"]: r for r in rows}.values())
        elif key.startswith("r_") and len(batch) > 1:
            out[key] = list({(r["s"], r["o"]): r for r in rows}.values())
    return out


def write_reports(tx, batch: list[ReportRows]) -> dict:
    """The transaction function: replace each report's subgraph (if loaded before) with its rows.

    Every report of `batch` is wholly inside this one transaction. Returns Neo4j's counters.
    """
    counters: dict = {}
    replaced = [item.uri for item in batch if item.replace and item.uri]
    if replaced:
        for query in DELETE_REPORTS:
            _run(tx, query, counters, reports=replaced)
    rows = statement_rows(batch)
    for key, query in WRITE_STATEMENTS.items():
        group = rows.get(key)
        for i in range(0, len(group or ()), CHUNK):
            _run(tx, query, counters, rows=group[i:i + CHUNK])
    return counters


def _delete_report_tx(tx, report: str) -> dict:
    counters: dict = {}
    for query in DELETE_REPORTS:
        _run(tx, query, counters, reports=[report])
    return counters


def _orphans_tx(tx) -> dict:
    counters: dict = {}
    for query in _ORPHANS:
        _run(tx, query, counters)
    while True:  # a county's removal can orphan its prefecture, then its province
        result = tx.run(_ORPHAN_JURISDICTIONS)
        n = result.single()["n"]
        c = result.consume().counters
        for key in _COUNTERS:
            counters[key] = counters.get(key, 0) + getattr(c, key)
        if n == 0:
            return counters


# -- the load --------------------------------------------------------------------------------


def connect(target: Neo4jTarget, retry_seconds: float = 30.0):
    """A verified driver for `target`, or Neo4jError naming the URI and user (never the password)."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable

    scheme = target.uri.split("://", 1)[0] if "://" in target.uri else ""
    if scheme not in BOLT_SCHEMES:
        raise Neo4jError(f"load: bad Neo4j URI {_scrub(target.uri, target)!r}: expected one of "
                         f"{', '.join(s + '://' for s in BOLT_SCHEMES)} (e.g. bolt://127.0.0.1:7687)")
    try:
        driver = GraphDatabase.driver(target.uri, auth=(target.user, target.password),
                                      max_transaction_retry_time=retry_seconds,
                                      notifications_min_severity="OFF")
    except Exception as err:
        raise Neo4jError(f"load: bad Neo4j URI {_scrub(target.uri, target)!r}: "
                         f"{_scrub(str(err), target)}") from None
    try:
        driver.verify_connectivity()
        driver.execute_query("RETURN 1", database_=target.database)
    except AuthError:
        driver.close()
        raise Neo4jError(f"load: Neo4j at {target.uri} refused user {target.user!r}: wrong user or password "
                         f"(set --password or NEO4J_PASSWORD)") from None
    except ClientError as err:
        driver.close()
        raise Neo4jError(f"load: Neo4j at {target.uri} (database {target.database or 'default'}): "
                         f"{_scrub(err.message or str(err), target)}") from None
    except (ServiceUnavailable, OSError) as err:
        driver.close()
        raise Neo4jError(f"load: cannot reach Neo4j at {target.uri}: {_scrub(str(err), target)} "
                         f"(is it running? `fazhi neo4j start`)") from None
    return driver


def _scrub(message: str, target: Neo4jTarget) -> str:
    return message.replace(target.password, "***") if target.password else message


ProgressFn = Callable[[str, str], None]
"""progress(report_uri, outcome) with outcome in loaded|replaced|skipped|failed|pruned."""


TX_ROWS = 20_000
"""Rows per write transaction. Small reports share a transaction (each report wholly inside one);
a report bigger than this gets a transaction of its own."""


def load_build(build_dir: str | os.PathLike[str], target: Neo4jTarget, *, prune: bool = False,
               force: bool = False, retry_seconds: float = 30.0, tx_rows: int = TX_ROWS,
               on_start: Callable[[int], None] | None = None,
               progress: ProgressFn | None = None) -> LoadSummary:
    """Load the build in `build_dir` into `target`. See the module docstring for the contract."""
    from neo4j.exceptions import Neo4jError as DriverError
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    t0 = time.perf_counter()
    source = BuildSource(build_dir)
    reports = source.report_graphs()
    summary = LoadSummary(reports=len(reports))
    driver = connect(target, retry_seconds)
    if on_start:
        on_start(len(reports))

    def lost(err: Exception, doing: str) -> Neo4jError:
        return Neo4jError(f"load: lost Neo4j at {target.uri} while {doing} ({summary.written} reports "
                          f"written, each complete); rerun `fazhi load` to finish: {_scrub(str(err), target)}")

    try:
        with driver.session(database=target.database) as session:
            try:
                for statement in schema_statements():
                    session.run(statement).consume()
                known: dict[str, str] = {}
                if source.has_vocab():
                    vocab_rows = map_graph(source.triples(VOCAB_GRAPH))
                    known = concept_labels(vocab_rows)
                    summary.add(session.execute_write(write_reports, [ReportRows(None, vocab_rows)]))
                loaded = {r["uri"]: (r["sha256"], r["digest"]) for r in session.run(_LOADED_REPORTS)}
            except (ServiceUnavailable, SessionExpired) as err:
                raise lost(err, "writing the schema and vocabulary") from None
            except DriverError as err:
                raise Neo4jError(f"load: Neo4j at {target.uri} refused the schema or vocabulary: "
                                 f"{_scrub(str(err), target)}") from None

            def flush(batch: list[ReportRows]) -> None:
                try:
                    summary.add(session.execute_write(write_reports, batch))
                except (ServiceUnavailable, SessionExpired) as err:
                    raise lost(err, f"writing {batch[0].uri}") from None
                except DriverError as err:
                    if len(batch) > 1:  # find the bad report: the others still go in
                        for item in batch:
                            flush([item])
                        return
                    summary.failed.append((batch[0].uri, _scrub(str(err), target)))
                    if progress:
                        progress(batch[0].uri, "failed")
                    return
                for item in batch:
                    outcome = "replaced" if item.replace else "loaded"
                    setattr(summary, outcome, getattr(summary, outcome) + 1)
                    summary.triples += item.rows.triples
                    if progress:
                        progress(item.uri, outcome)

            # read and map the next reports (another process) while Neo4j writes the current batch
            for event in _report_events(source, reports, loaded, known, force, tx_rows):
                kind = event[0]
                if kind == "batch":
                    flush(event[1])
                elif kind == "skipped":
                    summary.skipped += 1
                    if progress:
                        progress(event[1], "skipped")
                else:
                    summary.failed.append((event[1], event[2]))
                    if progress:
                        progress(event[1], "failed")

            for report in sorted(set(loaded) - set(reports)):
                if not prune:
                    summary.stale.append(report)
                    continue
                try:
                    summary.add(session.execute_write(_delete_report_tx, report))
                except (ServiceUnavailable, SessionExpired) as err:
                    raise lost(err, f"pruning {report}") from None
                summary.pruned += 1
                if progress:
                    progress(report, "pruned")
            try:
                done = load_summaries(session, source, known, force=force)
            except (ServiceUnavailable, SessionExpired) as err:
                raise lost(err, "writing the corpus summaries") from None
            summary.add(done.counters)
            summary.summaries = done.written
            if summary.replaced or summary.pruned:
                try:
                    summary.add(session.execute_write(_orphans_tx))
                except (ServiceUnavailable, SessionExpired) as err:
                    raise lost(err, "removing orphaned shared nodes") from None
    finally:
        driver.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _report_events(source: BuildSource, reports: list[str], loaded: dict, known: dict[str, str],
                   force: bool, tx_rows: int) -> Iterator[tuple]:
    """Events ("batch", [ReportRows]) | ("skipped", uri) | ("failed", uri, message), each report once.

    Report graphs in a current graph.trig are read and mapped in a child process (`_read_in_child`)
    while this one writes; whatever it could not take from the file is read here from the store.
    """
    handled: set[str] = set()
    if source.from_trig and reports:
        sizes = source.graph_sizes()
        if "fork" in multiprocessing.get_all_start_methods():
            events = _read_in_child(source.trig, reports, sizes, loaded, known, force, tx_rows)
        else:  # no fork on this platform (Windows): read the file here, in step with the writes
            events = _batches(source.trig_file.graphs(reports, sizes), str(source.trig), loaded, known, force,
                              tx_rows)
        for event in events:
            if event[0] == "index":  # where each graph's block is: later reads seek straight to it
                source.trig_file.blocks.update(event[1])
                source.trig_file.prefixes.update(event[2])
                continue
            if event[0] == "batch":
                handled.update(item.uri for item in event[1])
            else:
                handled.add(event[1])
            yield event
    rest = [r for r in reports if r not in handled]
    if rest:
        yield from _batches(((g, source.triples(g)) for g in rest), str(source.origin), loaded, known, force,
                            tx_rows)


def _batches(graphs: Iterable[tuple[str, list]], origin: str, loaded: dict, known: dict[str, str], force: bool,
             tx_rows: int) -> Iterator[tuple]:
    """The events of `_report_events` for (report, triples) pairs, in their order."""
    batches = TransactionBatches(tx_rows)
    for report, triples in graphs:
        try:
            item = _prepare(origin, report, triples, loaded.get(report), known, force)
        except (FazhiError, ValueError) as err:
            yield ("failed", report, str(err))
            continue
        if item is None:
            yield ("skipped", report)
            continue
        full = batches.add(item, item.rows.node_count() + item.rows.rel_count())
        if full:
            yield ("batch", full)
    if batches.items:
        yield ("batch", batches.items)


class TransactionBatches:
    """Items (reports, summary graphs) grouped into write transactions of about `tx_rows` rows:
    small items share one, an item is never split, a big item gets one of its own."""

    def __init__(self, tx_rows: int):
        self.tx_rows = tx_rows
        self.items: list = []  # the batch being filled
        self.rows = 0

    def add(self, item, rows: int) -> list | None:
        """Add `item` of `rows` rows; returns the batch this closed, if it closed one."""
        full = None
        if self.items and self.rows + rows > self.tx_rows:
            full, self.items, self.rows = self.items, [], 0
        self.items.append(item)
        self.rows += rows
        return full


def _read_in_child(trig: Path, reports: list[str], sizes: dict[str, int], loaded: dict, known: dict[str, str],
                   force: bool, tx_rows: int, depth: int = 3) -> Iterator[tuple]:
    """`_batches` events for the report graphs of `trig`, read and mapped in a child process.

    Parsing graph.trig and mapping triples to rows is pure Python; in a thread it would hold the GIL
    the Bolt writer needs between round trips, so it runs in a forked process, `depth` events
    ahead, and the rows come back pickled. The child touches neither the store nor the driver it
    inherits (`TrigFile` needs neither) and leaves through os._exit. A failure in the child ends
    the load with Neo4jError; the reports already written stay written.
    """
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue(maxsize=depth)
    child = ctx.Process(target=_reader, args=(trig, reports, sizes, loaded, known, force, tx_rows, out),
                        name="fazhi-load-reader", daemon=True)
    child.start()
    try:
        while True:
            try:
                event = out.get(timeout=1.0)
            except queue.Empty:
                if not child.is_alive():
                    raise Neo4jError(f"load: the process reading {trig} died (exit code {child.exitcode}); "
                                     f"rerun `fazhi load` to finish") from None
                continue
            if event is None:
                return
            if event[0] == "error":
                raise Neo4jError(f"load: reading {trig} failed: {event[1]}")
            yield event
    finally:
        if child.is_alive():
            child.terminate()
        child.join(5)
        out.close()


def _reader(trig: Path, reports: list[str], sizes: dict[str, int], loaded: dict, known: dict[str, str],
            force: bool, tx_rows: int, out) -> None:
    """The child process of `_read_in_child`: every event, then None (or ("error", text))."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        trig_file = TrigFile(trig)
        for event in _batches(trig_file.graphs(reports, sizes), str(trig), loaded, known, force, tx_rows):
            out.put(event)
        out.put(("index", trig_file.blocks, trig_file.prefixes))
        out.put(None)
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which raises
        out.put(("error", f"{type(err).__name__}: {err}"))
    out.close()
    out.join_thread()


def _prepare(origin: str, report: str, triples: list, loaded: tuple[str, str] | None,
             known: dict[str, str], force: bool) -> ReportRows | None:
    """The rows of one report graph, or None when Neo4j already holds exactly this version."""
    digest = graph_digest(triples)
    sha = next((o.value for s, p, o in triples if s == report and p == _SHA256), None)
    if loaded is not None and not force and loaded == (sha, digest):
        return None
    rows = map_graph(triples, report=report, known_labels=known)
    report_rows = [r for r in rows.nodes.get("Report", []) if r["uri"] == report]
    if not report_rows:
        raise Neo4jError(f"load: graph {report} in {origin} has no fz:Report node named like the graph")
    # completeness marks: a reader can check that every per-report node of this report is present
    report_rows[0]["graphDigest"] = digest
    report_rows[0]["loadedNodes"] = rows.node_count(PER_REPORT_LABELS)
    report_rows[0]["loadedTriples"] = rows.triples
    return ReportRows(report, rows, replace=loaded is not None)


def clear_database(target: Neo4jTarget) -> None:
    """Delete every node and relationship of the target database (benchmarks and tests only)."""
    driver = connect(target)
    try:
        with driver.session(database=target.database) as session:
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    finally:
        driver.close()


def count_graph(target: Neo4jTarget) -> dict[str, int]:
    """Node counts per label and relationship counts per type (for tests, benchmarks, summaries)."""
    driver = connect(target)
    try:
        out: dict[str, int] = {}
        with driver.session(database=target.database) as session:
            for spec in NODE_BY_LABEL.values():
                out[spec.label] = session.run(f"MATCH (n:{spec.label}) RETURN count(n) AS n").single()["n"]
            for rel_type in sorted({r.type for r in RELATIONSHIPS} | {"ADOPTED"}):
                out[rel_type] = session.run(f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n").single()["n"]
        return out
    finally:
        driver.close()


__all__ = [
    "BuildSource",
    "LoadSummary",
    "Neo4jTarget",
    "clear_database",
    "connect",
    "count_graph",
    "graph_digest",
    "load_build",
    "schema_statements",
    "write_reports",
]
