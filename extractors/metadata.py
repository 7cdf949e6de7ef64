"""Document metadata from report text: title, subject, publisher, year, dates, 文号, type.

`describe(doc_name, text, sha256, ...) -> Document` fills every metadata field and the
sections. It reads the text as printed, web chrome included (a `.txt` saved from a web
page keeps its navigation and footer), and never lets the chrome decide the subject:
the subject comes from the title, the subtitle, the issuer or the opening sentence;
the footer's 主办 line gives only the publisher, and the footer address and ICP data are
only context for disambiguating a name (鼓楼区). The decisions are documented in
docs/ingest.md; in short:

* title: a labelled 标题 value; else the first title-like head line (no 。, not a date,
  文号 or chrome), joined with the next line when a headline is printed on two lines.
  A "——…综述" subtitle is kept apart (it informs type and subject). None if the file
  starts with body text.
* doc_type: from the title (for "关于印发《X》的通知", from X), then the subtitle, then the
  opening ("现将…情况报告如下" = annual report).
* year covered: annual_report / summary: the year named in the title, else the year the
  body opens with ("2024年,邓州市…"), else the latest year the text demonstrably covers
  (explicit years and dated party congresses such as 党的二十大 = 2022). plan: the first
  year in the title, else the issue year, or the next one when issued in Oct-Dec and the
  text names that year. work_report: the year before the one it was issued (or named) in.
* issued: 成文日期, else a standalone date line (signature date / notice date), else the
  labelled web publication date (发布日期, 发布时间, 发表时间, 网站发布).
* doc_number: a labelled 发文字号, else a line that is only a 文号 (cited 文号 are inline).
* issuer: the signature line above the date, else the title text before 关于, else the
  labelled 发文机构.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors import jurisdiction as juris
from extractors.ingest import CHROME_LINE
from extractors.sections import find_sections
from extractors.text import normalise
from fazhi.records import Document, Jurisdiction

__all__ = ["describe", "Head", "split_head", "parse_date", "doc_type_of", "year_covered"]

_META_LINE = re.compile(
    r"^\s*(?:索\s*引\s*号|发文机构|发文字号|体裁分类|主题分类|主\s*题\s*词|成文日期|发布日期|发布时间"
    r"|发表时间|信息来源|来\s*源\s*[:：]|浏览次数|点击数|阅读次数|序号\s*[:：]|发布机构|公开形式|公开时限"
    r"|网站发布|标\s*题\s*[:：]|作\s*者\s*[:：]|责任编辑|文章来源|政府信息公开\s*$|【?字体|字号)"
)
_LABELLED_TITLE = re.compile(r"^\s*标\s*题\s*[:：]\s*(.+?)\s*$", re.M)
_DOC_WORD = re.compile(r"(?:报告|方案|通知|综述|总结|意见|规划|计划|要点|决定|办法|纲要|公告|通报|函)$")
_NUM_HEAD = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、])")
_OPEN_YEAR = re.compile(r"^\s*(20\d{2})\s*年(?:度)?(?:[,，]|全[市区县省]|上半年)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*年")
_YEAR_RANGE = re.compile(r"(?<!\d)(20\d{2})\s*(?:年)?\s*[—–\-~～至到]+\s*(20\d{2})")
_DOCNUM = r"[\u4e00-\u9fff]{1,12}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\d{1,4}\s*号"
_DOCNUM_LINE = re.compile(rf"^\s*({_DOCNUM})\s*$", re.M)
_DOCNUM_LABEL = re.compile(rf"(?:发文字号|文\s*号)\s*[:：]\s*({_DOCNUM})")
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_DATE = re.compile(
    r"(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
    r"|(?P<y2>\d{4})[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d)"
)
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年[^\n]{1,8}日\s*$", re.M)
_ISSUED_LABEL = re.compile(r"成文日期\s*[:：]\s*")
_PUBLISHED_LABEL = re.compile(r"(?:发布日期|发布时间|发表时间|网站发布|发文日期)\s*[:：]\s*")
_ISSUER_LABEL = re.compile(r"发文机构\s*[:：]\s*(\S+)")
_ORG_END = re.compile(r"(?:人民政府|政府|委员会|委|办公室|领导小组|小组|局|厅|院|部|中心|办)$")
_PUBLISHER = re.compile(r"主\s*办(?:单位)?\s*[:：]\s*([^\s|｜,，]{2,40})")
SYNTHETIC_MARK = "合成数据 synthetic"  # first line of every fazhi.bench synthetic report
_CONGRESS = (("二十届四中全会", 2025), ("二十届三中全会", 2024), ("二十届二中全会", 2023),
             ("二十大", 2022), ("二十届一中全会", 2022), ("十九届六中全会", 2021),
             ("十九届五中全会", 2020), ("十九届四中全会", 2019), ("十九大", 2017))


@dataclass(frozen=True, slots=True)
class Head:
    """Where the title block ends and the body begins / ends (offsets of `text`)."""

    title: str | None
    subtitle: str | None
    body_start: int
    body_end: int


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _clean(s: str) -> str:
    return re.sub(r"[ \t\u3000]+", " ", s).strip()


def _title_like(s: str) -> bool:
    s = s.strip()
    return (2 <= len(s) <= 80 and "。" not in s and not _OPEN_YEAR.match(s)
            and not _NUM_HEAD.match(s) and not _DATE_LINE.match(s) and not _DOCNUM_LINE.match(s)
            and not s.startswith(("——", "—")) and not re.search(r"[:：]\s*$", s))


def split_head(text: str) -> Head:
    """Find the title block (title, subtitle) and the body range of a report text.

    Decisions are taken on `normalise(text)` (so 當前位置 is chrome like 当前位置); the
    strings returned are the original text.
    """
    norm = normalise(text)
    labelled = _LABELLED_TITLE.search(norm[:5000])
    title = _clean(text[labelled.start(1):labelled.end(1)]) if labelled else None
    subtitle = None
    body_start = None
    title_lines: list[str] = []
    for scanned, ((pos, line), nline) in enumerate(zip(_lines(text), norm.split("\n"))):
        if scanned >= 40:
            break
        s = line.strip().strip("\u3000")
        ns = nline.strip().strip("\u3000")
        if not ns or SYNTHETIC_MARK in ns or CHROME_LINE.match(ns) or _META_LINE.match(ns):
            if title_lines and ns:  # meta after the title closes the title block
                title_lines.append("\0")
            continue
        if ns.startswith(("——", "—")) and len(ns) <= 60:
            subtitle = _clean(s.lstrip("—- "))
            continue
        if title and _clean(s).replace(" ", "") == title.replace(" ", ""):
            continue
        open_title = (title_lines and title_lines[-1] != "\0"
                      and not _DOC_WORD.search(normalise(title_lines[-1])))
        if title is None and _title_like(ns) and (not title_lines or open_title):
            title_lines.append(_clean(s))
            continue
        body_start = pos + (len(line) - len(line.lstrip(" \t\u3000")))
        break
    if title is None and title_lines:
        parts = [t for t in title_lines if t != "\0"]
        # a 关于… title broken over lines is one sentence; a two-part headline keeps a space
        title = ("" if "关于" in normalise(parts[0]) else " ").join(parts) if parts else None
    if body_start is None:
        body_start = 0
    return Head(title, subtitle, body_start, _body_end(norm, body_start))


def _body_end(text: str, body_start: int) -> int:
    """Start of the footer: the first chrome or 附件 line, or the trailing signature block.

    `text` is the normalised text (same offsets as the original)."""
    end = len(text)
    for pos, line in _lines(text):
        if pos < body_start:
            continue
        s = line.strip()
        if s and (CHROME_LINE.match(s) or s.startswith(("附件", "点击下载"))):
            end = pos
            break
    # a trailing "organisation / date" signature just before the footer
    lines = [(p, ln.strip()) for p, ln in _lines(text[:end]) if p >= body_start and ln.strip()]
    if lines and _DATE_LINE.match(lines[-1][1]):
        end = lines[-1][0]
        if len(lines) > 1 and _ORG_END.search(lines[-2][1]) and len(lines[-2][1]) <= 40:
            end = lines[-2][0]
    return end


def parse_date(s: str) -> str | None:
    """The first date in `s` as ISO YYYY-MM-DD (年月日 with Arabic or Chinese numerals, or 2024-02-29)."""
    m = _DATE.search(s)
    if not m:
        return None
    if m.group("y"):
        y, mo, d = _num(m.group("y"), digits=True), _num(m.group("m")), _num(m.group("d"))
    else:
        y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
    if not (1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _num(s: str, digits: bool = False) -> int:
    try:
        return _num_strict(s, digits)
    except (KeyError, IndexError, ValueError):
        return -1  # not a number (十十): the date is rejected


def _num_strict(s: str, digits: bool = False) -> int:
    if s.isdigit():
        return int(s)
    if digits:  # 二〇二二 written digit by digit
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGIT[s[1]]
    if s.endswith("十"):
        return _CN_DIGIT[s[0]] * 10
    if "十" in s:
        return _CN_DIGIT[s[0]] * 10 + _CN_DIGIT[s[2]]
    return _CN_DIGIT[s]


def _issued(text: str, head: Head) -> tuple[str | None, int | None]:
    """(ISO date, offset of the standalone date line or None)."""
    m = _ISSUED_LABEL.search(text[:5000])
    if m:
        d = parse_date(text[m.end(): m.end() + 20])
        if d:
            return d, None
    for m in _DATE_LINE.finditer(text):
        d = parse_date(m.group())
        if d:
            return d, m.start()
    for m in _PUBLISHED_LABEL.finditer(text):
        d = parse_date(text[m.end(): m.end() + 20])
        if d:
            return d, None
    return None, None


def _issuer(text: str, norm: str, title: str | None) -> str | None:
    for m in _DATE_LINE.finditer(norm):
        # the last non-empty line above the date line
        end = m.start()
        while end > 0 and norm[end - 1] in " \t\r\n\u3000":
            end -= 1
        ls = norm.rfind("\n", 0, end) + 1
        line = norm[ls:end].strip()
        if line and len(line) <= 40 and _ORG_END.search(line) and not re.search(r"[。,，:：]", line):
            start = ls + (len(norm[ls:end]) - len(norm[ls:end].lstrip()))
            return _clean(text[start: start + len(line)])
    if title and "关于" in normalise(title):
        prefix = _clean(title[: normalise(title).index("关于")])
        if len(prefix) >= 2:
            return prefix
    m = _ISSUER_LABEL.search(norm[:5000])
    return text[m.start(1): m.end(1)] if m else None


def _doc_number(text: str, norm: str) -> str | None:
    m = _DOCNUM_LABEL.search(norm[:5000]) or _DOCNUM_LINE.search(norm)
    return re.sub(r"\s+", "", text[m.start(1): m.end(1)]) if m else None


def doc_type_of(title: str | None, subtitle: str | None, opening: str) -> str:
    """annual_report | plan | summary | work_report | other, from the title's words."""
    for source in (title, subtitle):
        if not source:
            continue
        inner = re.search(r"印发\s*《([^》]+)》", source)
        s = inner.group(1) if inner else source
        if "政府工作报告" in s:
            return "work_report"
        if re.search(r"方案|规划|计划|工作要点|工作安排|工作打算", s):
            return "plan"
        if re.search(r"综述|总结", s):
            return "summary"
        if re.search(r"报告", s):
            return "annual_report"
    if re.search(r"现将[^。]{0,20}(?:情况|工作)[^。]{0,6}报告如下", opening):
        return "annual_report"
    return "other"


