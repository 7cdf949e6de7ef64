"""Quantities in report text: Arabic and Chinese numerals, 万 / 亿 multiplied out, approximation
markers, units; and the rules that say which numbers are NOT outcomes.

`find_quantities(norm)` scans a normalised text (see extractors.text.normalise) and yields
`Quantity` records. A quantity needs a unit (件 项 次 人次 % 百分点 元 …): a bare number is never
an outcome. Not quantities, by rule:
  dates and years (2021年, 12月, 8月1日: 年/月/日 are not units), 文号 (in [ ] or before 号),
  numbers inside “…” (“1433”, “1+11”, “十四五”), joined by × + - / · : (7×24, 1+11, 0371-2788,
  8:30), ordinals and ranks (第一批, 前10名), frequencies (每2个月), single Chinese digits (一是,
  三项制度, 一站式), Chinese numerals not followed by a unit (十四五, 二十大, 十四届),
  codes with a leading zero, numbers glued to Latin letters (IPv6).
Quantities a plan sets (125项指标, 不超过2000字) are kept: they are the plan's figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import cn2an

MULTIPLIERS = {"千": 1_000.0, "万": 10_000.0, "亿": 100_000_000.0, "千万": 10_000_000.0,
               "百万": 1_000_000.0}
APPROX_BEFORE = ("将近", "大约", "超过", "近", "约", "超", "逾")
APPROX_AFTER = ("余", "多")
UNITS = (
    "个百分点", "百分点", "个工作日", "工作日", "人次", "户次", "件次", "部门", "平方米", "公里",
    "%", "‰", "件", "项", "次", "人", "个", "家", "条", "份", "名", "部", "场", "册", "篇", "起",
    "元", "平台", "所", "处", "台", "套", "期", "户", "类", "宗", "例", "支", "组", "座", "位",
    "张", "本", "天", "亩", "吨", "批", "卷", "栏", "款", "轮", "届次", "大类", "字",
)
UNIT_ALIASES = {"个百分点": "百分点", "个工作日": "工作日"}
PERCENT_UNITS = frozenset({"%", "‰", "百分点"})

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千万亿]+"
QUANTITY = re.compile(
    # starts at the number itself (a character-class scan); 近 / 约 before it are checked after
    r"(?=[\d零〇一二两三四五六七八九十百千万亿])"
    # only at the start of a run of number characters: starting inside a run was always rejected
    # afterwards, and trying every start made long digit runs quadratic
    r"(?<![\d零〇一二两三四五六七八九十百千万亿])"
    r"(?:(?P<ar>" + _ARABIC + r")(?P<mult>千万|百万|万|亿|千)?|(?P<cn>" + _CN + "))"
    "(?P<post>" + "|".join(APPROX_AFTER) + ")?"
    # the lookahead on first characters keeps failed attempts from trying every unit
    "(?=[" + re.escape("".join(sorted({u[0] for u in UNITS}))) + "])"
    "(?P<unit>" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + ")"
    r"(?P<after>左右)?"
)
_GLUE = set("×xX*+-/~·:—–_#.")
_CN_DIGITS = set("零〇一二两三四五六七八九")
_SINGLE_COUNT_DIGITS = set("二两三四五六七八九")
_SINGLE_COUNT_UNITS = frozenset(("次", "场", "期", "轮", "名"))
_SINGLE_COUNT_NOT_AFTER = frozenset("办性跑会")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit at [start, end) of the text (approximation prefixes such as 近 / 约
    are outside the span, 余 / 多 inside it, as written: 8600余次)."""

    start: int
    end: int
    value: float
    unit: str
    approx: bool
    chinese: bool


def parse_number(numeral: str) -> float:
    """'4,410' -> 4410.0; '17.39' -> 17.39; '三百零三' -> 303.0; '两万' -> 20000.0."""
    if numeral[0].isdigit():
        return float(numeral.replace(",", ""))
    return float(cn2an.cn2an(numeral, "normal"))


def quoted_ranges(norm: str, max_len: int = 30) -> list[tuple[int, int]]:
    """Ranges of short “…” quotations (slogans, code names: “1433”, “7×24小时不打烊”)."""
    return [(m.start(), m.end()) for m in re.finditer(r"“[^“”\n]{0,%d}”" % max_len, norm)]


def _mask(n: int, ranges: list[tuple[int, int]]) -> bytearray:
    mask = bytearray(n)
    for a, b in ranges:
        mask[a:b] = b"\x01" * (b - a)
    return mask


def find_quantities(norm: str, excluded: list[tuple[int, int]] | None = None) -> Iterator[Quantity]:
    """Every outcome-like quantity of `norm`, outside the `excluded` ranges and the quotations."""
    n = len(norm)
    blocked = list(excluded or ()) + quoted_ranges(norm)
    blocked += [(m.start(), m.end()) for m in re.finditer(r"\[[^\]\n]{0,12}\]", norm)]
    mask = _mask(n, blocked)
    for m in QUANTITY.finditer(norm):
        num_start = m.start("ar") if m.group("ar") else m.start("cn")
        num_end = m.end("mult") if m.group("mult") else (m.end("ar") if m.group("ar") else m.end("cn"))
        before = norm[num_start - 1] if num_start > 0 else ""
        after = norm[num_end] if num_end < n else ""
        if before in _GLUE or after in _GLUE or before.isascii() and before.isalnum():
            continue
        if before in ("第", "前", "每"):
            continue
        unit = m.group("unit")
        end = m.end()
        if unit == "个" and norm[end:end + 1] in ("月", "人", "阶", "季"):
            continue  # 2个月, 七个阶段: durations / structure, not outcomes
        if unit == "批" and before == "第":
            continue
        pre = norm[max(0, num_start - 2):num_start]
        approx_before = pre in APPROX_BEFORE or pre[-1:] in APPROX_BEFORE
        if m.group("cn"):
            cn = m.group("cn")
            if len(cn) == 1 and not (cn in _SINGLE_COUNT_DIGITS and unit in _SINGLE_COUNT_UNITS
                                     and norm[end:end + 1] not in _SINGLE_COUNT_NOT_AFTER):
                continue  # 一是, 三项制度, 千家万户, 一次办 (but 学法五次, 开展三场 are counts)
            if before in _CN_DIGITS or before in "十百千":
                continue
            try:
                value = parse_number(cn)
            except (ValueError, KeyError, IndexError, TypeError):
                continue
        else:
            ar = m.group("ar")
            if len(ar) > 1 and ar[0] == "0" and ar[1] != ".":
                continue  # codes with a leading zero
            value = parse_number(ar) * MULTIPLIERS.get(m.group("mult") or "", 1.0)
        if mask[num_start]:  # inside a quotation, a title or a 文号 bracket
            continue
        yield Quantity(
            start=num_start,
            end=m.end("unit"),
            value=value,
            unit=UNIT_ALIASES.get(unit, unit),
            approx=bool(approx_before or m.group("post") or m.group("after")),
            chinese=bool(m.group("cn")),
        )
