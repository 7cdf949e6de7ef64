"""The SPARQL twins on the invented graph of queries_graph.py, against answers worked out by hand."""

from __future__ import annotations

import pytest
from queries_graph import concept

from queries.catalog import catalog, get
from queries.params import Bound
from queries.run import StoreBackend, finish_rows

DR = Bound(concept("mechanism", "double-random"), iri=True)
CGL = Bound(concept("mechanism", "government-court-linkage"), iri=True)
HEAD_RATE = Bound(concept("indicator", "head-court-appearance-rate"), iri=True)
R = "https://w3id.org/fazhi-kg/id/report/a00000000000000"
HENAN = Bound("410000")


@pytest.fixture(scope="module")
def store(mini_build):
    return StoreBackend.open(mini_build)


def rows(store, name, **params):
    q = get(name)
    bound = {p.name: params.get(p.name, Bound(int(p.default) if p.kind == "int" and p.default else None))
             for p in q.params}
    return finish_rows(q, store.execute(q, bound))


def pick(rs, *cols):
    return [tuple(r[c] for c in cols) for r in rs]


def test_adoption_curve_overall_and_per_province(store):
    rs = rows(store, "adoption_curve", mechanism=DR)
    assert pick(rs, "province_code", "province_name", "year", "new_adopters", "cumulative") == [
        (None, "全部", 2020, 1, 1), (None, "全部", 2021, 1, 2), (None, "全部", 2022, 1, 3), (None, "全部", 2023, 1, 4),
        ("140000", "山西省", 2021, 1, 1),
        ("410000", "河南省", 2020, 1, 1), ("410000", "河南省", 2022, 1, 2), ("410000", "河南省", 2023, 1, 3),
    ]


def test_adoption_curve_for_one_province(store):
    rs = rows(store, "adoption_curve", mechanism=DR, province=Bound("410000"))
    assert pick(rs, "province_code", "year", "cumulative") == [
        ("410000", 2020, 1), ("410000", 2022, 2), ("410000", 2023, 3)]


def test_adoption_curve_ignores_planned_mentions(store):
    # 府院联动: piloted by 新乡 2021, only planned by 鼓楼区 2023
    rs = rows(store, "adoption_curve", mechanism=CGL)
    assert pick(rs, "province_code", "year", "cumulative") == [(None, 2021, 1), ("410000", 2021, 1)]


def test_adoption_timeline_first_mention_and_adoption(store):
    rs = rows(store, "adoption_timeline", mechanism=CGL, province=HENAN)
    assert pick(rs, "jurisdiction_code", "first_year", "first_stage", "adopted_year", "mentions", "quote") == [
        ("410700", 2021, "piloting", 2021, 1, "府院联动"),
        ("410204", 2023, "planned", None, 1, "府院联动"),
    ]
    assert rows(store, "adoption_timeline", mechanism=CGL, province=Bound("140000")) == []
    dr = rows(store, "adoption_timeline", mechanism=DR, province=HENAN)
    xinxiang = dr[0]
    assert (xinxiang["jurisdiction_name"], xinxiang["mentions"], xinxiang["report"], xinxiang["start"]) == (
        "新乡市", 3, R + "1", 10)
    assert xinxiang["sentence"] == "全面推行“双随机、一公开”监管。"


def test_followers_pairs_within_a_province(store):
    rs = rows(store, "followers", mechanism=DR, province=HENAN)
    assert pick(rs, "leader_name", "follower_name", "lag") == [
        ("新乡市", "鼓楼区", 3), ("新乡市", "邓州市", 2), ("邓州市", "鼓楼区", 1)]
    assert {(r["province_code"], r["province_name"]) for r in rs} == {("410000", "河南省")}
    assert rows(store, "followers", mechanism=DR, province=Bound("140000")) == []  # 运城市 alone in 山西