def _latest_year(text: str) -> tuple[int | None, str]:
    """The latest year the text demonstrably covers: explicit years (not planning ranges)
    and the dates of party congresses it refers to as past."""
    ranges = {m.start(1) for m in _YEAR_RANGE.finditer(text)} | \
             {m.start(2) for m in _YEAR_RANGE.finditer(text)}
    years = [int(m.group(1)) for m in _YEAR.finditer(text) if m.start(1) not in ranges]
    anchors = [(y, w) for w, y in _CONGRESS if w in text]
    best = max(years, default=None)
    why = f"latest year named: {best}" if best else ""
    if anchors:
        y, w = max(anchors)
        if best is None or y > best:
            best, why = y, f"refers to {w} ({y})"
    return best, why


def year_covered(doc_type: str, title: str | None, subtitle: str | None, body: str,
                 issued: str | None, text: str) -> tuple[int | None, str | None]:
    """(year, warning or None) per the rules in this module's docstring."""
    named = _YEAR.search(title or "") or _YEAR.search(subtitle or "")
    issued_year = int(issued[:4]) if issued else None
    if doc_type == "work_report":
        if issued_year:
            return issued_year - 1, None
        if named:
            return int(named.group(1)) - 1, None
    elif doc_type == "plan":
        if named:
            return int(named.group(1)), None
        if issued_year:
            month = int(issued[5:7])
            if month >= 10 and re.search(rf"{issued_year + 1}\s*年", text):
                return issued_year + 1, None
            return issued_year, None
    else:
        if named:
            return int(named.group(1)), None
        opening = _OPEN_YEAR.match(body)
        if opening:
            return int(opening.group(1)), None
    latest, why = _latest_year(body)
    if latest is not None:
        return latest, f"year {latest} inferred: {why}"
    counts = Counter(int(m.group(1)) for m in _YEAR.finditer(text))
    if counts:
        y = counts.most_common(1)[0][0]
        return y, f"year {y} inferred: most frequent year in the text"
    return None, "no year found"


