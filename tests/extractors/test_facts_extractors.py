"""Fact extractors on invented report snippets, with a tiny in-test vocabulary."""

from __future__ import annotations

import hashlib

import pytest

from extractors.agencies import AgencyExtractor
from extractors.candidates import CandidateExtractor
from extractors.citations import CitationExtractor
from extractors.claims import ClaimExtractor
from extractors.mechanisms import MechanismExtractor
from extractors.run import FactPipeline
from fazhi.records import Document, Jurisdiction, Section
from ontology.vocab import Concept, Vocabulary

XINXIANG = Jurisdiction("410700", "新乡市", "prefecture", "410000", "410000", "河南省")


def concept(scheme, notation, pref, *alts, parts=(), unit=None):
    return Concept(scheme=scheme, notation=notation, iri=f"urn:x:{notation}", pref_zh=pref,
                   pref_en=notation, alt_labels=tuple(alts), parts=tuple(parts), unit=unit)


def tiny_vocab() -> Vocabulary:
    return Vocabulary([
        concept("mechanism", "double-random", "双随机一公开", "“双随机、一公开”", "双随机、一公开"),
        concept("mechanism", "delegate-regulate-serve", "放管服", "放管服改革"),
        concept("mechanism", "government-court-linkage", "府院联动"),
        concept("mechanism", "enforcement-publicity", "行政执法公示制度"),
        concept("mechanism", "enforcement-full-recording", "执法全过程记录制度"),
        concept("mechanism", "major-enforcement-legal-review", "重大执法决定法制审核制度"),
        concept("mechanism", "three-enforcement-systems", "行政执法三项制度", "三项制度",
                parts=("enforcement-publicity", "enforcement-full-recording",
                       "major-enforcement-legal-review")),
        concept("mechanism", "leaders-study-law", "领导干部学法用法", "学法用法"),
        concept("mechanism", "seventh-plan", "七五普法"),
        concept("indicator", "admin-reconsideration-accepted", "受理行政复议案件", unit="件"),
        concept("indicator", "admin-litigation-loss-rate", "败诉率", unit="%"),
        concept("agency-type", "justice-bureau", "司法局"),
        concept("agency-type", "court", "人民法院", "法院", "中级人民法院"),
        concept("agency-type", "party-standing-committee", "市委常委会"),
    ])


