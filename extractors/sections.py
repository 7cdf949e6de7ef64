"""Sections of a report: headings with offsets and depth, and a role per section.

Headings (depth):
  1  一、…            (a line starting with a Chinese numeral and 、)
  2  (一)…  （一）…   (a line starting with a parenthesised numeral)
  3  1.… 1．… 1、…   (a line starting with an Arabic number)
  4  一是… 二是…      (inline items inside a paragraph, up to the next item or paragraph end)
  Unnumbered heading lines (short standalone lines without sentence punctuation, e.g. the
  two-line headings of a 综述) take the depth of the previous heading (1 when none);
  consecutive ones are merged into one heading.
The heading text of a numbered line runs to its first 。/；/; (the rest is paragraph text).

Roles (`achievements`, `problems`, `next_steps`, `other`):
  * a heading naming problems (存在, 不足, 差距, 短板, 薄弱 …) or next steps (下一步, 下步,
    打算, 主要安排, 工作安排, 工作计划, 今后 …) takes that role; with both cues
    (三、存在不足及下步打算) the first one wins, and the paragraphs below split it;
  * a PARAGRAPH opening a problems discussion ("…虽取得一定成效,但…存在…", "主要表现在")
    or next steps ("下一步,…", "我们将…", "2022年,我们将…" for a year after the one
    covered) opens a role section one level deeper than its heading, running to the next
    such paragraph or the end of the enclosing heading's section;
  * everything else inherits the role of the innermost section around it, and at the
    top level the document default: achievements for annual_report / summary /
    work_report, next_steps for plan (a plan is what will be done), other for other;
  * text before the first heading is a depth-1 section with an empty heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.ingest import CHROME_LINE
from fazhi.records import Section

__all__ = ["find_sections", "default_role", "heading_role", "paragraph_role"]

_CN = "一二三四五六七八九十"
_NUM1 = re.compile(rf"[{_CN}]{{1,3}}、")
_NUM2 = re.compile(rf"[(（][{_CN}]{{1,3}}[)）]")
_NUM3 = re.compile(r"\d{1,2}(?:[.．](?!\d)|、)")
_ITEM = re.compile(rf"(?:(?<=^)|(?<=[。；;：:,，\s]))[{_CN}]{{1,2}}是(?=[^,，。；;\s])")
_HEAD_END = re.compile(r"[。；;]")
_SENTENCE_PUNCT = re.compile(r"[。；;：:！？!?,，、]$|[。：:；;]")
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{1,6}月.{1,6}日\s*$")
_DOCNUM_LINE = re.compile(r"^\s*[\u4e00-\u9fff]{1,12}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\d{1,4}\s*号\s*$")

_PROBLEM_HEAD = re.compile(r"存在|不足|差距|短板|薄弱|困难和问题|问题和困难|问题与不足|主要问题|突出问题")
_NEXT_HEAD = re.compile(r"下一步|下步|打算|主要安排|工作安排|工作计划|工作思路|努力方向|今后|展望|工作建议")
_PROBLEM_PARA = re.compile(
    r"(?:虽然?|尽管)[^。]{0,40}?(?:取得|成效|成绩|进展)[^。]{0,30}?(?:但|然而)"
    r"|(?:仍然?|还|也|依然)(?:存在|有)[^。]{0,8}?(?:问题|不足|差距|短板|薄弱|困难)"
    r"|存在(?:的)?(?:一些|以下|一定的?|不少|诸多)?(?:问题|不足|差距|短板|薄弱环节|困难)"
    r"|主要表现(?:在|为)|不足之处|差距和不足|问题和不足"
)
_NEXT_PARA = re.compile(
    r"^(?:下一步|下步|今后|新的一年|我们将|我(?:市|区|县|省)将|(?:20\d{2}年度?工作)?(?:打算|安排|计划)[:：]"
    r"|(?P<year>20\d{2})年度?[,，]?[^。,，]{0,12}?将)"
)


@dataclass(frozen=True, slots=True)
class _Head:
    start: int
    end: int  # end of the heading text
    heading: str
    depth: int
    role: str | None  # None = inherit


def default_role(doc_type: str) -> str:
    return {"plan": "next_steps", "other": "other"}.get(doc_type, "achievements")


def heading_role(heading: str) -> str | None:
    """The role a heading's words name, or None (inherit)."""
    p = _PROBLEM_HEAD.search(heading)
    n = _NEXT_HEAD.search(heading)
    if p and n:
        return "problems" if p.start() < n.start() else "next_steps"
    if p:
        return "problems"
    if n:
        return "next_steps"
    return None


def paragraph_role(paragraph: str, year: int | None = None) -> str | None:
    """The role a paragraph's opening announces (problems / next_steps), or None."""
    body = paragraph.strip().lstrip("\u3000 ")
    m = _NEXT_PARA.match(body)
    if m and (not m.group("year") or year is None or int(m.group("year")) > year):
        return "next_steps"
    first = re.split(r"[。]", body, maxsplit=1)[0][:120]
    if _PROBLEM_PARA.search(first):
        return "problems"
    return None


def _lines(text: str, start: int, end: int):
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        yield pos, stop, text[pos:stop]
        pos = stop + 1


