"""A small invented report and its facts, written by hand for the graph tests (not corpus text).

Imported by the graph tests through `load_sample()` in test_rdf_golden.py.
"""

from __future__ import annotations

import hashlib

from fazhi.records import Document, Extraction, Fact, Jurisdiction, Span
from ontology import iri
from ontology.vocab import Concept, Vocabulary

TEXT = (
    "红石县人民政府关于2022年度法治政府建设情况的报告\n"
    "一、主要成效\n"
    "县市场监管局全面推行“双随机、一公开”监管，抽查企业120家。\n"
    "在全市率先建立行政执法公示制度，推行警司访+联动模式。\n"
    "全年行政复议案件受理35件，行政诉讼败诉率约12.5%。\n"
    "认真贯彻《法治政府建设实施纲要（2021－2025年）》和豫政〔2021〕5号文件。\n"
    "二、下一步打算\n"
    "探索推行府院联动机制。\n"
)

HONGSHI = Jurisdiction(code="410726", name="延津县", level="county", parent_code="410700",
                       province_code="410000", province="河南省")


def vocabulary() -> Vocabulary:
    def c(scheme, notation, zh, en, alts=(), **kw):
        return Concept(scheme=scheme, notation=notation, iri=str(iri.concept(scheme, notation)),
                       pref_zh=zh, pref_en=en, alt_labels=tuple(alts), **kw)

    return Vocabulary([
        c("mechanism", "double-random", "双随机一公开", "double random, one public",
          ("双随机、一公开",)),
        c("mechanism", "enforcement-publicity", "行政执法公示制度", "enforcement publicity"),
        c("mechanism", "court-government-linkage", "府院联动", "court-government linkage",
          ("府院联动机制",)),
        c("indicator", "admin-reconsideration-accepted", "行政复议受理数",
          "administrative reconsideration cases accepted", unit="件"),
        c("indicator", "litigation-loss-rate", "行政诉讼败诉率", "litigation loss rate", unit="%"),
        c("agency-type", "market-regulation", "市场监督管理局", "market regulation bureau",
          ("市场监管局",)),
    ])


def span(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle), needle)


def extraction(text: str = TEXT, name: str = "hongshi-2022.txt", year: int = 2022,
               jurisdiction: Jurisdiction | None = HONGSHI) -> Extraction:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Document(doc=name, text=text, sha256=sha, path=name,
                   title="红石县人民政府关于2022年度法治政府建设情况的报告",
                   jurisdiction=jurisdiction, year=year, doc_type="annual_report",
                   doc_number="红政文〔2023〕1号", issued="2023-01-20", issuer="红石县人民政府")

    def f(kind, needle, rule, **kw):
        return Fact(kind=kind, doc=name, span=span(text, needle), rule=rule, confidence=0.9, **kw)

    facts = [
        f("agency", "县市场监管局", "agency.type", concept="market-regulation", label="市场监管局"),
        f("mechanism", "双随机、一公开", "mechanism.alias", concept="double-random",
          label="双随机一公开", stage="implemented"),
        f("metric", "抽查企业120家", "metric.count", value=120.0, unit="家", indicator="抽查企业",
          approx=False),
        f("claim", "在全市率先建立行政执法公示制度", "claim.pioneer", label="建立行政执法公示制度",
          scope="全市", claim_type="率先"),
        f("mechanism", "行政执法公示制度", "mechanism.label", concept="enforcement-publicity",
          label="行政执法公示制度", stage="implemented"),
        f("mechanism_candidate", "警司访+", "mechanism.candidate", label="“警司访+”",
          stage="implemented"),
        f("metric", "受理35件", "metric.count", value=35.0, unit="件", indicator="受理",
          concept="admin-reconsideration-accepted", approx=False),
        f("metric", "败诉率约12.5%", "metric.rate", value=12.5, unit="%", indicator="败诉率",
          concept="litigation-loss-rate", approx=True),
        f("citation", "《法治政府建设实施纲要（2021－2025年）》", "citation.title",
          label="法治政府建设实施纲要（2021－2025年）"),
        f("citation", "豫政〔2021〕5号", "citation.number", label="豫政〔2021〕5号",
          doc_number="豫政〔2021〕5号"),
        f("mechanism", "府院联动机制", "mechanism.alias", concept="court-government-linkage",
          label="府院联动", stage="planned"),
    ]
    return Extraction(doc, tuple(facts))