def _subject(sources: list[str], context: str) -> tuple[Jurisdiction | None, str | None, str | None]:
    """(jurisdiction, name as seen, warning) from the first source that names a place."""
    for src in sources:
        if not src:
            continue
        mentions = juris.find_names(src)
        full = [m for m in mentions if not m.short]
        pick = full or mentions
        if not pick:
            continue
        first = pick[0]
        i = mentions.index(first)
        chain_end = first.end
        for m in mentions[i + 1:]:
            if m.start != chain_end:
                break
            chain_end = m.end
        name = src[first.start:chain_end]
        j = juris.resolve(name, context)
        if j is None:
            cands = ", ".join(c.code for c in juris.candidates(name))
            return None, name, f"jurisdiction {name} unresolved (candidates: {cands})"
        return j, name, None
    return None, None, "no jurisdiction named in the title or opening"


def _publisher(text: str) -> Jurisdiction | None:
    m = _PUBLISHER.search(text)
    if not m:
        return None
    j, _, _ = _subject([m.group(1)], text)
    return j


def describe(doc_name: str, text: str, sha256: str, *, path: str = "", encoding: str = "utf-8",
             warnings: tuple[str, ...] = (), synthetic: bool = False) -> Document:
    """A `Document` for `text` with metadata and sections (see the module docstring).

    Matching runs on `normalise(text)` (traditional characters and full-width forms are
    read like simplified ones); returned strings (title, issuer, 文号, headings) are the
    original text. `synthetic` is also set when the text carries the synthetic-corpus mark.
    """
    notes = list(warnings)
    norm = normalise(text)
    head = split_head(text)
    body = norm[head.body_start: head.body_end]
    title_n = normalise(head.title) if head.title else None
    subtitle_n = normalise(head.subtitle) if head.subtitle else None
    doc_type = doc_type_of(title_n, subtitle_n, body[:300])
    issued, _ = _issued(norm, head)
    issuer = _issuer(text, norm, head.title)
    year, why = year_covered(doc_type, title_n, subtitle_n, body, issued, norm)
    if why:
        notes.append(why)
    first_para = body.split("\n", 1)[0][:200]
    sources = [title_n, subtitle_n, normalise(issuer) if issuer else None, first_para, body]
    subject, seen, warn = _subject(sources, norm)
    if warn:
        notes.append(warn)
    if head.title is None:
        notes.append("no title line")
    sections = find_sections(text, body_start=head.body_start, body_end=head.body_end,
                             doc_type=doc_type, year=year)
    return Document(
        doc=doc_name, text=text, sha256=sha256, path=path, encoding=encoding,
        title=head.title, jurisdiction=subject, jurisdiction_name=seen,
        publisher=_publisher(norm), year=year, doc_type=doc_type,  # type: ignore[arg-type]
        doc_number=_doc_number(text, norm), issued=issued, issuer=issuer, sections=sections,
        synthetic=synthetic or SYNTHETIC_MARK in text[:500], warnings=tuple(notes),
    )