def test_first_adopters_and_pioneer_claims(store):
    rs = rows(store, "first_adopters", mechanism=CGL)
    assert pick(rs, "kind", "year", "jurisdiction_name", "stage", "claim_type", "scope") == [
        ("adopter", 2021, "新乡市", "piloting", None, None),
        ("claim", 2021, "新乡市", None, "率先", "全省"),
    ]
    assert rs[1]["text"] == "建立府院联动机制"


def test_jurisdiction_profile(store):
    rs = rows(store, "jurisdiction_profile", jurisdiction=Bound("410700"))
    assert pick(rs, "kind", "year", "item", "stage", "mentions", "value") == [
        ("mechanism", 2020, "double-random", "implemented", 1, None),
        ("mechanism", 2020, "three-enforcement-systems", "planned", 1, None),
        ("mechanism", 2021, "double-random", "implemented", 2, None),
        ("mechanism", 2021, "government-court-linkage", "piloting", 1, None),
        ("mechanism", 2021, "three-enforcement-systems", "implemented", 1, None),
        ("outcome", 2021, "head-court-appearance-rate", None, None, 95.5),
    ]


def test_compare_indicator(store):
    rs = rows(store, "compare_indicator", indicator=HEAD_RATE, province=HENAN)
    assert pick(rs, "jurisdiction_name", "year", "value", "unit", "approximate") == [
        ("新乡市", 2021, 95.5, "%", False), ("邓州市", 2022, 100.0, "%", False)]


def test_co_adoption_counts_implemented_or_piloted_pairs(store):
    rs = rows(store, "co_adoption")
    assert pick(rs, "mechanism_a", "mechanism_b", "jurisdictions") == [
        ("double-random", "government-court-linkage", 1),
        ("double-random", "three-enforcement-systems", 1),
        ("government-court-linkage", "three-enforcement-systems", 1),
    ]


def test_mechanism_agencies(store):
    assert rows(store, "mechanism_agencies", mechanism=DR, province=Bound("140000")) == []
    rs = rows(store, "mechanism_agencies", mechanism=DR, province=HENAN)
    assert pick(rs, "agency_name", "agency_type", "jurisdiction_code", "adoptions", "first_year") == [
        ("新乡市市场监督管理局", "market-regulation", "410700", 1, 2021),
        ("邓州市司法局", "justice-bureau", "411381", 1, 2022),
    ]


def test_cited_documents_and_level_filter(store):
    rs = rows(store, "cited_documents", level=Bound("national"))
    assert pick(rs, "title", "citing_reports", "citing_jurisdictions", "first_year", "first_report",
                "jurisdiction_code", "jurisdiction_name") == [
        ("法治政府建设实施纲要（2021—2025年）", 3, 2, 2020, R + "1", "410700", "新乡市")]
    assert rows(store, "cited_documents", level=Bound("local")) == []
    prov = rows(store, "cited_documents", level=Bound("provincial"))
    assert pick(prov, "title", "doc_number", "document_level") == [
        ("河南省法治政府建设实施方案", "豫发〔2021〕1号", "provincial")]


def test_evidence_lists_every_sentence(store):
    rs = rows(store, "evidence", jurisdiction=Bound("410700"), mechanism=DR)
    assert pick(rs, "year", "quote", "start", "end") == [
        (2020, "双随机、一公开", 10, 17), (2021, "双随机一公开", 12, 18), (2021, "双随机、一公开", 90, 97)]
    assert all(r["source_file"].startswith("test_") and r["rule"] == "mechanism.alias" for r in rs)


def test_new_mechanisms_by_first_appearance(store):
    rs = rows(store, "new_mechanisms")
    assert pick(rs, "first_year", "first_quote", "first_jurisdiction_code", "jurisdictions", "reports", "mentions") == [
        (2021, "“警司访+”", "140800", 2, 2, 2)]


