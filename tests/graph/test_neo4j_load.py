"""`fazhi load` against the real Neo4j started by scripts/test.sh (NEO4J_URI)."""

from __future__ import annotations

import re

import pytest
from pyoxigraph import NamedNode, Store
from typer.testing import CliRunner

from fazhi.cli import app
from graph.neo4j_load import connect, load_build

pytestmark = pytest.mark.neo4j

FZ = "https://w3id.org/fazhi-kg/ontology#"
PREFIX = f"PREFIX fz: <{FZ}> "
# what a researcher counts, in the store (SPARQL over all report graphs) and in Neo4j (Cypher)
COUNTS = {
    "reports": ("SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a fz:Report } }",
                "MATCH (n:Report) RETURN count(n) AS n"),
    "jurisdictions": ("SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a fz:Jurisdiction } }",
                      "MATCH (n:Jurisdiction) RETURN count(n) AS n"),
    "adoptions": ("SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a fz:Adoption } }",
                  "MATCH (n:Adoption) RETURN count(n) AS n"),
    "mechanisms adopted": (
        "SELECT (COUNT(DISTINCT ?m) AS ?n) { GRAPH ?g { ?a a fz:Adoption ; fz:mechanism ?m } "
        "GRAPH <https://w3id.org/fazhi-kg/vocab/> { ?m a fz:Mechanism } }",
        "MATCH (:Jurisdiction)-[:ADOPTED]->(m:Mechanism) RETURN count(DISTINCT m) AS n"),
    "adopted edges": (
        "SELECT (COUNT(DISTINCT ?a) AS ?n) { GRAPH ?g { ?a a fz:Adoption ; fz:mechanism ?m ; fz:jurisdiction ?j } "
        "GRAPH <https://w3id.org/fazhi-kg/vocab/> { ?m a fz:Mechanism } }",
        "MATCH ()-[r:ADOPTED]->() RETURN count(r) AS n"),
    "observations": ("SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a fz:Observation } }",
                     "MATCH (n:Observation) RETURN count(n) AS n"),
    "claims": ("SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a fz:PioneerClaim } }",
               "MATCH (n:PioneerClaim) RETURN count(n) AS n"),
    "evidence": ("SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a fz:Evidence } }",
                 "MATCH (n:Evidence) RETURN count(n) AS n"),
    "agencies": ("SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a fz:Agency } }",
                 "MATCH (n:Agency) RETURN count(n) AS n"),
    "cited documents": ("SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a fz:PolicyDocument } }",
                        "MATCH (n:PolicyDocument) RETURN count(n) AS n"),
    "fact evidence links": ("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?e } }",
                            "MATCH ()-[r:HAS_EVIDENCE]->() RETURN count(r) AS n"),
}


def store_counts(build) -> dict[str, int]:
    store = Store.read_only(str(build / "store"))
    try:
        return {k: int(next(iter(store.query(PREFIX + q)))[0].value) for k, (q, _) in COUNTS.items()}
    finally:
        del store


def neo4j_counts(target) -> dict[str, int]:
    with connect(target) as driver:
        return {k: driver.execute_query(c, database_=target.database).records[0]["n"]
                for k, (_, c) in COUNTS.items()}


def per_report_integrity(target) -> list[tuple[str, int, int]]:
    """(report, loadedNodes, nodes present) for every Report whose per-report nodes do not add up."""
    with connect(target) as driver:
        rows = driver.execute_query(
            "MATCH (r:Report) OPTIONAL MATCH (n {report: r.uri}) "
            "RETURN r.uri AS uri, r.loadedNodes AS expected, count(n) AS present",
            database_=target.database).records
    return [(r["uri"], r["expected"], r["present"]) for r in rows if r["expected"] != r["present"]]


