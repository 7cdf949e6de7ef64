"""Cited documents: 《…》 titles (nested ones too) and 文号 such as 中法办发〔2019〕10号.

- `《A关于贯彻<B>的意见》`: the outer title A… is one citation (rule `citation.title`), the inner
  B (marked <>, 〈〉 or a nested 《》) another with its own span (rule `citation.nested`).
- A 文号 in parentheses right after a title is that title's `doc_number`, not a citation of its
  own; any other 文号 is a citation (rule `citation.doc_number`, label = the 文号) unless it is
  the report's own (equal to `Document.doc_number`, standing alone on its line, or after 文号:).
- Newspapers (《人民政协报》) and media works (《…》动漫科教片, 《…》栏目) are not policy documents
  and are skipped.
Spans include the title marks; labels are the title as written, without the outer marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from extractors.base import register
from extractors.stage import new_fact, view
from fazhi.records import Document, Fact

MAX_TITLE = 150
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s?(?:\[\s?\d{4}\s?\]|\(\d{4}\))\s?第?\d{1,5}\s?号"
    r"|[\u4e00-\u9fff]{2,12}令第\d{1,5}号"
)
# the part of a 文号 after the issuer: found first (cheap), then the issuer is read leftwards
_NUMBER_TAIL = re.compile(r"\s?(?:\[\s?\d{4}\s?\]|\(\d{4}\))\s?第?\d{1,5}\s?号|令第\d{1,5}号")
_ISSUER = re.compile(r"[\u4e00-\u9fff]{1,12}$")


def iter_doc_numbers(norm: str):
    """(start, end) of every 文号 in `norm` (issuer abbreviation included)."""
    for m in _NUMBER_TAIL.finditer(norm):
        issuer = _ISSUER.search(norm, max(0, m.start() - 12), m.start())
        if issuer is None or (m.group().startswith("令") and issuer.end() - issuer.start() < 2):
            continue
        yield issuer.start(), m.end()
_AFTER_TITLE = re.compile(r"\s{0,2}\(\s?(" + DOC_NUMBER.pattern + r")\s?\)")
_INNER = re.compile(r"<([^<>《》\n]{2,120})>")
_LEADING_WORDS = re.compile(
    r"(?:依据|根据|按照|参照|依照|遵照|结合|贯彻|落实|执行|印发|转发|对照|和|及|与|的|以|按|据|经|在|由|将|把|为)+"
)
_OWN_MARKERS = ("文号", "发文字号", "字号")
_MEDIA_AFTER = re.compile(r"(?:动漫|科教片|宣传片|专题片|微电影|纪录片|栏目|节目|微视频|短视频|读本|丛书|一书|头版)")
_NEWSPAPER = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:日报|晚报|报|杂志|周刊)$")


@dataclass(frozen=True, slots=True)
class Title:
    start: int  # at 《 (or <)
    end: int  # after 》 (or >)
    nested: bool
    doc_number: str | None = None
    doc_number_end: int | None = None

    @property
    def label_span(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


@lru_cache(maxsize=8)
def _titles(text: str, norm: str) -> tuple[Title, ...]:
    found: list[Title] = []
    stack: list[int] = []
    for m in re.finditer(r"[《》\n]", norm):
        ch = m.group()
        if ch == "\n":
            stack.clear()
        elif ch == "《":
            stack.append(m.start())
        elif stack:
            start = stack.pop()
            end = m.end()
            if end - start - 2 < 1 or end - start > MAX_TITLE:
                continue
            found.append(Title(start, end, nested=bool(stack)))
    outers = [t for t in found if not t.nested]
    result: list[Title] = []
    for t in outers:
        dn = _AFTER_TITLE.match(norm, t.end)
        if dn:
            t = Title(t.start, t.end, False, re.sub(r"\s", "", text[dn.start(1):dn.end(1)]), dn.end())
        result.append(t)
        for inner in _INNER.finditer(norm, t.start + 1, t.end - 1):
            result.append(Title(inner.start(), inner.end(), nested=True))
    result.extend(t for t in found if t.nested)
    result.sort(key=lambda t: (t.start, -t.end))
    return tuple(result)


def titles(doc: Document) -> tuple[Title, ...]:
    """All titles of `doc` (outer and nested), in text order."""
    v = view(doc)
    return _titles(v.text, v.norm)


@lru_cache(maxsize=8)
def _outer_ranges(text: str, norm: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    outer = [t for t in _titles(text, norm) if not t.nested]
    return tuple(t.start for t in outer), tuple(t.end for t in outer)


def inside_title(doc: Document, start: int, end: int) -> bool:
    """Whether [start, end) lies within some outer 《…》 title (marks included)."""
    v = view(doc)
    starts, ends = _outer_ranges(v.text, v.norm)
    i = bisect_right(starts, start) - 1
    return i >= 0 and ends[i] >= end


def _is_own_number(doc: Document, norm: str, start: int, end: int, number: str) -> bool:
    if doc.doc_number and re.sub(r"\s", "", doc.doc_number).translate(_BRACKETS) == number.translate(_BRACKETS):
        return True
    line_start = norm.rfind("\n", 0, start) + 1
    line_end = norm.find("\n", end)
    line_end = len(norm) if line_end < 0 else line_end
    before = norm[line_start:start]
    if any(mk in before for mk in _OWN_MARKERS):
        return True
    return not before.strip() and not norm[end:line_end].strip()


_BRACKETS = str.maketrans("〔〕【】［］()（）", "[][][][][]")


@register("citations")
class CitationExtractor:
    """Cited documents (kind "citation")."""

    name = "citations"

    def extract(self, doc: Document) -> Iterator[Fact]:
        v = view(doc)
        text, norm = v.text, v.norm
        claimed_numbers: list[tuple[int, int]] = []
        for t in titles(doc):
            a, b = t.label_span
            label = text[a:b].strip()
            if not label or _NEWSPAPER.match(label) or _MEDIA_AFTER.match(norm, t.end):
                continue
            rule = "citation.nested" if t.nested else "citation.title"
            yield new_fact(doc, "citation", t.start, t.end, rule, 0.9 if not t.nested else 0.85,
                           label=label, doc_number=t.doc_number)
            if t.doc_number_end is not None:
                claimed_numbers.append((t.end, t.doc_number_end))
        for m_start, m_end in iter_doc_numbers(norm):
            if any(s <= m_start < e for s, e in claimed_numbers) or inside_title(doc, m_start, m_end):
                continue
            lead = _LEADING_WORDS.match(norm, m_start, m_end)
            start = lead.end() if lead else m_start
            number = re.sub(r"\s", "", text[start:m_end])
            if _is_own_number(doc, norm, start, m_end, re.sub(r"\s", "", norm[start:m_end])):
                continue
            yield new_fact(doc, "citation", start, m_end, "citation.doc_number", 0.8,
                           label=number, doc_number=number)
