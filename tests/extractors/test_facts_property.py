"""Property: no extractor raises on any text, and every fact quotes its own span exactly."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.run import FACT_EXTRACTORS, FactPipeline
from fazhi.records import Document, Section

# invented report-like fragments (not copied from any real report)
FRAGMENTS = [
    "在全省率先建立", "首家", "位居全省第一", "第一责任人", "第一批", "“双随机、一公开”", "放管服",
    "行政执法公示制度、", "执法全过程记录制度、", "重大执法决定法制审核制度", "“三项制度”",
    "受理行政复议案件", "17件", "21万余起", "0.89亿元", "4.2万件", "败诉率为", "17.39%", "十二次",
    "三百零三件", "2021年", "8月1日", "〔2022〕3号", "豫政办〔2020〕12号", "“1433”", "7×24", "“十四五”",
    "《", "》", "<", ">", "〈", "〉", "《关于<某某规定>的意见》", "(", ")", "“", "”", "、", ",", "。", ";",
    "\n", "一、", "(一)", "1.", "下一步,", "试点", "探索", "不到位", "市司法局", "南阳市中级人民法院",
    "机制", "制度", "模式", "平台", "体系", "余", "万", "亿", "%", "个百分点", "第", "每", "近", "约",
]
report_like = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=40).map("".join)
any_text = st.text(max_size=300)

PIPELINE = FactPipeline()


def _doc(text: str, doc_type: str) -> Document:
    sections = ()
    if len(text) > 4:
        mid = len(text) // 2
        sections = (Section(0, mid, "一、成效", 1, "achievements"),
                    Section(mid, len(text), "二、问题", 1, "problems"))
    return Document(doc="p.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                    doc_type=doc_type, sections=sections)


def _check(text: str, doc_type: str) -> None:
    doc = _doc(text, doc_type)
    ex = PIPELINE(doc)
    for f in ex.facts:
        assert 0 <= f.start < f.end <= len(text), f
        assert f.span.text == text[f.start:f.end], f
        assert f.kind in ("mechanism", "mechanism_candidate", "agency", "metric", "claim", "citation")
        assert 0.0 < f.confidence <= 1.0
    assert {f.kind for f in ex.facts} <= set(k for k in ("mechanism", "mechanism_candidate", "agency",
                                                          "metric", "claim", "citation"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=report_like, doc_type=st.sampled_from(["annual_report", "plan", "other"]))
def test_report_like_text(text, doc_type):
    _check(text, doc_type)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text)
def test_any_unicode(text):
    _check(text, "other")


def test_every_default_extractor_runs():
    assert [e.name for e in PIPELINE.extractors] == list(FACT_EXTRACTORS)