def test_counts_agree_with_the_store(corpus_build, neo4j_empty):
    summary = load_build(corpus_build, neo4j_empty)
    assert (summary.loaded, summary.failed) == (5, [])
    expected = store_counts(corpus_build)
    assert expected["adoptions"] > 0 and expected["evidence"] > 0  # the corpus yields facts
    assert neo4j_counts(neo4j_empty) == expected
    assert per_report_integrity(neo4j_empty) == []


def test_the_model_answers_an_everyday_question(corpus_build, neo4j_empty):
    load_build(corpus_build, neo4j_empty)
    with connect(neo4j_empty) as driver:
        records = driver.execute_query(
            "MATCH (j:Jurisdiction)-[a:ADOPTED]->(m:Mechanism) "
            "RETURN j.code AS code, j.name AS place, m.notation AS mech, a.year AS year, a.report AS report").records
        assert records
        for r in records:
            assert re.fullmatch(r"\d{6}", r["code"]) and r["place"] and r["mech"]
            assert r["report"].startswith("https://w3id.org/fazhi-kg/id/report/")
        # evidence quotes are tied to their report
        bad = driver.execute_query(
            "MATCH (f)-[:HAS_EVIDENCE]->(e:Evidence)-[:IN_REPORT]->(r:Report) "
            "WHERE e.report <> r.uri OR size(e.quote) <> e.end - e.start RETURN count(*) AS n").records[0]["n"]
        assert bad == 0


def test_reload_is_a_no_op(corpus_build, neo4j_empty):
    load_build(corpus_build, neo4j_empty)
    before = neo4j_counts(neo4j_empty)
    again = load_build(corpus_build, neo4j_empty)
    assert (again.skipped, again.loaded, again.replaced) == (5, 0, 0)
    assert (again.nodes_created, again.nodes_deleted, again.relationships_created,
            again.relationships_deleted) == (0, 0, 0, 0)
    assert neo4j_counts(neo4j_empty) == before


def _report_graphs(store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if "/id/report/" in g.value)


def test_changed_report_replaces_its_subgraph(corpus_build_copy, neo4j_empty):
    load_build(corpus_build_copy, neo4j_empty)
    store = Store(str(corpus_build_copy / "store"))
    report = _report_graphs(store)[0]
    g = NamedNode(report)
    # drop every Adoption of this report (and their evidence links): the report changed
    adoptions = {q.subject for q in store.quads_for_pattern(None, None, NamedNode(FZ + "Adoption"), g)}
    assert adoptions
    for a in adoptions:
        for q in list(store.quads_for_pattern(a, None, None, g)):
            store.remove(q)
    store.flush()
    del store

    summary = load_build(corpus_build_copy, neo4j_empty)
    assert (summary.replaced, summary.skipped) == (1, 4)
    assert summary.nodes_deleted >= len(adoptions)
    assert neo4j_counts(neo4j_empty) == store_counts(corpus_build_copy)
    with connect(neo4j_empty) as driver:
        n = driver.execute_query("MATCH (a:Adoption {report: $r}) RETURN count(a) AS n", r=report).records[0]["n"]
    assert n == 0
    assert per_report_integrity(neo4j_empty) == []


def test_prune_removes_a_report_and_its_orphans(corpus_build_copy, neo4j_empty):
    load_build(corpus_build_copy, neo4j_empty)
    store = Store(str(corpus_build_copy / "store"))
    gone = _report_graphs(store)[-1]
    store.remove_graph(NamedNode(gone))
    store.flush()
    del store

    kept = load_build(corpus_build_copy, neo4j_empty)
    assert kept.stale == [gone] and kept.pruned == 0
    with connect(neo4j_empty) as driver:
        assert driver.execute_query("MATCH (r:Report {uri: $r}) RETURN count(r) AS n", r=gone).records[0]["n"] == 1

    pruned = load_build(corpus_build_copy, neo4j_empty, prune=True)
    assert pruned.pruned == 1 and pruned.stale == []
    # everything, shared nodes included (jurisdictions, agencies, documents), matches the build again
    assert neo4j_counts(neo4j_empty) == store_counts(corpus_build_copy)
    with connect(neo4j_empty) as driver:
        left = driver.execute_query("MATCH (n) WHERE n.report = $r OR n.uri = $r RETURN count(n) AS n",
                                    r=gone).records[0]["n"]
    assert left == 0


