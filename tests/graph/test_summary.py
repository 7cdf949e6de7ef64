"""The corpus summary graphs (graph/summary.py, docs/model.md "Corpus summary graphs").

Unit cases: a manifest filled with hand-written mention and citation rows, expected values beside
them. Integration: the five real reports, checked against adoptions.csv (computed independently,
in SQL), incremental rebuilds, prune, upgrade of an old manifest, SHACL.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store, parse

from graph.build import build
from graph.manifest import CitationRow, Manifest, MentionRow, ReportSummary
from graph.rdf import RdfBuilder
from graph.summary import mention_rows, refresh, summary_graphs, term_values
from ontology import iri
from ontology.vocab import load

ID = "https://w3id.org/fazhi-kg/id/"
FZ = "https://w3id.org/fazhi-kg/ontology#"
M = "https://w3id.org/fazhi-kg/vocab/mechanism/"


def _fact(report: str, n: int) -> str:
    return f"{ID}report/{report}/fact/mechanism.alias/{n}-{n + 4}"


def _report(sha: str, code: str, year: int, mentions, citations=()) -> ReportSummary:
    return ReportSummary(sha256=sha, report_iri=f"{ID}report/{sha[:16]}", doc=f"{sha}.txt",
                         jurisdiction_code=code, jurisdiction=None, province=None, level=None,
                         year=year, doc_type="annual_report", title=None, counts={},
                         mentions=tuple(mentions), citations=tuple(citations))


def _m(sha, n, mech, code, year, stage, candidate=False, label=None) -> MentionRow:
    target = mech if candidate else M + mech
    return MentionRow(fact=_fact(sha[:16], n), target=target, candidate=candidate, label=label,
                      jurisdiction_code=code, year=year, stage=stage)


A, B, C = "a" * 64, "b" * 64, "c" * 64
CAND = f"{ID}candidate/0123456789abcdef"
DOC = f"{ID}document/fedcba9876543210"


@pytest.fixture()
def manifest(tmp_path):
    m = Manifest(tmp_path / "manifest.sqlite")
    reports = [
        # 邓州 2020: plans double-random, implements it later in the same report, pilots grid
        _report(A, "411381", 2020, [
            _m(A, 10, "double-random", "411381", 2020, "planned"),
            _m(A, 50, "double-random", "411381", 2020, "implemented"),
            _m(A, 90, "grid-management", "411381", 2020, "piloting"),
            _m(A, 130, CAND, "411381", 2020, "implemented", candidate=True, label='警司访"+"'),
        ], [CitationRow(DOC, "重大行政决策程序暂行条例", None, "national")]),
        # 邓州 2019 (an earlier year, read later): only a target for double-random
        _report(B, "411381", 2019, [
            _m(B, 20, "double-random", "411381", 2019, "target"),
        ], [CitationRow(DOC, "重大行政决策程序暂行条例", "国令第713号", "national")]),
        # 运城 2021: double-random and grid, plus a mention with no place and one with no year
        _report(C, "140800", 2021, [
            _m(C, 5, "double-random", "140800", 2021, "implemented"),
            _m(C, 60, "grid-management", "140800", 2021, "implemented"),
            _m(C, 99, "grid-management", None, 2021, "implemented"),
            _m(C, 140, "grid-management", "140800", None, "implemented"),
            _m(C, 180, CAND, "140800", 2018, "planned", candidate=True, label="警司访+"),
        ]),
    ]
    m.record_reports([(f"/x/{r.doc}", r, b"", b"") for r in reports], "fp")
    yield m
    m.close()


def _quads(lines: list[str]):
    return list(parse("".join(lines).encode("utf-8"), format=RdfFormat.N_QUADS))


def _props(lines: list[str], subject: str) -> dict[str, str]:
    return {q.predicate.value.removeprefix(FZ):
            q.object.value for q in _quads(lines) if q.subject.value == subject}


def test_adoption_summary_first_mention_and_first_adoption(manifest):
    graphs = summary_graphs(manifest, RdfBuilder(load()))
    g = graphs[str(iri.mechanism_summary("double-random"))]
    s = _props(g, str(iri.adoption_summary("double-random", "411381")))
    assert s["firstMentionYear"] == "2019" and s["firstMention"] == _fact(B[:16], 20)
    assert s["firstMentionStage"] == FZ + "Target"
    assert s["firstAdoptionYear"] == "2020" and s["firstAdoption"] == _fact(A[:16], 50)
    assert s["firstAdoptionStage"] == FZ + "Implemented"
    assert (s["mentionCount"], s["reportCount"]) == ("3", "2")


def test_mechanism_summary_counts_every_mention(manifest):
    graphs = summary_graphs(manifest, RdfBuilder(load()))
    name = str(iri.mechanism_summary("grid-management"))
    s = _props(graphs[name], name)
    # 4 mentions in 2 reports; adopters: 411381 (piloting) and 140800; the undated and the
    # placeless mention count for the mechanism but make no place summary
    assert (s["mentionCount"], s["reportCount"], s["jurisdictionCount"]) == ("4", "2", "2")
    assert s["firstAdoptionYear"] == "2020"
    places = {q.subject.value for q in _quads(graphs[name])
              if q.object.value == FZ + "AdoptionSummary"}
    assert places == {str(iri.adoption_summary("grid-management", c)) for c in ("411381", "140800")}
    assert _props(graphs[name], str(iri.adoption_summary("grid-management", "140800")))["mentionCount"] == "1"


def test_co_adoption_counts_places_adopting_both(manifest):
    graphs = summary_graphs(manifest, RdfBuilder(load()))
    g = graphs[str(iri.mechanism_summary("double-random"))]
    s = _props(g, str(iri.co_adoption("double-random", "grid-management")))
    assert s["jurisdictionCount"] == "2"
    assert s["coMechanism"] == M + "grid-management"
    # only one direction is written (notation order)
    assert str(iri.co_adoption("grid-management", "double-random")) not in \
        {q.subject.value for q in _quads(graphs[str(iri.mechanism_summary("grid-management"))])}


def test_candidate_and_document_summaries(manifest):
    graphs = summary_graphs(manifest, RdfBuilder(load()))
    cands = graphs[str(iri.summary_graph("candidates"))]
    s = _props(cands, str(iri.candidate_summary(CAND)))
    assert (s["firstMentionYear"], s["firstMention"]) == ("2018", _fact(C[:16], 180))
    assert s["jurisdiction"] == ID + "jurisdiction/140800"
    assert (s["mentionCount"], s["reportCount"], s["jurisdictionCount"]) == ("2", "2", "2")
    # the least label, escaped correctly (it holds quotes)
    assert _props(cands, CAND)["http://www.w3.org/2000/01/rdf-schema#label"] == '警司访"+"'
    docs = graphs[str(iri.summary_graph("documents"))]
    s = _props(docs, str(iri.document_summary(DOC)))
    assert (s["reportCount"], s["jurisdictionCount"], s["firstMentionYear"]) == ("2", "1", "2019")
    assert s["firstReport"] == f"{ID}report/{B[:16]}"
    assert _props(docs, DOC)["docNumber"] == "国令第713号"
    names = {q.subject.value for q in _quads(graphs[str(iri.summary_graph("jurisdictions"))])}
    assert {ID + "jurisdiction/411381", ID + "jurisdiction/410000", ID + "jurisdiction/140800"} <= names


def test_mention_rows_read_the_report_graph(corpus_build):
    store = Store.read_only(str(corpus_build / "store"))
    n = 0
    for g in store.named_graphs():
        if "/report/" not in g.value:
            continue
        quads = list(store.quads_for_pattern(None, None, None, g))
        mentions, citations = mention_rows(term_values(quads))
        adoptions = {q.subject.value for q in quads if q.object.value == FZ + "Adoption"}
        assert {m.fact for m in mentions} == adoptions
        assert {c.document for c in citations} == {q.object.value for q in quads
                                                   if q.predicate.value == FZ + "cites"}
        n += len(mentions)
    assert n > 100


def _summary_rows(build_dir: Path) -> dict[tuple[str, str], tuple[str, str, int]]:
    store = Store.read_only(str(build_dir / "store"))
    q = """PREFIX fz: <https://w3id.org/fazhi-kg/ontology#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?n ?code ?fy ?fm ?rc WHERE {
      GRAPH ?g { ?s a fz:AdoptionSummary ; fz:mechanism ?m ; fz:jurisdiction ?j ; fz:reportCount ?rc ;
                    fz:firstMentionYear ?fm . OPTIONAL { ?s fz:firstAdoptionYear ?fy } }
      GRAPH <https://w3id.org/fazhi-kg/id/summary/jurisdictions> { ?j fz:code ?code }
      GRAPH <https://w3id.org/fazhi-kg/vocab/> { ?m skos:notation ?n } }"""
    return {(r["code"].value, r["n"].value): (r["fy"].value if r["fy"] else "", r["fm"].value,
                                               int(r["rc"].value)) for r in store.query(q)}


