"""Where a mention sits (paragraph, sentence, clause) and which adoption stage it states.

`view(doc)` segments a report once (cached) with spaCy: a `spacy.blank("zh")` Doc whose tokens
are sentence pieces (the text between sentence-ending marks, each mark its own token) and whose
built-in `sentencizer` sets the sentence boundaries; clauses (split at , ; : as well) and
paragraphs come from compiled regexes. Coarse tokens instead of the default per-character ones
keep segmentation cheap (see docs/extractors.md, speed).

`stage_of(doc, start, end)` decides the stage of a mention at [start, end) from, in order:
  1. cue words in its clause / sentence (`CLAUSE_CUES`, `AFTER_CUES`, `SENTENCE_CUES`,
     `PREFIX_CUES`);
  2. the opening words of its paragraph (`PARAGRAPH_LEADS`: 下一步…, 存在不足…);
  3. the headings of its sections (`HEADING_CUES`), then the role of its section
     (`SECTION_ROLE_STAGE`);
  4. the document type (a plan defaults to planned);
  5. implemented.
All cue tables are data here, in one place.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from extractors.text import normalise
from fazhi.records import Document, Fact, Section, Span

# -- cue tables (data) -------------------------------------------------------------------------

CLAUSE_CUES: dict[str, tuple[str, ...]] = {
    # anywhere in the mention's clause
    "problem": ("不足", "不到位", "有待", "差距", "不够", "薄弱", "亟待", "还需", "仍需", "不强",
                "不平衡", "不明显", "需要继续", "较为突出"),
}
AFTER_CUES: dict[str, tuple[str, ...]] = {
    # within AFTER_WIDTH characters after the mention, in its clause (“一表通”基层减负试点工作)
    "piloting": ("试点", "先行先试"),
}
AFTER_WIDTH = 8
PREFIX_CUES: dict[str, tuple[str, ...]] = {
    # between the start of the mention's clause and the mention
    "target": ("目标", "争创", "力争", "达到", "确保"),
    "piloting": ("探索", "试行", "试点", "先行先试"),
    "planned": ("下一步", "下步", "计划于", "计划在", "拟于", "拟在", "将继续", "将进一步", "将持续",
                "将以", "我们将"),
    "implemented": ("全面推行", "深化", "建立", "落实", "实施", "推行", "实行", "建成", "出台",
                    "健全", "完善", "推进", "开展", "构建", "打造"),
}
SENTENCE_CUES: dict[str, tuple[str, ...]] = {
    # anywhere in the sentence before the mention (scope over the whole sentence)
    "planned": ("下一步", "下步", "我们将", "将以更高", "明年", "今后"),
}
PARAGRAPH_LEADS: dict[str, tuple[str, ...]] = {
    # in the first 60 characters of the mention's paragraph
    "planned": ("下一步", "下步打算", "我们将", "主要安排", "工作打算", "工作计划", "工作思路",
                "整改措施", "改进措施", "整改方向"),
    "problem": ("存在不足", "存在的不足", "差距和不足", "一定差距", "主要表现在", "存在的问题",
                "问题和不足", "不足和问题", "原因分析"),
}
PARAGRAPH_LEAD_WIDTH = 60
HEADING_CUES: dict[str, tuple[str, ...]] = {
    # in the heading of a section containing the mention (三、创建目标)
    "target": ("目标",),
    "planned": ("下一步", "打算", "主要安排", "工作计划", "工作思路"),
}
SECTION_ROLE_STAGE: dict[str, str] = {"problems": "problem", "next_steps": "planned"}
DOC_TYPE_STAGE: dict[str, str] = {"plan": "planned"}

# Which stages a later rule may not override: a clause cue for problem / piloting always wins;
# in a plan only target (an explicit goal) overrides the planned default.
_PRIORITY = ("problem", "planned", "target", "piloting")

CLAUSE_DELIMS = ",;:。！？!?；：，\n\r"
SENTENCE_ENDS = "。！？!?;；\n\r"

_CLAUSE_DELIM = re.compile(r"[,;:。！？!?；：，\n\r]")
_SENTENCE_PIECE = re.compile(r"[^。！？!?;；\n\r]+|.", re.S)


def _regex(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


_CLAUSE_RE = {k: _regex(v) for k, v in CLAUSE_CUES.items()}
_AFTER_RE = {k: _regex(v) for k, v in AFTER_CUES.items()}
_PREFIX_RE = {k: _regex(v) for k, v in PREFIX_CUES.items()}
_SENTENCE_RE = {k: _regex(v) for k, v in SENTENCE_CUES.items()}
_LEAD_RE = {k: _regex(v) for k, v in PARAGRAPH_LEADS.items()}
_HEADING_RE = {k: _regex(v) for k, v in HEADING_CUES.items()}


# -- segmentation with spaCy -------------------------------------------------------------------


class _Segmenter:
    """A `spacy.blank("zh")` pipeline with sentence-piece tokens and the rule-based sentencizer.

    Token strings enter the shared StringStore; the pipeline is rebuilt when it grows past
    `MAX_STRINGS`, so memory stays flat however many reports pass through.
    """

    MAX_STRINGS = 200_000

    def __init__(self) -> None:
        self._nlp = None

    def _pipeline(self):
        if self._nlp is None or len(self._nlp.vocab.strings) > self.MAX_STRINGS:
            import spacy

            nlp = spacy.blank("zh")
            # sentence-piece tokens need no lexical attributes (shape, like_num…): skip computing them
            nlp.vocab.lex_attr_getters = {}
            nlp.add_pipe("sentencizer", config={"punct_chars": list(SENTENCE_ENDS)})
            self._nlp = nlp
        return self._nlp

    def __call__(self, norm: str) -> tuple[list[int], list[int]]:
        """(sentence starts, clause starts) of a normalised text, both sorted, both from 0."""
        if not norm:
            return [0], [0]
        from spacy.attrs import IDX, SENT_START
        from spacy.tokens import Doc

        nlp = self._pipeline()
        words = _SENTENCE_PIECE.findall(norm)
        sdoc = nlp.get_pipe("sentencizer")(Doc(nlp.vocab, words=words, spaces=[False] * len(words)))
        arr = sdoc.to_array([IDX, SENT_START])
        sentences = arr[arr[:, 1] == 1, 0].tolist() or [0]
        if sentences[0] != 0:
            sentences.insert(0, 0)
        clauses = [0] + [m.end() for m in _CLAUSE_DELIM.finditer(norm)]
        return sentences, clauses


_segment = _Segmenter()


@dataclass(frozen=True, slots=True)
class TextView:
    """A report's normalised text and its segmentation (all offsets index `Document.text`)."""

    text: str
    norm: str
    sentence_starts: tuple[int, ...]
    clause_starts: tuple[int, ...]
    paragraph_starts: tuple[int, ...]

    def _range(self, starts: tuple[int, ...], offset: int) -> tuple[int, int]:
        i = bisect_right(starts, offset) - 1
        start = starts[max(i, 0)]
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return start, end

    def sentence(self, offset: int) -> tuple[int, int]:
        return self._range(self.sentence_starts, offset)

    def clause(self, offset: int) -> tuple[int, int]:
        return self._range(self.clause_starts, offset)

    def paragraph(self, offset: int) -> tuple[int, int]:
        return self._range(self.paragraph_starts, offset)


