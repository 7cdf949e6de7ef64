"""The SKOS vocabularies: sizes, labels, structure, and that the mechanism surface forms of the
five seed reports resolve to the right concept."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.errors import OntologyError
from ontology import iri
from ontology.vocab import Concept, Vocabulary, load, load_from, normalise_label

V = load()


@pytest.mark.parametrize(("scheme", "minimum"), [
    ("mechanism", 80), ("indicator", 30), ("agency-type", 30), ("policy-area", 10),
])
def test_scheme_sizes(scheme, minimum):
    assert len(V.concepts(scheme)) >= minimum


@pytest.mark.parametrize("scheme", iri.SCHEMES)
def test_every_concept_has_zh_and_en_labels_and_a_readable_iri(scheme):
    for c in V.concepts(scheme):
        assert c.pref_zh.strip() and c.pref_en.strip(), c.notation
        assert any("\u4e00" <= ch <= "\u9fff" for ch in c.pref_zh), c.notation
        assert c.pref_en.isascii(), c.notation
        assert c.iri == str(iri.concept(scheme, c.notation))
        assert c.alt_labels and all(len(a) >= 2 for a in c.alt_labels), c.notation


def test_notations_are_unique_across_schemes():
    seen: dict[str, str] = {}
    for scheme in iri.SCHEMES:
        for c in V.concepts(scheme):
            assert c.notation not in seen, f"{c.notation} in {seen.get(c.notation)} and {scheme}"
            seen[c.notation] = scheme


@pytest.mark.parametrize("scheme", iri.SCHEMES)
def test_no_label_belongs_to_two_concepts(scheme):
    owner: dict[str, str] = {}
    for c in V.concepts(scheme):
        for label in {normalise_label(x) for x in (*c.labels(), c.pref_en, c.notation)}:
            assert owner.setdefault(label, c.notation) == c.notation, (label, owner[label], c.notation)


def test_a_label_in_two_concepts_is_refused():
    a = Concept("mechanism", "a-one", "x/a-one", "甲机制", "A one", alt_labels=("共同别名",))
    b = Concept("mechanism", "b-two", "x/b-two", "乙机制", "B two", alt_labels=("共同、别名",))
    with pytest.raises(OntologyError, match="共同"):
        Vocabulary([a, b])


def test_three_systems_has_exactly_its_three_parts():
    c = V.resolve("mechanism", "三项制度")
    assert c is not None and c.notation == "three-enforcement-systems"
    parts = {V.get("mechanism", p).pref_zh for p in c.parts}
    assert parts == {"行政执法公示制度", "执法全过程记录制度", "重大执法决定法制审核制度"}


def test_delegate_regulate_serve_has_its_three_parts():
    c = V.resolve("mechanism", "放管服")
    assert {V.get("mechanism", p).pref_zh for p in c.parts} == {"简政放权", "放管结合", "优化服务"}


def test_every_part_is_a_mechanism_and_not_its_own_part():
    for c in V.concepts("mechanism"):
        for p in c.parts:
            assert V.get("mechanism", p) is not None, (c.notation, p)
            assert p != c.notation


def test_every_mechanism_has_exactly_one_policy_area_also_as_broader():
    areas = {a.notation for a in V.concepts("policy-area")}
    for c in V.concepts("mechanism"):
        assert c.policy_area in areas, c.notation
        assert [b for b in c.broader if b in areas] == [c.policy_area], c.notation
        others = [b for b in c.broader if b not in areas]
        assert all(V.get("mechanism", b) is not None for b in others), c.notation


def test_every_indicator_has_a_unit():
    for c in V.concepts("indicator"):
        assert c.unit and c.unit.strip(), c.notation


def test_origins_given_for_the_well_known_mechanisms():
    assert "Zhejiang" in V.resolve("mechanism", "最多跑一次").origin
    assert "Fengqiao" in V.resolve("mechanism", "枫桥经验").origin
    assert "2015" in V.resolve("mechanism", "双随机一公开").origin
    assert "Pudong" in V.resolve("mechanism", "证照分离").origin


def test_notations_used_by_docs_model_exist():
    """docs/model.md names these IRIs; the graph builder and the queries use them."""
    assert V.get("mechanism", "double-random") is not None
    assert V.get("mechanism", "leaders-study-law") is not None
    assert V.get("indicator", "admin-reconsideration-accepted") is not None
    assert V.get("agency-type", "justice-bureau") is not None
    assert V.get("agency-type", "market-regulation") is not None


@pytest.mark.parametrize(("label", "scheme", "notation"), [
    ("双随机、一公开", "mechanism", "double-random"),
    ("“双随机、一公开”监管", "mechanism", "double-random"),
    ("Double random, one public (random inspections with public results)", "mechanism", "double-random"),
    ("double-random", "mechanism", "double-random"),
    ("受理行政复议案件", "indicator", "admin-reconsideration-accepted"),
    ("败诉率", "indicator", "admin-litigation-loss-rate"),
    ("出庭应诉率", "indicator", "head-court-appearance-rate"),
    ("市场监管局", "agency-type", "market-regulation"),
    ("市场监督管理局", "agency-type", "market-regulation"),
    ("法院", "agency-type", "court"),
    ("行政执法", "policy-area", "admin-enforcement"),
])
def test_resolve_by_any_label(label, scheme, notation):
    c = V.resolve(scheme, label)
    assert c is not None and c.notation == notation


@pytest.mark.parametrize("generic", [
    "监管", "法治", "改革", "制度", "机制", "服务", "法治政府建设", "依法行政", "学法", "考评", "政府",
])
def test_generic_words_are_no_mechanism_label(generic):
    assert V.resolve("mechanism", generic) is None


def test_no_mechanism_label_fires_on_unrelated_text():
    text = normalise_label("全市市场监管部门加强食品安全监管,法治意识不断增强,群众满意。今年完成植树造林三千亩,新建道路十二公里。")
    fired = [lab for c in V.concepts("mechanism") for lab in c.labels() if normalise_label(lab) in text]
    assert fired == []


# Surface forms of mechanisms as they occur in the five seed reports (a short form per mention
# kind, written out here; the test checks each really occurs in the corpus).
CORPUS_FORMS = [
    ("服务型行政执法", "service-oriented-enforcement"),
    ("示范市创建", "demonstration-creation"),
    ("法治政府建设示范创建", "demonstration-creation"),
    ("法治政府建设示范地区", "demonstration-creation"),
    ("法治政府建设示范项目", "demonstration-creation"),
    ("“七五”普法", "law-popularisation-plan"),
    ("“八五”普法规划", "law-popularisation-plan"),
    ("领导干部学法用法", "leaders-study-law"),
    ("集中学法", "leaders-study-law"),
    ("会前学法", "leaders-study-law"),
    ("常务会议学法", "leaders-study-law"),
    ("领导干部集体学法", "leaders-study-law"),
    ("领导干部学法制度", "leaders-study-law"),
    ("法治专题讲座", "leaders-study-law"),
    ("述法", "leaders-report-on-law"),
    ("第一责任人职责", "first-responsible-person"),
    ("法治建设第一责任职责", "first-responsible-person"),
    ("法治政府建设第一责任人", "first-responsible-person"),
    ("法治建设工作综合督查", "rule-of-law-inspection"),
    ("法治政府建设实地督察", "rule-of-law-inspection"),
    ("法治督察", "rule-of-law-inspection"),
    ("法治建设督导", "rule-of-law-inspection"),
    ("考核评价机制", "rule-of-law-assessment"),
    ("法治政府建设年度报告制度", "annual-report-system"),
    ("法治政府建设报告", "annual-report-system"),
    ("“放管服”改革", "delegate-regulate-serve"),
    ("“放管服效”改革", "delegate-regulate-serve"),
    ("简政放权", "streamline-delegate"),
    ("“跨省通办”", "cross-province-service"),
    ("告知承诺", "notification-commitment"),
    ("证明事项告知承诺制", "notification-commitment"),
    ("容缺办理", "incomplete-materials-acceptance"),
    ("权责清单", "power-responsibility-list"),
    ("权力清单和责任清单", "power-responsibility-list"),
    ("层级权限清单", "power-responsibility-list"),
    ("负面清单", "negative-list"),
    ("“无感续证”", "no-touch-licence-renewal"),
    ("营商环境评价", "business-environment-evaluation"),
    ("“小切口”立法", "small-incision-legislation"),
    ("政府法律顾问", "government-legal-advisers"),
    ("党政机关法律顾问", "government-legal-advisers"),
    ("法律顾问", "government-legal-advisers"),
    ("公职律师制度", "public-lawyers"),
    ("基层一支队伍管执法", "one-team-enforcement"),
    ("乡镇(街道)下放行政处罚权", "township-enforcement-empowerment"),
    ("“法院+部门”府院联动", "government-court-linkage"),
    ("府院联动工作机制", "government-court-linkage"),
    ("府院联席", "government-court-linkage"),
    ("矛盾纠纷多元化解机制", "diversified-dispute-resolution"),
    ("多元预防调处化解", "diversified-dispute-resolution"),
    ("“智慧法治”", "smart-rule-of-law"),
    ("全科网格", "grid-management"),
    ("网格化管理", "grid-management"),
    ("大数据+信用监管", "credit-regulation"),
    ("信用监管机制", "credit-regulation"),
    ("政务诚信建设", "government-integrity"),
    ("行政执法与行政检察监督衔接", "enforcement-procuratorate-linkage"),
    ("任前法律知识测试", "pre-appointment-law-test"),
    ("任职前法律知识测试制度", "pre-appointment-law-test"),
    ("“承诺制+标准地”", "commitment-standard-land"),
    ("“承诺制+标准地+全代办”", "commitment-standard-land"),
    ("“拿地即开工”", "start-construction-on-land"),
    ("“最多跑一次”改革", "run-at-most-once"),
    ("“高效办成一件事”", "one-thing-once"),
    ("“一件事一次办”", "one-thing-once"),
    ("“一网通办”", "one-network-service"),
    ("导办帮办", "proxy-services"),
    ("“法治体检”", "enterprise-legal-checkup"),
    ("“万所联万会”", "law-firms-chambers"),
    ("公平竞争审查", "fair-competition-review"),
    ("“三书同达”", "three-documents-served"),
    ("行政处罚信息修复", "credit-repair"),
    ("跨部门联合抽查", "double-random"),
    ("“双随机、一公开”", "double-random"),
    ("双随机", "double-random"),
    ("“一业同查”", "one-industry-one-inspection"),
    ("事中事后监管", "in-process-post-regulation"),
    ("行政审批制度改革", "admin-approval-reform"),
    ("一体化政务服务平台", "internet-plus-government-services"),
    ("重大行政决策程序", "major-decision-procedure"),
    ("重大行政决策", "major-decision-procedure"),
    ("重大行政决策事项目录", "major-decision-catalogue"),
    ("重大行政决策目录管理", "major-decision-catalogue"),
    ("重大行政决策事项后评估", "major-decision-post-evaluation"),
    ("决策后评估机制", "major-decision-post-evaluation"),
    ("合法性审查", "legality-review"),
    ("逢提必审", "legality-review"),
    ("行政规范性文件合法性审核", "normative-document-legality-review"),
    ("规范性文件合法性审核", "normative-document-legality-review"),
    ("逢文必审", "normative-document-legality-review"),
    ("规范性文件备案审查", "normative-document-filing-review"),
    ("行政规范性文件备案制度", "normative-document-filing-review"),
    ("行政规范性文件制定备案", "normative-document-filing-review"),
    ("行政规范性文件清理", "normative-document-cleanup"),
    ("涉企行政规范性文件清理", "normative-document-cleanup"),
    ("行政执法资格管理", "enforcement-credential-management"),
    ("持证上岗", "enforcement-credential-management"),
    ("行政执法证件管理制度", "enforcement-credential-management"),
    ("执法证件管理", "enforcement-credential-management"),
    ("行政执法协调监督", "enforcement-coordination-supervision"),
    ("行政执法监督工作机制", "enforcement-coordination-supervision"),
    ("重大行政处罚备案", "major-penalty-filing-review"),
    ("重大行政处罚备案审查制度", "major-penalty-filing-review"),
    ("案卷集中评查", "enforcement-case-review"),
    ("综合行政执法案件评查", "enforcement-case-review"),
    ("综合行政执法", "comprehensive-enforcement-reform"),
    ("综合行政执法体制改革", "comprehensive-enforcement-reform"),
    ("行政执法体制改革", "comprehensive-enforcement-reform"),
    ("细化量化行政执法裁量权", "discretion-benchmarks"),
    ("行政裁量权基准制度", "discretion-benchmarks"),
    ("行政执法“三项制度”", "three-enforcement-systems"),
    ("行政执法公示制度", "enforcement-publicity"),
    ("公示行政执法", "enforcement-publicity"),
    ("执法全过程记录制度", "enforcement-full-recording"),
    ("重大执法决定法制审核制度", "major-enforcement-legal-review"),
    ("行政执法责任制", "enforcement-responsibility-system"),
    ("行政执法过错责任追究", "enforcement-responsibility-system"),
    ("过错责任追究", "enforcement-responsibility-system"),
    ("行政裁决制度", "administrative-ruling"),
    ("行政指导", "administrative-guidance"),
    ("行政相对人法律风险防控制度", "counterparty-legal-risk-prevention"),
    ("法律风险防控", "counterparty-legal-risk-prevention"),
    ("“互联网+行政执法”", "internet-plus-enforcement"),
    ("行政争议实质化解", "substantive-dispute-resolution"),
    ("“大调解”", "grand-mediation"),
    ("人民调解", "people-mediation"),
    ("行政调解", "administrative-mediation"),
    ("公共法律服务", "public-legal-service-system"),
    ("法律援助", "legal-aid"),
    ("社会矛盾纠纷调处化解中心", "dispute-mediation-centre"),
    ("信访工作法治化", "petition-rule-of-law"),
    ("行政复议体制改革", "admin-reconsideration-reform"),
    ("行政复议规范化建设", "admin-reconsideration-standardisation"),
    ("行政机关负责人出庭应诉", "head-appears-in-court"),
    ("行政机关负责人出庭应诉制度", "head-appears-in-court"),
    ("负责人出庭", "head-appears-in-court"),
    ("政务公开", "government-openness"),
    ("电视问政", "televised-questioning"),
    ("“有事好商量”", "consultation-platform"),
    ("“12345”政务服务便民热线", "hotline-12345"),
    ("“7×24小时不打烊”", "non-stop-services"),
    ("“宪法宣传周”", "constitution-week"),
    ("宪法宣誓制度", "constitutional-oath"),
    ("“证照分离”改革", "separate-permits-licences"),
    ("数字政府建设", "digital-government-building"),
]


@pytest.fixture(scope="module")
def corpus_squeezed(corpus_files) -> str:
    return normalise_label("\n".join(Path(p).read_text(encoding="utf-8") for p in corpus_files))


@pytest.mark.parametrize(("form", "notation"), CORPUS_FORMS)
def test_corpus_surface_form_resolves(form, notation, corpus_squeezed):
    assert normalise_label(form) in corpus_squeezed, f"{form!r} is not in the seed reports"
    c = V.resolve("mechanism", form)
    assert c is not None, f"{form!r} resolves to nothing"
    assert c.notation == notation


def test_corpus_forms_cover_most_mechanisms_used():
    """The forms above reach a large part of the vocabulary (the list is not a token sample)."""
    assert len({n for _f, n in CORPUS_FORMS}) >= 80


# ---------------------------------------------------------------- loading errors


_HEAD = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix fz: <https://w3id.org/fazhi-kg/ontology#> .
@prefix m: <https://w3id.org/fazhi-kg/vocab/mechanism/> .
@prefix a: <https://w3id.org/fazhi-kg/vocab/policy-area/> .
"""
_AREA = _HEAD + """a:area-x a skos:Concept, fz:PolicyArea ; skos:inScheme <https://w3id.org/fazhi-kg/vocab/policy-area> ;
    skos:notation "area-x" ; skos:prefLabel "某领域"@zh, "Some area"@en .
"""


