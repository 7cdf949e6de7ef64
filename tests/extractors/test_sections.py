"""Sections and their roles, on the seed reports and on invented snippets."""

from __future__ import annotations

from extractors.ingest import read_document
from extractors.sections import find_sections, heading_role, paragraph_role


def _roles_within(doc, start, end):
    return {s.role for s in doc.sections if start <= s.start < end}


def test_001_problems_and_next_steps_part_has_both_roles(corpus_dir):
    doc = read_document(corpus_dir / "001_1fa859b6caad738a.txt")
    part = next(s for s in doc.sections if s.heading == "三、存在不足及下步打算")
    assert part.depth == 1
    assert {"problems", "next_steps"} <= _roles_within(doc, part.start, part.end)
    i = doc.text.index("一是统筹推进法治政府建设")
    assert doc.section_at(i).role == "next_steps" and doc.section_at(i).depth == 4
    j = doc.text.index("仍存在一些差距和不足")
    assert doc.section_at(j).role == "problems"
    k = doc.text.index("深化“放管服”改革")
    assert doc.section_at(k).role == "achievements"


def test_001_heading_offsets_and_depths(corpus_dir):
    doc = read_document(corpus_dir / "001_1fa859b6caad738a.txt")
    for s in doc.sections:
        if s.heading:
            assert doc.text[s.start:s.start + len(s.heading)] == s.heading
    depths = {s.heading: s.depth for s in doc.sections}
    assert depths["一、坚持和加强党对法治政府建设的领导"] == 1
    assert depths["(三)多措并举,提升行政执法能力水平"] == 2


def test_002_unnumbered_problems_paragraph_and_next_year(corpus_dir):
    doc = read_document(corpus_dir / "002_96091dc0ec9ac7c9.txt")
    t = doc.text
    assert doc.section_at(t.index("主要表现在")).role == "problems"
    assert doc.section_at(t.index("三是综合行政执法体制改革")).role == "problems"
    assert doc.section_at(t.index("2022年,我们将")).role == "next_steps"
    assert doc.section_at(t.index("全面推行行政执法“三项制度”")).role == "achievements"
    # the heading printed without its number (五、) is still a depth-1 section
    s = next(s for s in doc.sections if s.heading == "严格决策程序,决策公信力执行力持续提升")
    assert s.depth == 1 and s.role == "achievements"
    # the signature and 相关解读 are outside every section
    assert doc.section_at(t.index("相关解读")) is None
    assert doc.section_at(t.rindex("运城市人民政府")) is None


def test_004_heading_roles(corpus_dir):
    doc = read_document(corpus_dir / "004_a6eb94dc626ef6bf.txt")
    t = doc.text
    assert doc.section_at(t.index("部门间法治政府建设水平不平衡")).role == "problems"
    assert doc.section_at(t.index("持续打造一流营商环境")).role == "next_steps"
    assert doc.section_at(t.index("一件事一次办")).role == "achievements"
    assert doc.section_at(t.index("网站标识码")) is None


def test_000_summary_next_steps_paragraph(corpus_dir):
    doc = read_document(corpus_dir / "000_3b2ecaf5beab3b6b.txt")
    t = doc.text
    assert doc.section_at(t.index("下一步,新乡市将")).role == "next_steps"
    assert doc.section_at(t.index("强化组织领导")).role == "achievements"
    merged = [s.heading for s in doc.sections if s.depth == 1]
    assert "加强党的领导 全面构建法治政府建设新格局" in merged


def test_003_plan_sections_are_next_steps(corpus_dir):
    doc = read_document(corpus_dir / "003_eb17da8709a2873c.txt")
    assert doc.sections and {s.role for s in doc.sections} == {"next_steps"}
    assert doc.section_at(doc.text.index("主办:台前县")) is None


SNIPPET = """示范县人民政府关于2022年度法治政府建设情况的报告

2022年,示范县坚持依法行政。现将有关情况报告如下。
一、主要成效
(一)推进“放管服”改革
1.深化“双随机、一公开”监管。全年抽查企业120家。
二、存在的问题
一是行政执法规范化水平有待提高;二是法治宣传不够深入。
三、下一步工作打算
(一)深化府院联动。建立联席会议制度。
"""


def test_snippet_depths_roles_and_ranges():
    secs = find_sections(SNIPPET, body_start=SNIPPET.index("2022年,"), doc_type="annual_report",
                         year=2022)
    by = {s.heading: s for s in secs}
    assert by[""].role == "achievements" and by[""].end == SNIPPET.index("一、主要成效")
    assert (by["一、主要成效"].depth, by["(一)推进“放管服”改革"].depth, by["1.深化“双随机、一公开”监管"].depth) == (1, 2, 3)
    assert by["一、主要成效"].end == SNIPPET.index("二、存在的问题")
    assert by["二、存在的问题"].role == "problems"
    assert by["一是行政执法规范化水平有待提高"].role == "problems"
    assert by["一是行政执法规范化水平有待提高"].depth == 4
    assert by["三、下一步工作打算"].role == "next_steps"
    assert by["(一)深化府院联动"].role == "next_steps"  # inherited
    assert by["三、下一步工作打算"].end == len(SNIPPET)


def test_role_cues():
    assert heading_role("三、存在不足及下步打算") == "problems"
    assert heading_role("四、2024年度推进法治政府建设的主要安排") == "next_steps"
    assert heading_role("二、主要举措和成效") is None
    assert paragraph_role("2021年全市法治政府建设虽取得一定成效,但与要求相比还存在一些差距,主要表现在:一是…") == "problems"
    assert paragraph_role("2022年,我们将坚持以习近平新时代中国特色社会主义思想为指导", year=2021) == "next_steps"
    # the year being reported is not "next"; 将 as the object marker (把) is not a plan
    assert paragraph_role("2021年,将法治政府建设纳入全市发展总体规划。", year=2021) is None
    assert paragraph_role("下一步,示范市将持续深化改革。") == "next_steps"
    assert paragraph_role("全面推行行政执法三项制度,着力解决群众急难愁盼问题。") is None


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from extractors.metadata import describe  # noqa: E402

_PIECES = st.sampled_from([
    "一、", "(一)", "（二）", "1.", "一是", "二是", "。", "\n", "\n\n", "存在不足", "下一步", "我们将",
    "2022年,", "二〇二二年十二月三十日", "十十月", "运政函〔2022〕3号", "主办:", "鼓楼区", "开封市",
    "关于", "报告", "方案", "综述", "  ", "\u3000", "【合成数据 synthetic】", "當前位置", "相关解读",
    "法治政府建设", "虽取得一定成效,但", "主要表现在:", "人民政府", "附件", "——", ":",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_describe_never_raises_and_sections_stay_in_bounds(text):
    doc = describe("fuzz.txt", text, "0" * 64)
    n = len(text)
    for s in doc.sections:
        assert 0 <= s.start <= s.end <= n
        assert s.role in ("achievements", "problems", "next_steps", "other")
        assert 1 <= s.depth <= 4
    assert list(doc.sections) == sorted(doc.sections, key=lambda s: (s.start, s.depth))
    assert doc.doc_type in ("annual_report", "plan", "summary", "work_report", "other")
