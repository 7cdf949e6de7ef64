"""Pioneer claims: 率先 / 首家 / 首张 / 首个 (the thing claimed follows the cue) and
位居 / 排名 / 名列 / 位列 全省第一 (the thing claimed precedes it), with their scope.

  在全省率先建立领导干部学法用法长效机制 -> scope 全省, claim_type 率先,
                                            label 建立领导干部学法用法长效机制
  率先在全省范围内实现…“五统一”          -> scope 全省 (named after the cue)
  “信用环境建设”指标位居全省第一          -> claim_type 第一, label “信用环境建设”指标
Not claims: 第一责任人, 第一批 / 第一次 (no scope before 第一), 全国第一方阵 / 第一梯队 (a tier,
not a first place), 前列 / 前茅. `concept` is the mechanism the claimed thing names, if any.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.base import register
from extractors.mechanisms import mechanism_matcher
from extractors.stage import new_fact, view
from fazhi.records import Document, Fact
from ontology.vocab import Vocabulary, load

SCOPES = ("全国", "全省", "全市", "全区", "全县")
_SCOPE = "(?:" + "|".join(SCOPES) + ")"
# regexes start at the cue itself (a fast literal scan); a scope before it is looked up after
PIONEER = re.compile(
    r"(?P<type>率先|首家|首张|首个)(?:在(?P<scope2>" + _SCOPE + r")(?:范围内)?)?"
)
_RANK_VERB_BEFORE = re.compile(r"(?:位居|排名|名列|位列|居于|居|排)$")
_SCOPE_BEFORE = re.compile(r"(?P<scope>" + _SCOPE + r")(?:范围内)?$")
FIRST_PLACE = re.compile(
    r"(?P<scope>" + _SCOPE + r")(?P<type>第一|第1|首位)(?!方阵|梯队|责任|批|次|届|个|项|名|阶段)"
)
_LEAD = re.compile(r"^(?:[一二三四五六七八九十]+是|\([一二三四五六七八九十\d]+\)|其中|并|和|\s)+")
_TAIL = " ,。;、:"
# 双告知认领率为99.86%,名列全省第一: the thing claimed is the 认领率, not its value
_MEASURE_TAIL = re.compile(r"(?:为|达到|达|是|共)?[\d.,，０-９]+[%％]?[\u4e00-\u9fff]{0,2}$")


@register("claims")
class ClaimExtractor:
    """Pioneer and first-place claims (kind "claim")."""

    name = "claims"

    def __init__(self, vocab: Vocabulary | None = None):
        self.vocab = vocab if vocab is not None else load()
        self._mechanisms = mechanism_matcher(self.vocab)

    def _related(self, label: str) -> str | None:
        hits = self._mechanisms.find_in(label)
        return hits[0][1] if hits else None

    def extract(self, doc: Document) -> Iterator[Fact]:
        v = view(doc)
        text, norm = v.text, v.norm
        for m in PIONEER.finditer(norm):
            c0, c1 = v.clause(m.start())
            end = c1
            while end > m.end() and norm[end - 1] in _TAIL + "\n":
                end -= 1
            label = text[m.end():end].strip()
            if not label:
                continue
            before = _SCOPE_BEFORE.search(norm, max(0, m.start() - 5), m.start())
            start = before.start() if before else m.start()
            scope = before.group("scope") if before else m.group("scope2")
            yield new_fact(doc, "claim", start, end, "claim.pioneer", 0.85, label=label,
                           scope=scope, claim_type=m.group("type"), concept=self._related(label))
        for m in FIRST_PLACE.finditer(norm):
            verb = _RANK_VERB_BEFORE.search(norm, max(0, m.start() - 2), m.start())
            cue = verb.start() if verb else m.start()
            c0, _ = v.clause(cue)
            s0, _ = v.sentence(cue)
            start = c0
            label = _LEAD.sub("", norm[c0:cue]).strip(_TAIL)
            if not label and c0 > s0:  # 名列全省第一 after its own clause: the claim precedes
                start, _ = v.clause(c0 - 1)
                label = _LEAD.sub("", norm[start:c0]).strip(_TAIL)
            if not label:
                continue
            lead = re.match(_LEAD, norm[start:cue])
            if lead:
                start += lead.end()
            label = _MEASURE_TAIL.sub("", text[start:start + len(label)]) or label
            yield new_fact(doc, "claim", start, m.end(), "claim.first_place", 0.8, label=label,
                           scope=m.group("scope"), claim_type="第一", concept=self._related(label))
