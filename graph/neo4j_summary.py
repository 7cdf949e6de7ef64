"""`fazhi load`, last step: the build's corpus summary graphs (graph/summary.py) into Neo4j.

Each summary graph is mapped by the same table as the report graphs (graph/neo4j_model.py: labels
MechanismSummary, AdoptionSummary, CoAdoption, CandidateSummary, DocumentSummary) and written wholly
inside one transaction that first deletes that graph's previous summary nodes (they carry `report` =
the summary graph's IRI, like per-report nodes carry their report's); small summary graphs share a
transaction, as small reports do, and one is never split. A `(:SummaryGraph {uri, graphDigest})`
node records what was loaded, so an unchanged summary graph is skipped and one the build no longer
has is removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.neo4j_model import map_graph
from ontology.iri import SUMMARY_PREFIX, summary_graph

_JURISDICTIONS = str(summary_graph("jurisdictions"))

_LOADED = "MATCH (g:SummaryGraph) RETURN g.uri AS uri, g.graphDigest AS digest"
_MARK = "MERGE (g:SummaryGraph {uri: $uri}) SET g.graphDigest = $digest, g.loadedNodes = $nodes"
_UNMARK = "MATCH (g:SummaryGraph {uri: $uri}) DELETE g"
SCHEMA = "CREATE CONSTRAINT summarygraph_uri IF NOT EXISTS FOR (n:SummaryGraph) REQUIRE n.uri IS UNIQUE"


@dataclass
class SummaryLoad:
    written: int = 0
    skipped: int = 0
    removed: int = 0
    counters: dict = field(default_factory=dict)


def summary_graph_names(source) -> list[str]:
    """The build's summary graphs, the jurisdictions graph first (the others link to its places)."""
    return sorted((g for g in source.graph_names() if g.startswith(SUMMARY_PREFIX)),
                  key=lambda g: (g != _JURISDICTIONS, g))


def load_summaries(session, source, known: dict[str, str], *, force: bool = False,
                   tx_rows: int = 20_000) -> SummaryLoad:
    """Bring the summary graphs in Neo4j in line with the build's, with the report loader's own
    transaction functions and digest (graph/neo4j_load.py), so both paths share one writer."""
    from graph.neo4j_load import (
        ReportRows,
        TransactionBatches,
        _delete_report_tx,
        graph_digest,
        write_reports,
    )

    result = SummaryLoad()
    session.run(SCHEMA).consume()
    loaded = {r["uri"]: r["digest"] for r in session.run(_LOADED)}
    names = summary_graph_names(source)
    batches = TransactionBatches(tx_rows)

    def tx_write(tx, batch: list[tuple[ReportRows, str]]) -> dict:
        counters = write_reports(tx, [item for item, _ in batch])
        for item, digest in batch:
            tx.run(_MARK, uri=item.uri, digest=digest, nodes=item.rows.node_count()).consume()
        return counters

    def flush(batch: list[tuple[ReportRows, str]]) -> None:
        _add(result.counters, session.execute_write(tx_write, batch))
        result.written += len(batch)

    # the jurisdictions graph first (a transaction writes all its nodes before any edge)
    for name, triples in (pair for group in (names[:1], names[1:]) for pair in source.iter_graphs(group)):
        digest = graph_digest(triples)
        if not force and loaded.get(name) == digest:
            result.skipped += 1
            continue
        rows = map_graph(triples, report=name, known_labels=known)
        full = batches.add((ReportRows(name, rows, replace=name in loaded), digest),
                           rows.node_count() + rows.rel_count())
        if full:
            flush(full)
    if batches.items:
        flush(batches.items)
    for name in sorted(set(loaded) - set(names)):
        def tx_delete(tx, name=name):
            counters = _delete_report_tx(tx, name)
            tx.run(_UNMARK, uri=name).consume()
            return counters

        _add(result.counters, session.execute_write(tx_delete))
        result.removed += 1
    return result


def _add(total: dict, counters: dict) -> None:
    for key, value in counters.items():
        total[key] = total.get(key, 0) + value
