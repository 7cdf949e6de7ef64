"""Outcomes: every quantity (extractors.numbers) attached to its indicator phrase.

The indicator phrase is the words before the number in the same clause, after any earlier
quantity of that clause (受理行政复议案件17件 -> 受理行政复议案件; 败诉率为17.39% -> 败诉率;
推出利企服务65项、便民服务59项 -> 利企服务, 便民服务), with enumerators (一是, 其中, 共), linking
words (为, 达, 达到) and 《titles》 trimmed. When nothing but a scope (市本级, 全市) or a modifier
ending in 的 precedes the number (478家单位全部…, 市本级1114项政务服务事项), the words after it
are used. `concept` is the indicator whose label is the longest one inside the phrase and whose
unit agrees (a percentage indicator only takes % / 百分点), else None; a bare verb phrase
(受理303件 after 收到行政复议案件340件) is matched together with the object of the phrase before
it in the same sentence and with the same unit, so 受理 still finds 受理行政复议案件.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.base import register
from extractors.citations import titles
from extractors.mechanisms import LabelMatcher
from extractors.numbers import PERCENT_UNITS, Quantity, find_quantities
from extractors.stage import new_fact, view
from fazhi.records import Document, Fact
from ontology.vocab import Vocabulary, load

MAX_PHRASE = 30
_LEAD = re.compile(
    r"^(?:[一二三四五六七八九十]+是|\([一二三四五六七八九十\d]+\)|\d+[.、]|其中|共计|累计|共|并且|并|和|及|、|\s)+"
)
_TRAIL = re.compile(
    r"(?:分别为|分别达|均为|均达|达到|共计|为|达|是|共|计|约|近|将近|超过|超|逾|了|至|到|有|\s)+$"
)


_TITLE = re.compile(r"《[^《》]*》|[^《》]*》|《[^《》]*$")  # whole titles, and title ends cut by the window
_SCOPE_ONLY = re.compile(r"^(?:对|在|向)?(?:全市|全区|全县|全省|全国|市本级|区本级|县本级|本级|全年|我市|我区|我县)$")
_NEXT_QUANTITY = re.compile(r"[\d零〇一二两三四五六七八九十百千]")
_VERB_ONLY = 4  # a phrase this short (受理, 审结) is a verb whose object an earlier phrase named


def _after(norm: str, q: Quantity, clause_end: int) -> str:
    """The words after the quantity, up to the clause end or the next number."""
    nxt = _NEXT_QUANTITY.search(norm, q.end, clause_end)
    return _LEAD.sub("", norm[q.end:nxt.start() if nxt else clause_end]).strip(" 。,;、和及与")


def indicator_phrase(norm: str, clause_start: int, prev_end: int, q: Quantity,
                     clause_end: int) -> str:
    """The indicator phrase of quantity `q` (see the module docstring)."""
    start = max(clause_start, prev_end)
    raw = _TITLE.sub("", norm[start:q.start])
    phrase = _TRAIL.sub("", _LEAD.sub("", raw)).strip(" ,、等")
    if not phrase or _SCOPE_ONLY.match(phrase) or phrase.endswith("的"):
        after = _after(norm, q, clause_end)
        phrase = after if after else phrase
    return phrase[-MAX_PHRASE:] if len(phrase) > MAX_PHRASE else phrase


@register("metrics")
class MetricExtractor:
    """Outcome quantities (kind "metric") with value, unit, approx and indicator phrase."""

    name = "metrics"

    def __init__(self, vocab: Vocabulary | None = None):
        self.vocab = vocab if vocab is not None else load()
        indicators = self.vocab.concepts("indicator")
        self._matcher = LabelMatcher((lab, c.notation) for c in indicators for lab in c.labels())

    def _concept(self, phrase: str, unit: str) -> str | None:
        for _key, notation in self._matcher.find_in(phrase, normalised=True):
            c = self.vocab.get("indicator", notation)
            c_percent = c.unit in PERCENT_UNITS if c.unit else None
            if c_percent is None or c_percent == (unit in PERCENT_UNITS):
                return notation
        return None

    def extract(self, doc: Document) -> Iterator[Fact]:
        v = view(doc)
        norm = v.norm
        excluded = [(t.start, t.end) for t in titles(doc) if not t.nested]
        prev_end = 0
        prev_phrase, prev_sentence, prev_unit = "", -1, ""
        for q in find_quantities(norm, excluded):
            c0, c1 = v.clause(q.start)
            s0, _ = v.sentence(q.start)
            phrase = indicator_phrase(norm, c0, prev_end, q, c1)
            prev_end = q.end
            concept = self._concept(phrase, q.unit) if phrase else None
            if (concept is None and 0 < len(phrase) <= _VERB_ONLY and s0 == prev_sentence
                    and q.unit == prev_unit and len(prev_phrase) > 2):
                # 共收到行政复议案件340件,受理303件: 受理 takes the object of the phrase before
                concept = self._concept(phrase + prev_phrase[2:], q.unit)
            if len(phrase) > _VERB_ONLY:
                prev_phrase, prev_sentence, prev_unit = phrase, s0, q.unit
            if q.unit in PERCENT_UNITS:
                rule = "metric.percent"
            elif q.unit == "元":
                rule = "metric.money"
            else:
                rule = "metric.count"
            yield new_fact(
                doc, "metric", q.start, q.end, rule, 0.8 if q.chinese else 0.9,
                value=q.value, unit=q.unit, approx=q.approx, indicator=phrase or None,
                concept=concept,
            )