def make_doc(text: str, doc_type: str = "annual_report", sections=()) -> Document:
    return Document(doc="t.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                    jurisdiction=XINXIANG, year=2021, doc_type=doc_type, sections=tuple(sections))


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return tiny_vocab()


def facts(extractor, text, **kw):
    doc = make_doc(text, **kw)
    out = list(extractor.extract(doc))
    for f in out:
        assert f.span.text == doc.text[f.start:f.end]
    return out


# -- mechanisms ---------------------------------------------------------------------------------

def test_alias_with_quotes_and_enumeration_comma(vocab):
    out = facts(MechanismExtractor(vocab), "推进信用监管,强化“双随机、一公开”,深化放管服改革。")
    got = {(f.concept, f.span.text, f.rule) for f in out}
    assert ("double-random", "双随机、一公开", "mechanism.label") in got  # same key as the prefLabel
    assert ("delegate-regulate-serve", "放管服改革", "mechanism.alias") in got


def test_quotes_inside_a_label_are_ignored_and_kept_in_the_span(vocab):
    out = facts(MechanismExtractor(vocab), "获评全国“七五”普法中期先进城市。")
    assert [(f.concept, f.span.text) for f in out] == [("seventh-plan", "“七五”普法")]


def test_three_components_imply_the_composite(vocab):
    text = "全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。"
    out = facts(MechanismExtractor(vocab), text)
    composite = [f for f in out if f.rule == "mechanism.composite"]
    assert len(composite) == 1
    c = composite[0]
    assert c.concept == "three-enforcement-systems" and c.confidence < 0.9
    assert c.span.text == "行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度"
    assert {f.concept for f in out if f.rule != "mechanism.composite"} == {
        "enforcement-publicity", "enforcement-full-recording", "major-enforcement-legal-review"}


def test_two_components_do_not_imply_the_composite(vocab):
    out = facts(MechanismExtractor(vocab), "全面推行行政执法公示制度、执法全过程记录制度。")
    assert not [f for f in out if f.rule == "mechanism.composite"]


def test_named_composite_is_not_implied_again(vocab):
    text = "全面推行行政执法“三项制度”,落实行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。"
    out = facts(MechanismExtractor(vocab), text)
    assert [f.span.text for f in out if f.concept == "three-enforcement-systems"] == ["行政执法“三项制度”"]
    assert not [f for f in out if f.rule == "mechanism.composite"]


def test_mechanism_inside_a_title_is_not_an_adoption(vocab):
    out = facts(MechanismExtractor(vocab), "印发《关于深化放管服改革的意见》,推进府院联动。")
    assert [f.concept for f in out] == ["government-court-linkage"]


@pytest.mark.parametrize("text, doc_type, stage", [
    ("2021年,全面推行“双随机、一公开”监管。", "annual_report", "implemented"),
    ("在裴营乡开展府院联动试点工作。", "annual_report", "piloting"),
    ("探索“法院+部门”府院联动新模式。", "annual_report", "piloting"),
    ("下一步,我市将深化府院联动,推动争议化解。", "annual_report", "planned"),
    ("2022年,我们将继续深化放管服改革。", "annual_report", "planned"),
    ("府院联动机制落实不到位。", "annual_report", "problem"),
    ("全面推行“双随机、一公开”监管。", "plan", "planned"),
    ("力争实现“双随机、一公开”全覆盖。", "plan", "target"),
])
def test_stage_from_cues_and_doc_type(vocab, text, doc_type, stage):
    out = facts(MechanismExtractor(vocab), text, doc_type=doc_type)
    assert out and {f.stage for f in out} == {stage}


def test_stage_from_section_roles(vocab):
    text = "一、主要成效\n深化府院联动。\n二、存在问题\n府院联动作用发挥还不够。\n三、下步打算\n深化府院联动。\n"
    a, b, c = text.index("一"), text.index("二、"), text.index("三、")
    sections = [Section(a, b, "一、主要成效", 1, "achievements"),
                Section(b, c, "二、存在问题", 1, "problems"),
                Section(c, len(text), "三、下步打算", 1, "next_steps")]
    out = facts(MechanismExtractor(vocab), text, sections=sections)
    assert [f.stage for f in out] == ["implemented", "problem", "planned"]


def test_problem_paragraph_without_sections(vocab):
    text = "全年工作虽取得一定成效,但还有一定差距,主要表现在:一是府院联动机制运行不畅。\n"
    out = facts(MechanismExtractor(vocab), text)
    assert [f.stage for f in out] == ["problem"]


# -- candidates ---------------------------------------------------------------------------------

def test_candidates_quoted_and_suffix_names(vocab):
    text = ("确立“1433”示范创建工作机制,建立“警司访+”多元调处机制,实施“三书同达”,"
            "实行“一天办四证”。建立行政诉讼备案管理机制,完善工作机制,深化“放管服”改革,"
            "“信用环境建设”指标位居前列,全国“七五”普法,“1433”示范创建工作机制成效明显。")
    out = facts(CandidateExtractor(vocab), text)
    labels = [f.label for f in out]
    assert "“1433”示范创建工作机制" in labels
    assert any(lab.startswith("“警司访+”") for lab in labels)
    assert "“三书同达”" in labels and "“一天办四证”" in labels
    assert "行政诉讼备案管理机制" in labels
    assert labels.count("“1433”示范创建工作机制") == 1  # deduped within a report
    assert not [lab for lab in labels if "放管服" in lab or "七五" in lab or "信用环境" in lab]
    assert "工作机制" not in labels and "完善工作机制" not in labels
    assert all(f.confidence <= 0.6 and f.kind == "mechanism_candidate" for f in out)


# -- agencies -----------------------------------------------------------------------------------

def test_agencies_with_owner(vocab):
    out = facts(AgencyExtractor(vocab), "市司法局会同南阳市中级人民法院召开会议,市委常委会听取汇报。")
    got = {(f.label, f.concept, f.jurisdiction) for f in out}
    assert ("市司法局", "justice-bureau", "新乡市") in got
    assert ("南阳市中级人民法院", "court", "南阳市") in got
    assert ("市委常委会", "party-standing-committee", "新乡市") in got


# -- claims -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, claim_type, scope, label", [
    ("在全省率先建立领导干部学法用法长效机制,连续举办讲堂。", "率先", "全省", "建立领导干部学法用法长效机制"),
    ("在全省首家实行领导班子述法制度。", "首家", "全省", "实行领导班子述法制度"),
    ("出台全省首张市县两级层级权限清单,公布事项4410项。", "首张", "全省", "市县两级层级权限清单"),
    ("率先推行“移动政务客服”新模式。", "率先", None, "推行“移动政务客服”新模式"),
    ("率先在全省范围内实现事项“五统一”。", "率先", "全省", "实现事项“五统一”"),
    ("“信用环境建设”指标位居全省第一。", "第一", "全省", "“信用环境建设”指标"),
    ("全市双告知认领率为99.86%,名列全省第一。", "第一", "全省", "全市双告知认领率"),
    ("归集涉企行政许可信息25371条,排名全省第一。", "第一", "全省", "归集涉企行政许可信息"),
])
def test_claims(vocab, text, claim_type, scope, label):
    out = facts(ClaimExtractor(vocab), text)
    assert [(f.claim_type, f.scope, f.label) for f in out] == [(claim_type, scope, label)]


