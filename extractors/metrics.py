"""Outcomes: every quantity (extractors.numbers) attached to its indicator phrase.

The indicator phrase is the words before the number in the same clause, after any earlier
quantity of that clause (受理行政复议案件17件 -> 受理行政复议案件; 败诉率为17.39% -> 败诉率;
推出利企服务65项、便民服务59项 -> 利企服务, 便民服务), with enumerators (一是, 其中, 共) and linking
words (为, 达, 达到) trimmed. When nothing precedes the number in its clause (478家单位全部…),
the words after it are used. `concept` is the indicator whose label is the longest one inside
the phrase and whose unit agrees (a percentage indicator only takes % / 百分点), else None.
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


def indicator_phrase(norm: str, clause_start: int, prev_end: int, q: Quantity,
                     clause_end: int) -> str:
    """The indicator phrase of quantity `q` (see the module docstring)."""
    start = max(clause_start, prev_end)
    phrase = _TRAIL.sub("", _LEAD.sub("", norm[start:q.start]))
    phrase = phrase.strip(" ,、")
    if not phrase:
        phrase = _LEAD.sub("", norm[q.end:clause_end]).strip(" 。,;、")
        phrase = phrase[:MAX_PHRASE]
    return phrase[-MAX_PHRASE:]


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
        for q in find_quantities(norm, excluded):
            c0, c1 = v.clause(q.start)
            phrase = indicator_phrase(norm, c0, prev_end, q, c1)
            prev_end = q.end
            if q.unit in PERCENT_UNITS:
                rule = "metric.percent"
            elif q.unit == "元":
                rule = "metric.money"
            else:
                rule = "metric.count"
            yield new_fact(
                doc, "metric", q.start, q.end, rule, 0.8 if q.chinese else 0.9,
                value=q.value, unit=q.unit, approx=q.approx, indicator=phrase or None,
                concept=self._concept(phrase, q.unit) if phrase else None,
            )
