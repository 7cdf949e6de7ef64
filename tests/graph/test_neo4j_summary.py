"""The corpus summary graphs in Neo4j (graph/neo4j_summary.py) against the real server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import Store

from graph.build import build
from graph.neo4j_load import connect, load_build

pytestmark = pytest.mark.neo4j

_SPARQL = """PREFIX fz: <https://w3id.org/fazhi-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?n ?code ?fm ?fy ?fa ?mc ?rc WHERE {
  GRAPH ?g { ?s a fz:AdoptionSummary ; fz:mechanism ?m ; fz:jurisdiction ?j ; fz:mentionCount ?mc ;
                fz:reportCount ?rc ; fz:firstMentionYear ?fm .
             OPTIONAL { ?s fz:firstAdoptionYear ?fy ; fz:firstAdoption ?fa } }
  GRAPH <https://w3id.org/fazhi-kg/id/summary/jurisdictions> { ?j fz:code ?code }
  GRAPH <https://w3id.org/fazhi-kg/vocab/> { ?m skos:notation ?n } }"""
_CYPHER = """MATCH (m:Mechanism)<-[:OF_MECHANISM]-(s:AdoptionSummary)-[:IN_JURISDICTION]->(j:Jurisdiction)
RETURN m.notation AS n, j.code AS code, s.firstMentionYear AS fm, s.firstAdoptionYear AS fy,
       s.firstAdoption AS fa, s.mentionCount AS mc, s.reportCount AS rc"""
_CO_SPARQL = """PREFIX fz: <https://w3id.org/fazhi-kg/ontology#>
SELECT ?a ?b ?n WHERE { GRAPH ?g { ?s a fz:CoAdoption ; fz:mechanism ?a ; fz:coMechanism ?b ;
                                      fz:jurisdictionCount ?n } }"""
_CO_CYPHER = """MATCH (a:Mechanism)<-[:OF_MECHANISM]-(s:CoAdoption)-[:CO_MECHANISM]->(b:Mechanism)
RETURN a.uri AS a, b.uri AS b, s.jurisdictionCount AS n"""


def _value(term):
    """Literals typed integer or gYear become ints (as Neo4j holds them); codes stay strings."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is not None and datatype.value.endswith(("#integer", "#gYear")):
        return int(term.value)
    return term.value


def store_rows(build_dir: Path) -> tuple[set, set]:
    store = Store.read_only(str(build_dir / "store"))
    adoption = {tuple(_value(r[k]) for k in ("n", "code", "fm", "fy", "fa", "mc", "rc")) for r in store.query(_SPARQL)}
    co = {tuple(_value(r[k]) for k in ("a", "b", "n")) for r in store.query(_CO_SPARQL)}
    return adoption, co


def neo4j_rows(target) -> tuple[set, set]:
    with connect(target) as driver:
        adoption = {tuple(r.values()) for r in driver.execute_query(_CYPHER, database_=target.database).records}
        co = {tuple(r.values()) for r in driver.execute_query(_CO_CYPHER, database_=target.database).records}
    return adoption, co


def test_summaries_in_neo4j_equal_the_store(corpus_build, neo4j_empty):
    first = load_build(corpus_build, neo4j_empty)
    assert first.summaries > 50
    adoption, co = store_rows(corpus_build)
    assert len(adoption) > 100 and len(co) > 100
    assert neo4j_rows(neo4j_empty) == (adoption, co)
    again = load_build(corpus_build, neo4j_empty)
    assert again.summaries == 0 and again.nodes_created == 0


def test_summaries_in_one_transaction_each_give_the_same_graph(corpus_build, neo4j_empty):
    """tx_rows=1: every summary graph alone in its transaction, as many as there are graphs."""
    from graph.neo4j_load import VOCAB_GRAPH, BuildSource, concept_labels, map_graph
    from graph.neo4j_summary import load_summaries, summary_graph_names

    load_build(corpus_build, neo4j_empty)
    source = BuildSource(corpus_build)
    known = concept_labels(map_graph(source.triples(VOCAB_GRAPH)))
    calls = []
    with connect(neo4j_empty) as driver, driver.session(database=neo4j_empty.database) as session:
        execute_write = session.execute_write
        session.execute_write = lambda fn, *a: calls.append(fn) or execute_write(fn, *a)
        done = load_summaries(session, source, known, force=True, tx_rows=1)
    assert done.written == len(summary_graph_names(source)) == len(calls)
    assert neo4j_rows(neo4j_empty) == store_rows(corpus_build)


def test_summaries_follow_a_rebuild_with_prune(corpus_dir, tmp_path, neo4j_empty):
    src = tmp_path / "src"
    src.mkdir()
    files = sorted(Path(corpus_dir).glob("*.txt"))
    for f in files:
        shutil.copy(f, src / f.name)
    out = tmp_path / "build"
    build([src], out, workers=1)
    load_build(out, neo4j_empty)
    before = neo4j_rows(neo4j_empty)

    (src / files[-1].name).unlink()
    build([src], out, workers=1, prune=True)
    pruned = load_build(out, neo4j_empty, prune=True)
    assert pruned.pruned == 1 and pruned.summaries > 0
    after = neo4j_rows(neo4j_empty)
    assert after == store_rows(out) and after != before
    with connect(neo4j_empty) as driver:
        graphs = {r["uri"] for r in driver.execute_query("MATCH (g:SummaryGraph) RETURN g.uri AS uri").records}
        stale = driver.execute_query(
            "MATCH (n) WHERE (n:AdoptionSummary OR n:MechanismSummary OR n:CoAdoption) "
            "AND NOT n.report IN $graphs RETURN count(n) AS n", graphs=sorted(graphs)).records[0]["n"]
    store = Store.read_only(str(out / "store"))
    assert graphs == {g.value for g in store.named_graphs() if "/summary/" in g.value}
    assert stale == 0