@pytest.mark.parametrize("text", [
    "压实法治建设第一责任人职责。", "被命名为第一批示范地区。", "召开第一次会议。",
    "运行质量位列全国第一方阵。", "名列全省前茅。",
])
def test_not_claims(vocab, text):
    assert facts(ClaimExtractor(vocab), text) == []


def test_claim_names_its_mechanism(vocab):
    out = facts(ClaimExtractor(vocab), "在全省率先建立领导干部学法用法长效机制。")
    assert out[0].concept == "leaders-study-law"


# -- citations ----------------------------------------------------------------------------------

def test_nested_title_gives_two_citations():
    text = "出台《新乡市人民政府关于贯彻执行<河南省重大行政决策程序规定>的实施意见》。"
    out = facts(CitationExtractor(), text)
    assert [(f.rule, f.label, f.span.text) for f in out] == [
        ("citation.title", "新乡市人民政府关于贯彻执行<河南省重大行政决策程序规定>的实施意见",
         "《新乡市人民政府关于贯彻执行<河南省重大行政决策程序规定>的实施意见》"),
        ("citation.nested", "河南省重大行政决策程序规定", "<河南省重大行政决策程序规定>"),
    ]


def test_angle_marks_and_doc_number_after_title():
    text = "根据《中央办公室关于印发〈关于开展示范创建活动的意见〉的通知》(中法办发〔2019〕10号)文件精神。"
    out = facts(CitationExtractor(), text)
    outer = [f for f in out if f.rule == "citation.title"]
    assert len(outer) == 1 and outer[0].doc_number == "中法办发〔2019〕10号"
    assert [f.label for f in out if f.rule == "citation.nested"] == ["关于开展示范创建活动的意见"]
    assert not [f for f in out if f.rule == "citation.doc_number"]  # belongs to the title


def test_own_doc_number_is_not_a_citation_but_others_are():
    text = "濮法政〔2020〕6号\n\n依据豫法政办〔2019〕14号文件,严格落实《重大行政决策程序暂行条例》。"
    out = sorted(facts(CitationExtractor(), text), key=lambda f: f.start)
    assert [(f.rule, f.label) for f in out] == [
        ("citation.doc_number", "豫法政办〔2019〕14号"),
        ("citation.title", "重大行政决策程序暂行条例"),
    ]


def test_newspaper_is_not_a_policy_document():
    assert facts(CitationExtractor(), "《人民政协报》头版专题报道。") == []