def test_real_reports_agree_with_adoptions_csv(corpus_build):
    with open(corpus_build / "adoptions.csv", encoding="utf-8") as fh:
        expected = {(r["jurisdiction_code"], r["mechanism"]):
                    (r["first_year_implemented"], r["first_year_mentioned"], int(r["n_reports"]))
                    for r in csv.DictReader(fh)}
    assert len(expected) > 100
    assert _summary_rows(corpus_build) == expected


def test_summary_graphs_are_in_graph_trig_and_not_report_graphs(corpus_build):
    from graph.store import GraphStore

    store = GraphStore(corpus_build / "store", read_only=True)
    summaries = store.summary_graphs()
    assert str(iri.summary_graph("jurisdictions")) in summaries
    assert not summaries & store.report_graphs() and len(store.report_graphs()) == 5
    trig = Store()
    trig.load(path=str(corpus_build / "graph.trig"), format=RdfFormat.TRIG)
    for name in sorted(summaries)[:5]:
        assert len(store.graph_quads(name)) == len(list(trig.quads_for_pattern(None, None, None, parse_node(name))))


def parse_node(name: str):
    from pyoxigraph import NamedNode

    return NamedNode(name)


def test_rebuild_prune_and_upgrade(corpus_dir, tmp_path):
    files = sorted(Path(corpus_dir).glob("*.txt"))
    src = tmp_path / "src"
    src.mkdir()
    for f in files:
        shutil.copy(f, src / f.name)
    out = tmp_path / "build"
    build([src], out, workers=1)
    before = _summary_rows(out)
    again = build([src], out, workers=1)
    assert again.timings["summary_graphs_written"] == 0 and _summary_rows(out) == before

    # removing a report: its places' summaries go, counts elsewhere stay consistent
    (src / files[0].name).unlink()
    build([src], out, workers=1, prune=True)
    after = _summary_rows(out)
    with open(out / "adoptions.csv", encoding="utf-8") as fh:
        assert after == {(r["jurisdiction_code"], r["mechanism"]):
                         (r["first_year_implemented"], r["first_year_mentioned"], int(r["n_reports"]))
                         for r in csv.DictReader(fh)}
    assert after != before

    # a build made before the manifest kept mention rows: the rows come back from the store
    m = Manifest(out / "manifest.sqlite")
    m.db.execute("DELETE FROM mentions")
    m.db.execute("DELETE FROM citations")
    m.db.execute("DELETE FROM meta WHERE key = 'mention_rows'")
    m.close()
    upgraded = build([src], out, workers=1)
    assert upgraded.extracted == 0 and upgraded.timings["summary_graphs_written"] == 0
    assert _summary_rows(out) == after