@lru_cache(maxsize=8)
def _view(text: str) -> TextView:
    norm = normalise(text)
    sentences, clauses = _segment(norm)
    paragraphs = [0] + [m.end() for m in re.finditer(r"\n", norm)]
    return TextView(text, norm, tuple(sentences), tuple(clauses), tuple(paragraphs))


def view(doc: Document) -> TextView:
    """The cached segmentation of `doc.text` (shared by every extractor of one run)."""
    return _view(doc.text)


# -- stage -------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _heading_cue(heading: str) -> tuple[str, str] | None:
    norm = normalise(heading)
    for stage, rx in _HEADING_RE.items():
        m = rx.search(norm)
        if m:
            return stage, m.group()
    return None


_SECTIONS_SLOT: list = [None, ()]  # (sections tuple, its cued sections): one-document identity cache


def _cued_sections(sections: tuple[Section, ...]) -> list[tuple[int, int, int, str, str]]:
    """(start, end, depth, stage, why) of the sections whose heading cue or role sets a stage."""
    if _SECTIONS_SLOT[0] is sections:
        return _SECTIONS_SLOT[1]
    cued = []
    for sec in sections:
        cue = _heading_cue(sec.heading)
        if cue is not None:
            # a heading cue outranks a role at any depth: depth + 100
            cued.append((sec.start, sec.end, sec.depth + 100, cue[0], f"heading:{cue[1]}"))
        elif sec.role in SECTION_ROLE_STAGE:
            cued.append((sec.start, sec.end, sec.depth, SECTION_ROLE_STAGE[sec.role],
                         f"section:{sec.role}"))
    _SECTIONS_SLOT[0], _SECTIONS_SLOT[1] = sections, cued
    return cued