# -- pipeline -----------------------------------------------------------------------------------

def test_pipeline_sorts_and_tags_facts(vocab):
    doc = make_doc("在全省率先建立领导干部学法用法长效机制,市司法局受理行政复议案件17件,败诉率为17.39%。")
    ex = FactPipeline(vocab=vocab)(doc)
    assert ex.document is doc
    assert [f.start for f in ex.facts] == sorted(f.start for f in ex.facts)
    kinds = {f.kind for f in ex.facts}
    assert {"claim", "mechanism", "agency", "metric"} <= kinds
    assert all(f.jurisdiction_code == "410700" and f.year == 2021 for f in ex.facts)
    metrics = {f.unit: (f.indicator, f.value, f.concept) for f in ex.facts if f.kind == "metric"}
    assert metrics["件"] == ("市司法局受理行政复议案件", 17.0, "admin-reconsideration-accepted")
    assert metrics["%"] == ("败诉率", 17.39, "admin-litigation-loss-rate")


def test_agency_level_prefix_names_the_parent_or_no_single_unit(vocab):
    from dataclasses import replace

    gulou = Jurisdiction("410204", "鼓楼区", "district", "410200", "410000", "河南省")
    text = "落实市委常委会部署,区委常委会听取汇报,各县司法局参加。"
    doc = replace(make_doc(text), jurisdiction=gulou)
    got = {(f.label, f.jurisdiction, f.jurisdiction_code) for f in AgencyExtractor(vocab).extract(doc)}
    assert ("市委常委会", "开封市", "410200") in got
    assert ("县司法局", None, None) in got


def test_metric_phrases_and_concepts(vocab):
    from extractors.metrics import MetricExtractor

    text = ("共收到行政复议案件340件,受理303件。受理行政复议案件12件,受理320万元。市本级1114项政务服务事项实现网办,"
            "出台《甲条例》《乙办法》等3部规章,对拟提拔的200余名领导干部开展测试。")
    out = {f.span.text: f for f in facts(MetricExtractor(vocab), text)}
    assert (out["303件"].indicator, out["303件"].concept) == ("受理", "admin-reconsideration-accepted")
    assert (out["320万元"].value, out["320万元"].concept) == (3200000.0, None)  # 元: no 件 object
    assert out["1114项"].indicator.startswith("政务服务事项")
    assert "《" not in out["3部"].indicator and "》" not in out["3部"].indicator
    assert out["200余名"].indicator.startswith("领导干部")


def test_traditional_and_full_width_text_matches_with_exact_spans(vocab):
    text = "強化「雙隨機、一公開」監管，在全省率先建立領導幹部學法用法長效機制，敗訴率為１７．３９％。"
    doc = make_doc(text)
    ex = FactPipeline(vocab=vocab)(doc)
    got = {(f.kind, f.span.text, f.concept) for f in ex.facts}
    assert ("mechanism", "「雙隨機、一公開」", "double-random") in got or \
        ("mechanism", "雙隨機、一公開", "double-random") in got
    assert ("metric", "１７．３９％", "admin-litigation-loss-rate") in got
    assert any(f.kind == "claim" and f.scope == "全省" for f in ex.facts)
    for f in ex.facts:
        assert text[f.start:f.end] == f.span.text


def test_agency_place_name_overlapping_the_label_and_ambiguous_names(vocab):
    voc = Vocabulary([*[c for s in ("mechanism", "indicator") for c in vocab.concepts(s)],
                      concept("agency-type", "people-government", "人民政府", "区人民政府"),
                      concept("agency-type", "justice-bureau", "司法局")])
    text = "开封市鼓楼区人民政府印发通知,鼓楼区司法局组织培训。"
    got = {(f.span.text, f.jurisdiction_code) for f in AgencyExtractor(voc).extract(make_doc(text))}
    # 鼓楼区 alone is ambiguous (开封, 南京, 徐州, 福州): the report's text decides it
    assert got == {("开封市鼓楼区人民政府", "410204"), ("鼓楼区司法局", "410204")}