def test_cli_load_and_reload(corpus_build, neo4j_empty, monkeypatch):
    runner = CliRunner()
    first = runner.invoke(app, ["load", str(corpus_build)])
    assert first.exit_code == 0, first.output
    assert "5 loaded" in first.output
    second = runner.invoke(app, ["load", str(corpus_build)])
    assert second.exit_code == 0, second.output
    assert "0 loaded, 0 replaced, 5 unchanged" in second.output
    assert "nodes: 0 created, 0 deleted; relationships: 0 created, 0 deleted" in second.output
    assert neo4j_empty.password not in first.output + second.output


@pytest.mark.parametrize("args, message", [
    (["--password", "Wr0ng-pass-for-test"], "wrong user or password"),
    (["--uri", "bolt://127.0.0.1:1", "--password", "Wr0ng-pass-for-test"], "cannot reach Neo4j at bolt://127.0.0.1:1"),
])
def test_bad_connection_is_a_clear_error_without_the_password(corpus_build, neo4j_target, args, message):
    result = CliRunner().invoke(app, ["load", str(corpus_build), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Wr0ng-pass-for-test" not in result.output
    assert neo4j_target.password not in result.output
    assert "Traceback" not in result.output


def test_bench_measures_the_load_and_the_queries_without_the_baseline(corpus_build, neo4j_empty, tmp_path):
    """`fazhi bench run --neo4j URI --no-rdflib-neo4j`: our load and the Neo4j queries, no ratio."""
    from fazhi.bench.run import BenchConfig, measure_neo4j
    from graph.neo4j_load import BuildSource

    cfg = BenchConfig(neo4j_uri=neo4j_empty.uri, neo4j_user=neo4j_empty.user,
                      neo4j_password=neo4j_empty.password, rdflib_neo4j=False, query_repeats=1)
    logged: list[str] = []
    row = measure_neo4j(corpus_build, cfg, {"mechanism": "grid-management", "province": "41",
                                            "jurisdiction": "410700", "level": "national",
                                            "indicator": "admin-litigation-cases", "int": "2021",
                                            "str": "法治"},
                        logged.append)
    load = row["neo4j_load"]
    assert load["triples"] == sum(BuildSource(corpus_build).graph_sizes().values())
    assert load["reports"] == 5 and load["fazhi_load"]["nodes"] > 0 and load["ratio"] is None
    assert row["load_per_s"] > 0 and row["rdflib_neo4j_load_per_s"] is None
    assert row["neo4j_query_ms"] and all(v is not None for v in row["neo4j_query_ms"].values()), row["neo4j_queries"]
    assert any("rdflib-neo4j not run" in m for m in logged)
    assert neo4j_empty.password not in " ".join(logged)


def test_load_benchmark_compares_both_loaders_on_the_same_build(corpus_build, neo4j_empty):
    """benchmarks/load.py: both loaders run from an empty database; both graphs are the same size class."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "load.py"
    spec = importlib.util.spec_from_file_location("bench_load_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    t = neo4j_empty
    result = module.measure_load(corpus_build, t.uri, t.user, t.password, t.database)
    ours, theirs = result["fazhi_load"], result["rdflib_neo4j"]
    assert result["reports"] == 5 and result["triples"] > 1000
    assert ours["nodes"] > 0 and theirs["nodes"] > 0 and ours["client_cpu_s"] > 0
    assert result["ratio"] == pytest.approx(theirs["seconds"] / ours["seconds"], rel=0.02, abs=0.011)
    # it leaves fazhi's load in place, with fazhi's schema
    with connect(t) as driver:
        n = driver.execute_query("MATCH (r:Report) RETURN count(r) AS n", database_=t.database).records[0]["n"]
    assert n == 5
