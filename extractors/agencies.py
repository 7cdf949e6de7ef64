"""Agencies: named bodies (市司法局, 市场监督管理局, 法院, 市委常委会, 人大, 政协 …) found through the
agency-type vocabulary, widened leftwards over the jurisdiction that owns them.

`concept` = agency-type notation, `label` = the name as written (normalised: 邓州市司法局).
The agency belongs to the report's jurisdiction unless a place name is written right before it
(南阳市中级人民法院 -> 南阳市, resolved with extractors.jurisdiction) or its bare level prefix
(市 / 区 / 县 / 省) names another level: 市委 in a district report is the parent city's; 县政府 in
a city report is some county's (unresolved: jurisdiction None).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from extractors import jurisdiction as places
from extractors.base import register
from extractors.mechanisms import LabelMatcher
from extractors.stage import new_fact, view
from fazhi.records import Document, Fact
from ontology.vocab import Vocabulary, load

LEVEL_PREFIXES = "省市区县乡镇"
MAX_PLACE = 8


@lru_cache(maxsize=4096)
def _place(name: str) -> tuple[str, str | None] | None:
    """(name, code or None) when `name` is a jurisdiction name; code only when unambiguous."""
    cands = places.candidates(name)
    if not cands:
        return None
    return (cands[0].name, cands[0].code) if len(cands) == 1 else (name, None)


@lru_cache(maxsize=256)
def _resolved(name: str, context: str) -> tuple[str, str | None]:
    """An ambiguous place name (鼓楼区) decided from the report's text, or left unresolved."""
    j = places.resolve(name, context)
    return (j.name, j.code) if j is not None else (name, None)


_RANK = {"省": 0, "市": 1, "区": 2, "县": 2, "乡": 3, "镇": 3}
_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "district": 2, "township": 3}


@lru_cache(maxsize=1024)
def _ancestors(code: str) -> tuple[tuple[str, str, str], ...]:
    try:
        return tuple((j.name, j.code, j.level) for j in places.parents(code))
    except KeyError:
        return ()


def _by_level(doc: Document, prefix: str) -> dict:
    """Owner of an agency written with a bare level prefix (市委, 区政府, 县人民政府).

    The report's own level (邓州市 is county-level: its 市委 is its own) keeps the report's
    jurisdiction; a higher level is the matching ancestor (市委 in a 鼓楼区 report = 开封市委);
    a lower level (各县政府 in a city report) names no single unit: unresolved.
    """
    own = doc.jurisdiction
    if own is None or prefix not in _RANK or own.name.endswith(prefix):
        return {}
    rank = _RANK[prefix]
    if rank >= _LEVEL_RANK.get(own.level, 9):  # a lower level, or a sibling (县 in a 区 report)
        return {"jurisdiction": None, "jurisdiction_code": None}
    for name, code, level in _ancestors(own.code):
        if _LEVEL_RANK.get(level) == rank:
            return {"jurisdiction": name, "jurisdiction_code": code}
    return {}


@register("agencies")
class AgencyExtractor:
    """Named agencies (kind "agency")."""

    name = "agencies"

    def __init__(self, vocab: Vocabulary | None = None):
        self.vocab = vocab if vocab is not None else load()
        types = self.vocab.concepts("agency-type")
        self._matcher = LabelMatcher((lab, c.notation) for c in types for lab in c.labels())

    def _owner(self, doc: Document, norm: str, start: int) -> tuple[int, dict]:
        """(new start, jurisdiction fields) for an agency name starting at `start`."""
        # a place name ends right before the name (南阳市|中级人民法院) or at the level character
        # the vocabulary label starts with (鼓楼|区人民政府)
        ends = [start] + ([start + 1] if norm[start:start + 1] in LEVEL_PREFIXES else [])
        for end in ends:
            if end == 0 or norm[end - 1] not in LEVEL_PREFIXES:
                continue
            for length in range(MAX_PLACE, 1, -1):
                a = end - length
                if a < 0:
                    continue
                name = norm[a:end]
                if not all("\u4e00" <= ch <= "\u9fff" for ch in name):
                    continue
                hit = _place(name)
                if hit is None:
                    continue
                if hit[1] is None:
                    hit = _resolved(name, doc.text)
                own = doc.jurisdiction
                if own is not None and (hit[1] == own.code or name == own.name):
                    return a, {}
                return a, {"jurisdiction": hit[0], "jurisdiction_code": hit[1]}
        if start > 0 and norm[start - 1] in LEVEL_PREFIXES:
            start -= 1
        return start, _by_level(doc, norm[start])

    def extract(self, doc: Document) -> Iterator[Fact]:
        v = view(doc)
        for m in self._matcher.find(v):
            start, owner = self._owner(doc, v.norm, m.start)
            yield new_fact(doc, "agency", start, m.end, "agency.type", 0.85,
                           concept=m.value, label=v.norm[start:m.end], **owner)