def _section_stage(sections: tuple[Section, ...], offset: int) -> tuple[str, str] | None:
    best = None
    for s0, s1, depth, stage, why in _cued_sections(sections):
        if s0 <= offset < s1 and (best is None or depth > best[0]):
            best = (depth, stage, why)
    return (best[1], best[2]) if best is not None else None


def stage_of(doc: Document, start: int, end: int) -> tuple[str, str]:
    """(stage, why) of a mention at [start, end); why names the cue or default that decided."""
    v = view(doc)
    norm = v.norm
    c0, c1 = v.clause(start)
    # searches use (pos, endpos) windows of the normalised text: no slices are copied
    m = _CLAUSE_RE["problem"].search(norm, c0, c1)
    if m:
        return "problem", f"clause:{m.group()}"
    m = _AFTER_RE["piloting"].search(norm, start, min(c1, end + AFTER_WIDTH))
    if m:
        return "piloting", f"after:{m.group()}"
    s0, _ = v.sentence(start)
    for stage, rx in _SENTENCE_RE.items():
        m = rx.search(norm, s0, start)
        if m:
            return stage, f"sentence:{m.group()}"
    for stage in ("target", "planned", "piloting"):
        m = _PREFIX_RE[stage].search(norm, c0, start)
        if m:
            return stage, f"prefix:{m.group()}"
    p0, p1 = v.paragraph(start)
    lead_end = min(p1, p0 + PARAGRAPH_LEAD_WIDTH)
    for stage in ("planned", "problem"):
        m = _LEAD_RE[stage].search(norm, p0, lead_end)
        if m:
            return stage, f"paragraph:{m.group()}"
    cue = _section_stage(doc.sections, start)
    if cue is not None:
        return cue
    if doc.doc_type in DOC_TYPE_STAGE:
        return DOC_TYPE_STAGE[doc.doc_type], f"doc_type:{doc.doc_type}"
    m = _PREFIX_RE["implemented"].search(norm, c0, start)
    if m:
        return "implemented", f"prefix:{m.group()}"
    return "implemented", "default"


# -- building facts ----------------------------------------------------------------------------


def new_fact(doc: Document, kind: str, start: int, end: int, rule: str, confidence: float,
             **fields) -> Fact:
    """A Fact quoting doc.text[start:end], with the report's jurisdiction and year by default."""
    j = doc.jurisdiction
    fields.setdefault("jurisdiction", j.name if j else doc.jurisdiction_name)
    fields.setdefault("jurisdiction_code", j.code if j else None)
    fields.setdefault("year", doc.year)
    return Fact(kind=kind, doc=doc.doc, span=Span(start, end, doc.text[start:end]), rule=rule,
                confidence=confidence, **fields)
