"""extractors.text: same-length normalisation and sentence bounds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractors.text import normalise, sentence_bounds


@given(st.text())
def test_normalise_never_changes_length(s):
    assert len(normalise(s)) == len(s)


@given(st.text(alphabet="法治政府建设双随机一公开三项制度行政复议案件受理件率。，、0123456789"))
def test_simplified_text_is_left_alone(s):
    assert normalise(s.replace("，", ",")) == s.replace("，", ",")


def test_mappings():
    assert normalise("「雙隨機、一公開」") == "“双随机、一公开”"
    assert normalise("運政函〔2022〕3號") == "运政函[2022]3号"
    assert normalise("（全省）：１２３％，Ａ；") == "(全省):123%,A;"
    assert normalise("\u3000\u3000強化") == "  强化"
    assert normalise("乾縣") == "乾县"
    assert normalise("《法治政府建设实施纲要》") == "《法治政府建设实施纲要》"


def test_offsets_found_in_normalised_text_quote_the_original():
    text = "全面推行「雙隨機、一公開」監管。"
    i = normalise(text).index("双随机、一公开")
    assert text[i:i + 7] == "雙隨機、一公開"


def test_sentence_bounds():
    text = "第一句。  第二句有“三项制度”！\n第三句没有句号"
    assert text[slice(*sentence_bounds(text, 1))] == "第一句。"
    assert text[slice(*sentence_bounds(text, 3))] == "第一句。"  # on the terminator
    assert text[slice(*sentence_bounds(text, text.index("三项")))] == "第二句有“三项制度”！"
    assert text[slice(*sentence_bounds(text, len(text) - 1))] == "第三句没有句号"
    assert sentence_bounds(text, 10_000) == sentence_bounds(text, len(text) - 1)
    assert sentence_bounds("", 0) == (0, 0)
    semi = "甲;乙；丙"
    assert semi[slice(*sentence_bounds(semi, 2))] == "乙；"
