"""The RDF -> property-graph mapping (graph/neo4j_model.py) on a small hand-written report graph."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from graph.neo4j_load import Neo4jTarget, graph_digest, schema_statements
from graph.neo4j_model import NODES, Term, map_graph

# An invented report (not from the corpus): 示例县 2023, one adoption, one observation, one claim.
REPORT = "https://w3id.org/fazhi-kg/id/report/00000000000000aa"
TTL = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix fz: <https://w3id.org/fazhi-kg/ontology#> .
@prefix j: <https://w3id.org/fazhi-kg/id/jurisdiction/> .
@prefix r: <https://w3id.org/fazhi-kg/id/report/00000000000000aa/> .
@prefix m: <https://w3id.org/fazhi-kg/vocab/mechanism/> .
<https://w3id.org/fazhi-kg/id/report/00000000000000aa> a fz:Report ;
  dcterms:title "示例县人民政府关于2023年度法治政府建设情况的报告"@zh ; fz:yearCovered "2023"^^xsd:gYear ;
  fz:docType fz:AnnualReport ; fz:sha256 "aa00" ; fz:synthetic true ; fz:about j:419999 .
j:410000 a fz:Jurisdiction ; rdfs:label "河南省"@zh ; fz:code "410000" ; fz:level fz:Province .
j:419999 a fz:Jurisdiction ; rdfs:label "示例县"@zh ; fz:code "419999" ; fz:level fz:County ;
  fz:within j:410000 ; fz:inProvince j:410000 .
r:fact\\/mechanism.alias\\/10-17 a fz:Adoption ; fz:jurisdiction j:419999 ; fz:mechanism m:double-random ;
  fz:year "2023"^^xsd:gYear ; fz:stage fz:Implemented ; prov:wasDerivedFrom r:evidence\\/mechanism.alias\\/10-17 .
r:fact\\/candidate\\/30-34 a fz:Adoption ; fz:jurisdiction j:419999 ;
  fz:mechanism <https://w3id.org/fazhi-kg/id/candidate/0123456789abcdef> ; fz:year "2023"^^xsd:gYear ;
  fz:stage fz:Piloting .
<https://w3id.org/fazhi-kg/id/candidate/0123456789abcdef> a fz:MechanismCandidate ; rdfs:label "枫桥式+"@zh .
r:evidence\\/mechanism.alias\\/10-17 a fz:Evidence, prov:Entity ; fz:report <https://w3id.org/fazhi-kg/id/report/00000000000000aa> ;
  fz:startOffset 10 ; fz:endOffset 17 ; fz:quote "双随机、一公开" ; fz:rule "mechanism.alias" ; fz:confidence 0.95 .
r:fact\\/metric.count\\/40-44 a fz:Observation, qb:Observation ; fz:indicatorPhrase "受理" ;
  fz:value "42"^^xsd:decimal ; fz:unit "件" ; fz:approximate false ; fz:jurisdiction j:419999 ; fz:year "2023"^^xsd:gYear .
"""


def _triples():
    for t in parse(TTL.encode(), format=RdfFormat.TURTLE):
        o = t.object
        if isinstance(o, Literal):
            term = Term(o.value, "literal", o.datatype.value, o.language)
        else:
            term = Term(o.value, "iri")
        yield t.subject.value, t.predicate.value, term


@pytest.fixture(scope="module")
def rows():
    return map_graph(list(_triples()), report=REPORT)


def _node(rows, label, suffix):
    [n] = [n for n in rows.nodes[label] if n["uri"].endswith(suffix)]
    return n


def test_nodes_get_model_labels_and_typed_properties(rows):
    county = _node(rows, "Jurisdiction", "419999")
    assert county == {"uri": county["uri"], "code": "419999", "name": "示例县", "level": "county",
                      "province": "河南省", "provinceCode": "410000"}
    province = _node(rows, "Jurisdiction", "410000")
    assert (province["level"], province["province"], province["provinceCode"]) == ("province", "河南省", "410000")
    report = _node(rows, "Report", "00aa")
    assert report["year"] == 2023 and report["docType"] == "annual_report" and report["synthetic"] is True
    obs = rows.nodes["Observation"][0]
    assert (obs["name"], obs["value"], obs["unit"], obs["approximate"], obs["year"]) == ("受理", 42.0, "件", False, 2023)
    ev = rows.nodes["Evidence"][0]
    assert (ev["start"], ev["end"], ev["name"], ev["quote"], ev["report"]) == (10, 17, "双随机、一公开", "双随机、一公开", REPORT)


def test_per_report_nodes_carry_the_report_and_shared_ones_do_not(rows):
    for label in ("Adoption", "Observation", "Evidence"):
        assert all(n["report"] == REPORT for n in rows.nodes[label])
    for label in ("Jurisdiction", "MechanismCandidate", "Report"):
        assert all("report" not in n for n in rows.nodes[label])


