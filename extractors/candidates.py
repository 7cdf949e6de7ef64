"""Candidate new mechanisms (kind "mechanism_candidate"): local innovations the vocabulary lacks.

Two rules, both below the vocabulary's confidence and never added to the vocabulary:
  candidate.quoted  a “quoted” term (“警司访+”, “三书同达”, “一天办四证”), with the mechanism noun
                    that follows it when there is one (“1433”示范创建工作机制);
  candidate.suffix  an unquoted name ending in 制度 / 机制 / 模式 / 平台 / 体系 (行政诉讼备案管理机制),
                    cut after the verb that introduces it (建立 / 健全 / 推行 …).
Skipped: anything a vocabulary label covers, quotations of numbers or dates alone (“七五”,
“2·24”, “12345”), indicator / slogan uses (“…”指标, “…”精神), place pairs (“老河口市—邓州市”),
titles, generic names (工作机制, 长效机制, 各项制度), over-long names. Deduped per report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.base import register
from extractors.citations import inside_title
from extractors.mechanisms import label_key, mechanism_matcher
from extractors.stage import new_fact, stage_of, view
from fazhi.records import Document, Fact
from ontology.vocab import Vocabulary, load

SUFFIXES = ("工作机制", "机制", "制度", "模式", "平台", "体系")
_SUFFIX = "(?:" + "|".join(SUFFIXES) + ")"
QUOTED = re.compile(
    r"“(?P<term>[^“”\n]{2,16})”(?P<noun>[\u4e00-\u9fff]{0,10}?" + _SUFFIX + r")?"
)
NAMED_SUFFIX = re.compile(_SUFFIX + r"(?:体系)?(?![\u4e00-\u9fff]{0,1}(?:改革|建设))")
_RUN_BEFORE = re.compile(r"[\u4e00-\u9fff]{2,16}$")
_NUMERIC = re.compile(r"^[\d零〇一二两三四五六七八九十百千·\-.:+×xX\s]+$")
_NOT_MECHANISM_AFTER = re.compile(
    r"等?(?:指标|精神|要求|原则|称号|目标|问题|作用|理念|微信|公众号|网站|转变|专栏|头版)"
)
_SCOPE_LEAD = re.compile(r"(?:全区|全市|全县|全省|全国|各级|我市|我区|我县)")
_VERBS = re.compile(
    r".*(?:建立健全|建立|健全|完善|推行|实行|落实|探索|创新|构建|打造|形成|推进|深化|规范|实施|执行|"
    r"建成|设立|搭建|出台|制定|加强|发挥|坚持|开展|强化|优化|整合|依托|利用|通过|按照|围绕|纳入|"
    r"推动|全面|实现|根据|依据|按照|引导|提升|提高|的|和|及|与|为|对|在|将|把)"
)
GENERIC_STEMS = frozenset({
    "工作", "长效", "管理", "运行", "工作管理", "协调联动", "协调", "联动", "监督", "考核", "保障",
    "长效管理", "工作运行", "评价", "责任", "法律", "法规", "政策", "制度", "组织", "监管",
})
_GENERIC_PARTS = ("各项", "相关", "有关", "一系列", "等", "各类", "这一", "本", "该")
MIN_STEM, MAX_NAME = 3, 16


@register("candidates")
class CandidateExtractor:
    """Local mechanism names the vocabulary lacks (kind "mechanism_candidate")."""

    name = "candidates"

    def __init__(self, vocab: Vocabulary | None = None):
        self.vocab = vocab if vocab is not None else load()
        self._matcher = mechanism_matcher(self.vocab)
        self._known = {label_key(lab) for c in self.vocab.concepts("mechanism") for lab in c.labels()}

    def _known_label(self, label: str) -> bool:
        return label_key(label) in self._known or any(
            len(k) == len(label_key(label)) for k, _ in self._matcher.find_in(label)
        )

    def extract(self, doc: Document) -> Iterator[Fact]:
        v = view(doc)
        text, norm = v.text, v.norm
        covered = bytearray(len(text))  # 1 where a vocabulary mention or a candidate already is
        for m in self._matcher.find(v):
            covered[m.start:m.end] = b"\x01" * (m.end - m.start)
        seen: set[str] = set()

        def overlaps(a: int, b: int) -> bool:
            return 1 in covered[a:b]

        def emit(start: int, end: int, label: str, rule: str, conf: float) -> Iterator[Fact]:
            key = label_key(label)
            if key in seen or self._known_label(label) or inside_title(doc, start, end):
                return
            seen.add(key)
            covered[start:end] = b"\x01" * (end - start)
            stage, _ = stage_of(doc, start, end)
            yield new_fact(doc, "mechanism_candidate", start, end, rule, conf, label=label, stage=stage)

        for m in QUOTED.finditer(norm):
            term, noun = m.group("term"), m.group("noun")
            if "—" in term or "《" in term or _NOT_MECHANISM_AFTER.match(norm, m.end("term") + 1):
                continue
            if _NUMERIC.match(term) and not noun:
                continue
            end = m.end() if noun else m.end("term") + 1
            if overlaps(m.start("term"), m.end("term")):
                continue
            label = text[m.start():end]
            yield from emit(m.start(), end, label, "candidate.quoted", 0.55 if noun else 0.5)

        prev_end = 0
        for m in NAMED_SUFFIX.finditer(norm):
            before = _RUN_BEFORE.search(norm, max(prev_end, m.start() - 16), m.start())
            prev_end = m.end()
            if before is None:
                continue
            cut = _VERBS.match(before.group())
            start = before.start() + (cut.end() if cut else 0)
            lead = _SCOPE_LEAD.match(norm, start)
            start = lead.end() if lead else start
            name = norm[start:m.end()]
            stem = re.sub(_SUFFIX + "(?:体系)?$", "", name)
            if len(stem) < MIN_STEM or len(name) > MAX_NAME or stem in GENERIC_STEMS:
                continue
            if any(p in stem for p in _GENERIC_PARTS) or overlaps(start, m.end()):
                continue
            yield from emit(start, m.end(), text[start:m.end()], "candidate.suffix", 0.4)