def test_overview_queries(store):
    reports = rows(store, "reports", province=HENAN)
    assert pick(reports, "jurisdiction_code", "year", "doc_type", "province_name") == [
        ("410204", 2023, "plan", "河南省"), ("410700", 2020, "annual_report", "河南省"),
        ("410700", 2021, "annual_report", "河南省"), ("411381", 2022, "annual_report", "河南省")]
    assert pick(rows(store, "reports", province=Bound("140000")), "jurisdiction_code", "year") == [("140800", 2021)]
    top = rows(store, "top_mechanisms")
    assert pick(top, "mechanism", "jurisdictions", "reports", "mentions", "first_year") == [
        ("double-random", 4, 5, 6, 2020), ("three-enforcement-systems", 1, 3, 3, 2021),
        ("government-court-linkage", 1, 2, 2, 2021)]
    claims = rows(store, "pioneer_claims", province=HENAN)
    assert pick(claims, "claim_type", "mechanism", "jurisdiction_name") == [
        ("率先", "government-court-linkage", "新乡市"), ("首家", None, "鼓楼区")]
    assert rows(store, "pioneer_claims", province=Bound("140000")) == []
    firsts = rows(store, "first_adoptions", province=HENAN, mechanism=DR)
    assert pick(firsts, "mechanism", "jurisdiction_code", "first_year", "stage", "quote", "start", "source_file") == [
        ("double-random", "410700", 2020, "implemented", "双随机、一公开", 10, "test_1.txt"),
        ("double-random", "411381", 2022, "implemented", "双随机", 5, "test_3.txt"),
        ("double-random", "410204", 2023, "implemented", "双随机、一公开", 3, "test_5.txt"),
    ]
    assert {r["province_name"] for r in firsts} == {"河南省"}
    assert pick(rows(store, "first_adoptions", province=HENAN, mechanism=CGL), "jurisdiction_code", "stage") == [
        ("410700", "piloting")]  # 鼓楼区 only plans it
    shanxi = rows(store, "first_adoptions", province=Bound("140000"), mechanism=DR)
    assert pick(shanxi, "jurisdiction_name", "first_year", "stage", "mechanism_name") == [
        ("运城市", 2021, "piloting", "双随机、一公开")]


@pytest.mark.parametrize("name", sorted(catalog()))
def test_every_query_runs_and_is_deterministic(store, name):
    q = get(name)
    params = {"mechanism": DR, "indicator": HEAD_RATE, "jurisdiction": Bound("410700"), "province": HENAN,
              "level": Bound("national")}
    bound = {p.name: params.get(p.name, Bound(int(p.default) if p.default else None)) for p in q.params}
    first = finish_rows(q, store.execute(q, bound))
    again = finish_rows(q, store.execute(q, bound))
    assert first and first == again
    assert all(list(r) == list(q.column_names) for r in first)


def test_facts_without_a_jurisdiction_keep_null_names_and_never_multiply():
    """A report whose jurisdiction is unresolved: its claim and citation rows carry no place,
    and optional look-ups must not pair them with every labelled node of the graph."""
    import pyoxigraph as ox
    from queries_graph import Report, fill

    store = ox.Store()
    orphan = Report("b000000000000001", None, 2022, [
        ("claim", "率先", "全省", "建立府院联动机制", "government-court-linkage", 5, "率先建立府院联动机制。"),
    ], cites=[("法治政府建设实施纲要（2021—2025年）", None, "national")])
    fill(store, extra=[orphan])
    backend = StoreBackend(store)
    orphan_iri = "https://w3id.org/fazhi-kg/id/report/b000000000000001"

    # a report (and its claims) without a place belongs to no province: never listed, never paired
    for province in ("410000", "140000"):
        assert orphan_iri not in {r["report"] for r in rows(backend, "pioneer_claims", province=Bound(province))}
        assert orphan_iri not in {r["report"] for r in rows(backend, "reports", province=Bound(province))}
    assert len(rows(backend, "pioneer_claims", province=HENAN)) == 2
    cited = rows(backend, "cited_documents", level=Bound("national"))
    assert pick(cited, "citing_reports", "citing_jurisdictions", "jurisdiction_code") == [(4, 2, "410700")]
    pioneers = rows(backend, "first_adopters", mechanism=CGL)
    assert pick(pioneers, "kind", "jurisdiction_code") == [("adopter", "410700"), ("claim", "410700"), ("claim", None)]
