"""Metadata of the five seed reports, and the rules on small invented texts."""

from __future__ import annotations

import pytest

from extractors.ingest import read_document
from extractors.metadata import describe, doc_type_of, parse_date, split_head

SEED = {
    "000_3b2ecaf5beab3b6b.txt": dict(
        title="推进法治政府高水平建设 护航经济社会高质量发展", code="410700", province="河南省",
        year=2022, doc_type="summary", doc_number=None, issued=None, publisher=None),
    "001_1fa859b6caad738a.txt": dict(
        title=None, code="411381", province="河南省", year=2024, doc_type="annual_report",
        doc_number=None, issued=None, publisher=None),
    "002_96091dc0ec9ac7c9.txt": dict(
        title="运城市人民政府 关于2021年度法治政府建设情况的报告", code="140800", province="山西省",
        year=2021, doc_type="annual_report", doc_number="运政函〔2022〕3号", issued="2022-01-28",
        publisher=None),
    "003_eb17da8709a2873c.txt": dict(
        title="濮阳市法治政府建设领导小组关于印发《濮阳市法治政府建设示范市创建工作方案》的通知",
        code="410900", province="河南省", year=2021, doc_type="plan",
        doc_number="濮法政〔2020〕6号", issued="2020-12-22", publisher="410927"),
    "004_a6eb94dc626ef6bf.txt": dict(
        title="中共鼓楼区委 鼓楼区人民政府 关于2023年法治政府建设工作情况的报告", code="410204",
        province="河南省", year=2023, doc_type="annual_report", doc_number=None,
        issued="2024-02-29", publisher="410204"),
}


@pytest.mark.parametrize("name", sorted(SEED))
def test_seed_report_metadata(corpus_dir, name):
    want = SEED[name]
    doc = read_document(corpus_dir / name)
    assert doc.title == want["title"]
    assert doc.jurisdiction is not None and doc.jurisdiction.code == want["code"]
    assert doc.jurisdiction.province == want["province"]
    assert doc.year == want["year"]
    assert doc.doc_type == want["doc_type"]
    assert doc.doc_number == want["doc_number"]
    assert doc.issued == want["issued"]
    assert (doc.publisher.code if doc.publisher else None) == want["publisher"]


def test_issuers_of_the_seed_reports(corpus_dir):
    issuers = {n: read_document(corpus_dir / n).issuer for n in SEED}
    assert issuers["002_96091dc0ec9ac7c9.txt"] == "运城市人民政府"  # signature above the date
    assert issuers["003_eb17da8709a2873c.txt"] == "濮阳市法治政府建设领导小组"  # title before 关于
    assert issuers["004_a6eb94dc626ef6bf.txt"] == "中共鼓楼区委 鼓楼区人民政府"


def test_republished_plan_subject_is_not_the_publisher(corpus_dir):
    doc = read_document(corpus_dir / "003_eb17da8709a2873c.txt")
    assert doc.jurisdiction.name == "濮阳市" and doc.publisher.name == "台前县"


def test_unresolvable_subject_stays_none_with_a_warning():
    text = "鼓楼区人民政府关于2023年度法治政府建设情况的报告\n\n2023年,鼓楼区坚持依法行政。现将有关情况报告如下。\n"
    doc = describe("x.txt", text, "0" * 64)
    assert doc.jurisdiction is None and doc.jurisdiction_name == "鼓楼区"
    assert any("unresolved" in w for w in doc.warnings)
    assert doc.year == 2023 and doc.doc_type == "annual_report"


def test_footer_address_decides_the_district():
    text = ("鼓楼区人民政府关于2022年度法治政府建设情况的报告\n2022年,鼓楼区坚持依法行政。\n"
            "主办:鼓楼区人民政府 地址:福建省福州市鼓楼区某路1号\n")
    doc = describe("x.txt", text, "0" * 64)
    assert doc.jurisdiction.code == "350102"


@pytest.mark.parametrize(
    "title, subtitle, opening, want",
    [
        ("某市人民政府关于2021年度法治政府建设情况的报告", None, "", "annual_report"),
        ("2019年某县政府工作报告", None, "", "work_report"),
        ("某区法治政府建设实施方案(2021—2025年)", None, "", "plan"),
        ("关于印发《某市法治政府建设工作要点》的通知", None, "", "plan"),
        ("推进法治政府建设", "某市法治政府建设工作综述", "", "summary"),
        ("某县2022年法治政府建设工作总结", None, "", "summary"),
        (None, None, "2024年,某市坚持……现将工作情况报告如下。", "annual_report"),
        ("关于召开会议的通知", None, "", "other"),
    ],
)
def test_doc_type_rules(title, subtitle, opening, want):
    assert doc_type_of(title, subtitle, opening) == want


