"""Quantities: numerals, 万 / 亿, approximation, units, and numbers that are not outcomes."""

from __future__ import annotations

import pytest

from extractors.numbers import find_quantities, parse_number
from extractors.text import normalise


def quantities(text: str):
    return [(text[q.start:q.end], q.value, q.unit, q.approx) for q in find_quantities(normalise(text))]


@pytest.mark.parametrize("numeral, value", [
    ("4,410", 4410.0), ("17.39", 17.39), ("十二", 12.0), ("三百零三", 303.0), ("两万", 20000.0),
])
def test_parse_number(numeral, value):
    assert parse_number(numeral) == value


@pytest.mark.parametrize("text, expected", [
    ("共排查各类矛盾纠纷21万余起", [("21万余起", 210000.0, "起", True)]),
    ("促进增收节支0.89亿元", [("0.89亿元", 89000000.0, "元", False)]),
    ("共享执法案件信息4.2万件", [("4.2万件", 42000.0, "件", False)]),
    ("受理行政复议案件17件", [("17件", 17.0, "件", False)]),
    ("败诉率为17.39%", [("17.39%", 17.39, "%", False)]),
    ("出庭应诉率达76%,比上年提高23个百分点", [("76%", 76.0, "%", False), ("23个百分点", 23.0, "百分点", False)]),
    ("提供法律服务8600余次", [("8600余次", 8600.0, "次", True)]),
    ("接待咨询近300人次", [("300人次", 300.0, "人次", True)]),
    ("开展培训十二次,受理三百零三件", [("十二次", 12.0, "次", False), ("三百零三件", 303.0, "件", False)]),
    ("办理人大建议160件、政协提案215件", [("160件", 160.0, "件", False), ("215件", 215.0, "件", False)]),
    ("全年受理２０件", [("２０件", 20.0, "件", False)]),  # full-width digits
    ("调处矛盾纠纷近2千件", [("2千件", 2000.0, "件", True)]),
    ("常务会议学法五次,开展演练三场", [("五次", 5.0, "次", False), ("三场", 3.0, "场", False)]),
])
def test_quantities(text, expected):
    assert quantities(text) == expected


@pytest.mark.parametrize("text", [
    "2021年以来,12月下旬,2021年8月1日召开会议",           # dates and years
    "濮法政〔2020〕6号,运政函[2022]3号",                    # 文号
    "融入“十四五”规划,制定“八五”普法规划",                 # plan names
    "确立“1433”示范创建工作机制,打造“1+11”应急救援体系",    # quoted code names
    "推动7×24小时不打烊,3+N网格",                           # glued by × and +
    "一、加强领导\n1.召开动员大会\n(一)创建主体",            # section numbers
    "第一批52个,第三次会议,党的二十大,十四届市委",          # ordinals (52个 is a count: see below)
    "电话:0371-27889256 上午8∶30至12∶00",                   # phone, times
    "豫ICP备19020428号 网站标识码4107810002 IPv6",            # codes
    "每2个月组织督导,每两年一个周期,七个阶段",               # frequencies and structure
    "一是强化领导,三项制度,一站式服务,千家万户",             # single Chinese digits
    "最多跑一次,一件事一次办,召开一次会议",                   # 一次 in mechanism names
])
def test_numbers_that_are_not_outcomes(text):
    got = quantities(text)
    assert got == [] or got == [("52个", 52.0, "个", False)]


def test_quantity_spans_quote_the_original():
    text = "全市２５６３个矛盾纠纷调处中心全年共受理矛盾纠纷12291件"
    norm = normalise(text)
    for q in find_quantities(norm):
        assert q.start < q.end and text[q.start:q.end]
    assert [text[q.start:q.end] for q in find_quantities(norm)] == ["２５６３个", "12291件"]