def test_relationships_and_adopted_edge(rows):
    rels = {(t, a, b): len(v) for (t, a, b), v in rows.rels.items()}
    assert rels[("OF_MECHANISM", "Adoption", "Mechanism")] == 1  # by the vocab IRI, typed elsewhere
    assert rels[("OF_MECHANISM", "Adoption", "MechanismCandidate")] == 1
    assert rels[("IN_JURISDICTION", "Adoption", "Jurisdiction")] == 2
    assert rels[("WITHIN", "Jurisdiction", "Jurisdiction")] == 1
    assert rels[("HAS_EVIDENCE", "Adoption", "Evidence")] == 1
    assert rels[("IN_REPORT", "Evidence", "Report")] == 1
    assert rels[("ABOUT", "Report", "Jurisdiction")] == 1
    # ADOPTED only for vocabulary mechanisms, never for candidates
    assert rows.adopted == [{"s": "https://w3id.org/fazhi-kg/id/jurisdiction/419999",
                             "o": "https://w3id.org/fazhi-kg/vocab/mechanism/double-random",
                             "props": {"year": 2023, "stage": "implemented", "report": REPORT}}]


def test_digest_is_order_independent_and_content_sensitive():
    triples = list(_triples())
    assert graph_digest(triples) == graph_digest(list(reversed(triples)))
    changed = triples[:-1] + [(triples[-1][0], triples[-1][1], Term("43", "literal"))]
    assert graph_digest(changed) != graph_digest(triples)


def test_every_label_has_a_uri_constraint():
    text = "\n".join(schema_statements())
    for spec in NODES:
        assert f"FOR (n:{spec.label}) REQUIRE n.uri IS UNIQUE" in text


def test_password_is_not_in_repr():
    t = Neo4jTarget("bolt://x:7687", "neo4j", "s3cret-pass-word")
    assert "s3cret" not in repr(t) and "s3cret" not in str(t)


def test_build_source_streams_a_current_trig_that_agrees_with_the_store(corpus_build):
    from graph.neo4j_load import BuildSource

    source = BuildSource(corpus_build)
    assert source.from_trig  # build.json says the exports are current
    reports = source.report_graphs()
    chunks = dict(source.trig_file.chunks(set(reports)))  # the fast line reader, not the store fallback
    assert set(reports) == set(chunks)
    for g in reports:
        assert sorted(chunks[g]) == sorted(source.triples(g)), g
    via_trig = {g: graph_digest(t) for g, t in source.iter_graphs(reports)}
    via_store = {g: graph_digest(source.triples(g)) for g in reports}
    assert len(reports) == 5 and via_trig == via_store


def test_trig_blocks_are_remembered_and_read_back_by_seeking(corpus_build):
    from graph.neo4j_load import BuildSource, TrigFile

    source = BuildSource(corpus_build)
    names = source.graph_names()
    trig = TrigFile(source.trig)
    first = dict(trig.chunks({names[0]}))  # one graph parsed, every block's range remembered
    assert set(first) == {names[0]} and set(trig.blocks) == set(names)
    sizes = source.graph_sizes()
    again = dict(trig.graphs(names, sizes))  # all by seeking now
    assert set(again) == set(names)
    for g in names:  # (blank node labels differ between the file and the store; the digest ignores them)
        assert graph_digest(again[g]) == graph_digest(source.triples(g)), g
    assert dict(trig.graphs(names[:1], {names[0]: sizes[names[0]] + 1})) == {}  # a count mismatch: not taken


def test_a_block_that_no_longer_reads_right_is_not_taken(corpus_build_copy):
    from graph.neo4j_load import BuildSource

    source = BuildSource(corpus_build_copy)
    reports = source.report_graphs()
    list(source.trig_file.chunks({reports[0]}))
    start, _ = source.trig_file.blocks[reports[1]]
    with open(source.trig, "r+b") as fh:  # the file was rewritten in place since the pass
        fh.seek(start)
        fh.write(b"#")
    assert source.trig_file.read_block(reports[1]) is None
    got = dict(source.iter_graphs(reports[1:2]))  # from the store instead
    assert graph_digest(got[reports[1]]) == graph_digest(source.triples(reports[1]))


def test_report_events_from_the_reader_process_equal_those_from_the_store(corpus_build):
    from graph.neo4j_load import (
        VOCAB_GRAPH,
        BuildSource,
        _batches,
        _report_events,
        concept_labels,
        map_graph,
    )

    source = BuildSource(corpus_build)
    reports = source.report_graphs()
    known = concept_labels(map_graph(source.triples(VOCAB_GRAPH)))
    via_child = list(_report_events(source, reports, {}, known, False, 1000))
    via_store = list(_batches(((g, source.triples(g)) for g in reports), "store", {}, known, False, 1000))
    def rows(events) -> dict:  # row order follows triple order, which differs between file and store
        def canon(table) -> dict:
            return {k: sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in v) for k, v in table.items()}

        return {i.uri: (canon(i.rows.nodes), canon(i.rows.rels), canon({"adopted": i.rows.adopted}))
                for e in events if e[0] == "batch" for i in e[1]}

    assert set(rows(via_child)) == set(reports) and rows(via_child) == rows(via_store)
    assert source.trig_file.blocks  # the child's index came back: later reads seek