def _files(tmp_path: Path, mechanisms: str) -> dict[str, str]:
    m = tmp_path / "mechanisms.ttl"
    m.write_text(_HEAD + mechanisms, encoding="utf-8")
    a = tmp_path / "policy-areas.ttl"
    a.write_text(_AREA, encoding="utf-8")
    i = tmp_path / "empty.ttl"
    i.write_text(_HEAD, encoding="utf-8")
    return {"mechanism": str(m), "policy-area": str(a), "indicator": str(i), "agency-type": str(i)}


_GOOD = """m:one a skos:Concept, fz:Mechanism ; skos:inScheme <https://w3id.org/fazhi-kg/vocab/mechanism> ;
    skos:notation "one" ; skos:prefLabel "甲机制"@zh, "One"@en ; skos:altLabel "甲机制改革"@zh ;
    skos:broader a:area-x ; fz:policyArea a:area-x .
"""


def test_load_from_reads_a_small_vocabulary(tmp_path):
    v = load_from(_files(tmp_path, _GOOD))
    c = v.resolve("mechanism", "甲机制改革")
    assert c is not None and c.notation == "one" and c.policy_area == "area-x"


def test_missing_english_label_is_refused_with_the_file_name(tmp_path):
    files = _files(tmp_path, _GOOD.replace(', "One"@en', ""))
    with pytest.raises(OntologyError, match="mechanisms.ttl.*prefLabel"):
        load_from(files)


def test_dangling_part_is_refused(tmp_path):
    files = _files(tmp_path, _GOOD.replace("fz:policyArea a:area-x .", "fz:policyArea a:area-x ; dcterms:hasPart m:nothing ."))
    with pytest.raises(OntologyError, match="hasPart 'nothing'"):
        load_from(files)


def test_unparseable_file_is_refused_with_the_file_name(tmp_path):
    files = _files(tmp_path, "m:one a skos:Concept ;;; broken")
    with pytest.raises(OntologyError, match="mechanisms.ttl"):
        load_from(files)