@pytest.mark.parametrize(
    "text, year",
    [
        # a government work report reviews the year before it was delivered
        ("示范县政府工作报告\n成文日期:2019年01月20日\n各位代表:过去的一年……\n", 2018),
        # a plan issued in December for the next year covers the next year
        ("示范县2021年法治政府建设工作方案\n2021年,全县将……\n", 2021),
        ("示范县法治政府建设工作方案\n\n各乡镇:\n现印发给你们。\n\n2020年12月1日\n\n2021年全面推行……\n", 2021),
        ("示范县法治政府建设工作方案\n\n各乡镇:\n现印发给你们。\n\n2020年6月1日\n\n年内全面推行……\n", 2020),
        # a summary with no year of its own: the latest year it demonstrably covers
        ("示范市法治工作综述\n\n2019年以来,示范市深入学习贯彻党的二十大精神……\n", 2022),
    ],
)
def test_year_rules(text, year):
    assert describe("x.txt", text, "0" * 64).year == year


def test_head_split_and_labelled_title():
    text = ("网站支持IPv6\n当前位置:首页 > 信息公开\n标  题 :示范市人民政府 关于2022年度法治政府建设情况的报告\n"
            "示范市人民政府 关于2022年度法治政府建设情况的报告\n发布时间:2023-02-01\n\n"
            "  2022年,示范市坚持依法行政。\n\n  示范市人民政府\n\n  2023年1月20日\n\n相关解读\n")
    head = split_head(text)
    assert head.title == "示范市人民政府 关于2022年度法治政府建设情况的报告"
    assert text[head.body_start:].startswith("2022年,示范市")
    assert text[head.body_start:head.body_end].rstrip().endswith("坚持依法行政。")
    doc = describe("x.txt", text, "0" * 64)
    assert doc.issued == "2023-01-20" and doc.issuer == "示范市人民政府"


def test_doc_number_is_the_reports_own_not_a_cited_one():
    text = ("示范市人民政府关于印发《示范市法治政府建设实施方案》的通知\n示政〔2021〕12号\n"
            "各县:根据《关于开展示范创建活动的意见》(中法办发〔2019〕10号),现印发给你们。\n")
    assert describe("x.txt", text, "0" * 64).doc_number == "示政〔2021〕12号"
    cited_only = "示范市法治政府建设情况报告\n依据《某意见》(中法办发〔2019〕10号)开展工作。\n"
    assert describe("y.txt", cited_only, "0" * 64).doc_number is None


@pytest.mark.parametrize(
    "s, iso",
    [("2022年01月28日", "2022-01-28"), ("2022年1月8日", "2022-01-08"), ("发布时间:2024-02-29 00:00", "2024-02-29"),
     ("二〇二二年一月二十八日", "2022-01-28"), ("二〇二〇年十二月二十二日", "2020-12-22"),
     ("2022年13月1日", None), ("无日期", None)],
)
def test_parse_date(s, iso):
    assert parse_date(s) == iso


def test_traditional_text_with_chrome_and_the_synthetic_mark():
    text = ("【合成数据 synthetic】\n當前位置:首頁>信息公開>法治政府建設\n"
            "乾縣人民政府關於2021年度法治政府建設情況的報告\n乾政〔2022〕5號\n"
            "  2021年,乾縣全面推行「雙隨機、一公開」監管。現將有關情況報告如下。\n"
            "一、存在的問題\n  執法隊伍素能還需提高。\n")
    doc = describe("syn.txt", text, "0" * 64)
    assert doc.synthetic is True
    assert doc.title == "乾縣人民政府關於2021年度法治政府建設情況的報告"  # original characters kept
    assert doc.jurisdiction.code == "610424"  # 乾 is not simplified to 干
    assert (doc.year, doc.doc_type, doc.doc_number) == (2021, "annual_report", "乾政〔2022〕5號")
    assert doc.section_at(text.index("執法隊伍")).role == "problems"
    assert describe("real.txt", "某县2021年度法治政府建设情况报告\n2021年,某县……\n", "0" * 64).synthetic is False


def test_title_broken_over_two_lines():
    text = "示范县人民政府关于2022年度法治政府建设\n情况的报告\n\n  2022年,示范县坚持依法行政。\n"
    assert split_head(text).title == "示范县人民政府关于2022年度法治政府建设情况的报告"
    headline = "推进法治政府建设\n护航高质量发展\n—— 示范市法治政府建设工作综述\n  近年来,示范市……。\n"
    head = split_head(headline)
    assert (head.title, head.subtitle) == ("推进法治政府建设 护航高质量发展", "示范市法治政府建设工作综述")
