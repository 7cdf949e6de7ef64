"""graph.rdf: an invented report's graph against its golden file, and the rules the model states."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, serialize
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

GOLDEN = Path(__file__).parent / "golden"
sys.path.insert(0, str(GOLDEN))

import graph_sample as sample  # noqa: E402

from fazhi.records import Fact, Span  # noqa: E402
from graph.rdf import (RdfBuilder, document_level, normalise_term, normalise_title,  # noqa: E402
                       report_quads)
from ontology import iri  # noqa: E402
from ontology.namespaces import FZ  # noqa: E402

PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")


def as_rdflib(quads) -> Graph:
    g = Graph()
    triples = serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES)
    g.parse(data=triples.decode("utf-8"), format="nt")
    return g


@pytest.fixture(scope="module")
def builder() -> RdfBuilder:
    return RdfBuilder(sample.vocabulary())


@pytest.fixture(scope="module")
def golden_graph() -> Graph:
    ds = Dataset()
    ds.parse(GOLDEN / "yanjin-2022.trig", format="trig")
    ex = sample.extraction()
    return ds.graph(URIRef(str(iri.report(ex.document.sha256))))


def test_report_graph_matches_golden(builder, golden_graph):
    built = as_rdflib(builder.build(sample.extraction()).quads)
    assert len(golden_graph) > 150
    if not isomorphic(built, golden_graph):
        _, only_built, only_golden = graph_diff(to_isomorphic(built), to_isomorphic(golden_graph))
        pytest.fail("graph differs from golden:\n+ " + "\n+ ".join(sorted(map(str, only_built)))
                    + "\n- " + "\n- ".join(sorted(map(str, only_golden))))


def test_every_quad_in_the_report_graph(builder):
    ex = sample.extraction()
    quads = report_quads(ex, sample.vocabulary())
    name = NamedNode(str(iri.report(ex.document.sha256)))
    assert quads and all(q.graph_name == name for q in quads)
    assert len(set(quads)) == len(quads)


def test_quotes_are_exact_text_slices(builder):
    ex = sample.extraction()
    g = as_rdflib(builder.build(ex).quads)
    checked = 0
    for ev in g.subjects(URIRef(str(FZ.quote)), None):
        start = int(g.value(ev, URIRef(str(FZ.startOffset))))
        end = int(g.value(ev, URIRef(str(FZ.endOffset))))
        assert str(g.value(ev, URIRef(str(FZ.quote)))) == ex.document.text[start:end]
        assert str(g.value(ev, URIRef(str(FZ.quote)))) in str(g.value(ev, URIRef(str(FZ.sentence))))
        checked += 1
    assert checked == len(ex.facts)


def test_every_fact_has_evidence(builder):
    ex = sample.extraction()
    g = as_rdflib(builder.build(ex).quads)
    for kind in (FZ.Adoption, FZ.Observation, FZ.PioneerClaim, FZ.Agency, FZ.PolicyDocument):
        subjects = list(g.subjects(URIRef(str(__import__("rdflib").RDF.type)), URIRef(str(kind))))
        assert subjects, kind
        for s in subjects:
            assert g.value(s, PROV_DERIVED) is not None, s


def test_involved_agency_only_in_same_sentence(builder):
    ex = sample.extraction()
    g = as_rdflib(builder.build(ex).quads)
    agency = URIRef(str(iri.agency("410726", "market-regulation")))
    involved = {s for s in g.subjects(URIRef(str(FZ.involvedAgency)), agency)}
    key = iri.report_key(ex.document.sha256)
    assert {str(s).rsplit("/fact/", 1)[1] for s in involved} == {"mechanism.alias/45-52"}
    assert all(key in str(s) for s in involved)


def test_claim_links_the_mechanism_it_names(builder):
    assert builder.related_mechanisms("建立行政执法公示制度") == [
        str(iri.concept("mechanism", "enforcement-publicity"))]
    assert builder.related_mechanisms("推行“双随机、一公开”监管") == [
        str(iri.concept("mechanism", "double-random"))]
    assert builder.related_mechanisms("建成首个智慧法院") == []


def test_unknown_mechanism_notation_becomes_a_candidate(builder):
    ex = sample.extraction()
    f = Fact(kind="mechanism", doc=ex.document.doc, span=Span(0, 3, ex.document.text[:3]),
             rule="mechanism.x", confidence=0.5, concept="no-such-thing", label="某某机制",
             stage="implemented")
    rg = builder.build(replace(ex, facts=(f,)))
    cand = NamedNode(str(iri.candidate(normalise_term("某某机制"))))
    assert any(q.object == cand for q in rg.quads)
    assert any("not in the vocabulary" in w for w in rg.warnings)


def test_unresolved_report_has_no_about(builder):
    ex = sample.extraction(jurisdiction=None)
    rg = builder.build(replace(ex, facts=()))
    assert not any(q.predicate.value == str(FZ.about) for q in rg.quads)
    assert not any(q.predicate.value == str(FZ.jurisdiction) for q in rg.quads)


def test_same_input_same_quads(builder):
    a = builder.build(sample.extraction()).quads
    b = RdfBuilder(sample.vocabulary()).build(sample.extraction()).quads
    assert a == b


@pytest.mark.parametrize("title,number,level", [
    ("中华人民共和国行政复议法", None, "national"),
    ("法治政府建设实施纲要（2021－2025年）", None, "unknown"),
    ("重大行政决策程序暂行条例", "中法办发〔2019〕10号", "national"),
    ("国务院关于加强法治政府建设的意见", None, "national"),
    ("河南省重大行政决策程序规定", None, "provincial"),
    ("中共河南省委全面依法治省委员会工作规则", None, "provincial"),
    ("关于印发某方案的通知", "豫政办〔2021〕12号", "provincial"),
    ("关于印发某方案的通知", "晋政发〔2020〕3号", "provincial"),
    ("新乡市行政规范性文件管理办法", None, "local"),
    ("关于印发某方案的通知", "新政文〔2022〕5号", "unknown"),
    ("市委全面依法治市委员会2023年工作要点", None, "local"),
    ("规范性文件管理办法", None, "unknown"),
])
def test_document_level(title, number, level):
    assert document_level(title, number) == level


@pytest.mark.parametrize("a,b", [
    ("《法治政府建设实施纲要（2021－2025年）》", "法治政府建设实施纲要(2021-2025年)"),
    ("关于贯彻〈重大行政决策程序暂行条例〉的通知", "关于贯彻《重大行政决策程序暂行条例》的通知"),
    ("关于贯彻<重大行政决策程序暂行条例>的通知", "关于贯彻《重大行政决策程序暂行条例》的通知"),
    (" 河南省 行政执法条例 ", "河南省行政执法条例"),
])
def test_normalise_title_unifies_spellings(a, b):
    assert normalise_title(a) == normalise_title(b)
    assert iri.policy_document(normalise_title(a)) == iri.policy_document(normalise_title(b))


def test_candidate_key_ignores_quotes():
    assert normalise_term("“警司访+”") == normalise_term("警司访+")


@pytest.mark.parametrize("rule", ["mechanism.alias", "metric/rate", "claim pioneer", "引用.标题"])
def test_span_iris_are_the_iri_module_iris(rule):
    from graph.rdf import span_iri

    sha = "ab" * 32
    assert span_iri("fact", sha, rule, 12, 345) == str(iri.fact(sha, rule, 12, 345))
    assert span_iri("evidence", sha, rule, 0, 7) == str(iri.evidence(sha, rule, 0, 7))