def test_refresh_drops_graphs_that_no_longer_exist(manifest, tmp_path):
    from graph.store import GraphStore

    store = GraphStore(tmp_path / "store")
    builder = RdfBuilder(load())
    first = refresh(store, manifest, builder, tmp_path / "spool.nq")
    assert len(first.write) == first.graphs == len(store.summary_graphs())
    manifest.forget_report(C)  # the only report naming 运城: grid-management keeps 邓州 only
    second = refresh(store, manifest, builder, tmp_path / "spool.nq")
    assert second.drop == [] and 0 < len(second.write) < second.graphs
    assert store.graph_quads(str(iri.mechanism_summary("grid-management")))  # rewritten, not lost
    for sha in (A, B):
        manifest.forget_report(sha)
    third = refresh(store, manifest, builder, tmp_path / "spool.nq")
    assert third.graphs == 0 and len(third.drop) == first.graphs and not store.summary_graphs()


def test_summary_graphs_conform_to_the_shapes(corpus_build):
    from pyoxigraph import serialize
    from pyshacl import validate
    from rdflib import Graph, URIRef

    store = Store.read_only(str(corpus_build / "store"))
    triples = [q.triple for g in store.named_graphs() if "/summary/" in g.value
               for q in store.quads_for_pattern(None, None, None, g)]
    data = Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    data.parse("ontology/fazhi.ttl")
    shapes = Graph().parse("ontology/shapes.ttl")
    conforms, _, text = validate(data, shacl_graph=shapes)
    assert conforms, text[:2000]
    # the shapes do bite: a summary without its report count is a violation
    data.remove((None, URIRef(FZ + "reportCount"), None))
    conforms, _, text = validate(data, shacl_graph=shapes)
    assert not conforms and "reportCount" in text