def test_the_reader_process_reports_unchanged_reports_as_skipped(corpus_build):
    from graph.neo4j_load import BuildSource, _report_events, graph_digest

    source = BuildSource(corpus_build)
    reports = source.report_graphs()
    sha = "https://w3id.org/fazhi-kg/ontology#sha256"
    loaded = {}
    for g in reports[:2]:
        triples = source.triples(g)
        loaded[g] = (next(o.value for s, p, o in triples if s == g and p == sha), graph_digest(triples))
    events = list(_report_events(source, reports, loaded, {}, False, 1000))
    assert sorted(e[1] for e in events if e[0] == "skipped") == sorted(reports[:2])
    written = [i.uri for e in events if e[0] == "batch" for i in e[1]]
    assert sorted(written) == sorted(reports[2:])


def test_trig_lines_become_the_terms_the_store_gives():
    from pyoxigraph import RdfFormat, parse

    from graph.neo4j_load import _term, _trig_triple

    prefixes = {"fz": "https://w3id.org/fazhi-kg/ontology#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
    lines = ['\t<https://w3id.org/fazhi-kg/id/report/x> fz:quote "他说\\"双随机\\"\\n一公开\\\\ \\u00e9 ." .\n',
             '\t<https://w3id.org/fazhi-kg/id/report/x> fz:docNumber "运政函〔2022〕3号"@zh .\n',
             '\t<https://w3id.org/fazhi-kg/id/report/x> fz:yearCovered "2021"^^xsd:gYear .\n',
             '\t<https://w3id.org/fazhi-kg/id/report/x> fz:value "1.5"^^<http://example.org/dt> .\n',
             '\t<https://w3id.org/fazhi-kg/id/report/x> a fz:Report .\n',
             '\t<https://w3id.org/fazhi-kg/id/report/x> fz:about <https://w3id.org/fazhi-kg/id/jurisdiction/140800> .\n']
    head = "".join(f"@prefix {k}: <{v}> .\n" for k, v in prefixes.items())
    for line in lines:
        q = next(iter(parse(input=head + line, format=RdfFormat.TURTLE)))
        assert _trig_triple(line, prefixes) == (q.subject.value, q.predicate.value, _term(q.object)), line


def test_a_graph_that_differs_from_the_trig_is_read_from_the_store(corpus_build_copy):
    from pyoxigraph import Store

    from graph.neo4j_load import BuildSource

    store = Store(str(corpus_build_copy / "store"))
    graph = sorted(g.value for g in store.named_graphs() if "/id/report/" in g.value)[0]
    quad = next(iter(store.quads_for_pattern(None, None, None, NamedNode(graph))))
    store.remove(quad)  # the store changed after the export
    store.flush()
    del store
    source = BuildSource(corpus_build_copy)
    assert source.from_trig
    triples = dict(source.iter_graphs([graph]))[graph]
    assert graph_digest(triples) == graph_digest(source.triples(graph))
    assert (quad.subject.value, quad.predicate.value) not in {(s, p) for s, p, o in triples if o.value == quad.object.value}


def test_no_exports_no_trig(corpus_build_copy):
    from graph.neo4j_load import BuildSource

    (corpus_build_copy / "build.json").unlink()
    assert not BuildSource(corpus_build_copy).from_trig


def test_a_reader_process_that_dies_ends_the_load_with_a_clear_error(corpus_build, monkeypatch):
    import os

    import graph.neo4j_load as load
    from fazhi.errors import Neo4jError

    source = load.BuildSource(corpus_build)
    monkeypatch.setattr(load, "_reader", lambda *args: os._exit(3))  # the forked child runs this
    with pytest.raises(Neo4jError, match=r"died \(exit code 3\).*rerun `fazhi load`"):
        list(load._report_events(source, source.report_graphs(), {}, {}, False, 1000))


def test_a_failure_inside_the_reader_process_is_raised_in_the_loader(corpus_build, monkeypatch):
    import graph.neo4j_load as load
    from fazhi.errors import Neo4jError

    def broken(trig, *args):
        raise MemoryError("no room")

    source = load.BuildSource(corpus_build)
    monkeypatch.setattr(load, "TrigFile", broken)
    with pytest.raises(Neo4jError, match=r"reading .*graph.trig failed: MemoryError: no room"):
        list(load._report_events(source, source.report_graphs(), {}, {}, False, 1000))


def test_without_fork_the_trig_is_read_in_this_process(corpus_build, monkeypatch):
    import multiprocessing

    import graph.neo4j_load as load

    source = load.BuildSource(corpus_build)
    reports = source.report_graphs()
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(load, "_read_in_child", lambda *a, **k: pytest.fail("forked on a platform without fork"))
    events = list(load._report_events(source, reports, {}, {}, False, 1000))
    assert sorted(i.uri for e in events if e[0] == "batch" for i in e[1]) == sorted(reports)


def test_transaction_batches_never_split_an_item():
    from graph.neo4j_load import TransactionBatches

    batches, closed = TransactionBatches(10), []
    for item, rows in [("a", 4), ("b", 5), ("c", 3), ("big", 25), ("d", 1)]:
        full = batches.add(item, rows)
        if full:
            closed.append(full)
    assert closed == [["a", "b"], ["c"], ["big"]] and batches.items == ["d"]