def _is_plain_heading(line: str) -> bool:
    s = line.strip().strip("\u3000")
    if not (4 <= len(s) <= 30) or _SENTENCE_PUNCT.search(s):
        return False
    if _DATE_LINE.match(s) or _DOCNUM_LINE.match(s) or s.startswith(("附件", "——", "—")):
        return False
    if CHROME_LINE.match(s):
        return False
    cjk = sum(1 for c in s if "\u4e00" <= c <= "\u9fff")
    return cjk >= 0.6 * len(s.replace(" ", ""))


def _numbered(line: str) -> tuple[int, int] | None:
    """(depth, offset of the numbering in the line) for a numbered heading line."""
    lead = len(line) - len(line.lstrip(" \t\u3000"))
    rest = line[lead:]
    for depth, rx in ((1, _NUM1), (2, _NUM2), (3, _NUM3)):
        if rx.match(rest):
            return depth, lead
    return None


def find_sections(text: str, *, body_start: int = 0, body_end: int | None = None,
                  doc_type: str = "other", year: int | None = None) -> tuple[Section, ...]:
    """Sections of `text[body_start:body_end]`, ordered by start (ties: outer first)."""
    from extractors.text import normalise

    original, text = text, normalise(text)  # match on the normalised copy, same offsets
    end_all = len(text) if body_end is None else body_end
    heads: list[_Head] = []
    paragraphs: list[tuple[int, int]] = []  # (start, end) of paragraph text, headings excluded
    pending: list[tuple[int, int, str]] = []  # consecutive plain heading lines

    def flush_pending() -> None:
        if pending:
            s, e = pending[0][0], pending[-1][1]
            heading = " ".join(t for _, _, t in pending)
            depth = heads[-1].depth if heads else 1
            heads.append(_Head(s, e, heading, min(depth, 3), heading_role(heading)))
            pending.clear()

    line_list = list(_lines(text, body_start, end_all))
    has_next = [False] * len(line_list)  # is a non-empty line still to come?
    seen_text = False
    for i in range(len(line_list) - 1, -1, -1):
        has_next[i] = seen_text
        seen_text = seen_text or bool(line_list[i][2].strip())
    for i, (ls, le, line) in enumerate(line_list):
        if not line.strip():
            continue
        num = _numbered(line)
        if num:
            flush_pending()
            depth, lead = num
            hs = ls + lead
            m = _HEAD_END.search(text, hs, le)
            he = m.start() if m else le
            if he - hs > 60:  # a numbered paragraph: keep a short heading
                he = hs + 60
            heading = original[hs:he].strip()
            heads.append(_Head(hs, he, heading, depth, heading_role(heading)))
            if m and m.end() < le:
                paragraphs.append((m.end(), le))
            continue
        if has_next[i] and _is_plain_heading(line):
            s = ls + len(line) - len(line.lstrip(" \t\u3000"))
            pending.append((s, ls + len(line.rstrip()), original[ls:le].strip(" \t\u3000")))
            continue
        flush_pending()
        s = ls + len(line) - len(line.lstrip(" \t\u3000"))
        paragraphs.append((s, le))
    flush_pending()

    sections: list[tuple[int, int, str, int, str | None]] = []
    first = heads[0].start if heads else end_all
    pre = next((p for p in paragraphs if p[0] < first), None)
    if pre is not None:
        sections.append((pre[0], first, "", 1, None))
    for k, h in enumerate(heads):
        end = next((o.start for o in heads[k + 1:] if o.depth <= h.depth), end_all)
        sections.append((h.start, end, h.heading, h.depth, h.role))

    def enclosing(pos: int, pool):
        best = None
        for s in pool:
            if s[0] <= pos < s[1] and (best is None or s[3] >= best[3]):
                best = s
        return best

    # paragraph role sections
    base = list(sections)
    role_paras: list[tuple[int, str, tuple | None]] = []
    for ps, pe in paragraphs:
        role = paragraph_role(text[ps:pe], year)
        if role:
            role_paras.append((ps, role, enclosing(ps, base)))
    for k, (ps, role, enc) in enumerate(role_paras):
        enc_end = enc[1] if enc else end_all
        nxt = next((q for q, _, e in role_paras[k + 1:] if e == enc), None)
        end = min(enc_end, nxt) if nxt is not None else enc_end
        para_end = text.find("\n", ps)
        head_text = re.split(r"[,，。:：;；]", original[ps: para_end if para_end != -1 else end])[0]
        depth = min((enc[3] if enc else 0) + 1, 4)
        sections.append((ps, end, head_text.strip()[:30], depth, role))

    # inline 一是 items
    for ps, pe in paragraphs:
        items = [m for m in _ITEM.finditer(text, ps, pe)]
        for k, m in enumerate(items):
            end = items[k + 1].start() if k + 1 < len(items) else pe
            head = re.split(r"[,，。;；:：]", original[m.start():end])[0][:30]
            sections.append((m.start(), end, head, 4, None))

    # resolve inherited roles, outermost first
    sections.sort(key=lambda s: (s[0], s[3]))
    resolved: list[Section] = []
    open_: list[Section] = []  # sections still open at the current start, in start order
    dflt = default_role(doc_type)
    for s, e, heading, depth, role in sections:
        open_ = [r for r in open_ if r.end > s]
        if role is None:
            parent = None
            for r in open_:
                if (r.start, r.depth) != (s, depth) and (parent is None or r.depth >= parent.depth):
                    parent = r
            role = parent.role if parent else dflt
        sec = Section(start=s, end=e, heading=heading, depth=depth, role=role)
        resolved.append(sec)
        open_.append(sec)
    return tuple(resolved)
