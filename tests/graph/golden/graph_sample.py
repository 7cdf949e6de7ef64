"""Invented report text and facts, written by hand for the graph tests (never corpus text).

- `extraction()`: one report with every fact kind, the input of the golden graph test;
- `write_report()` + `extract_invented()`: small invented report files and a deterministic
  fact finder for them (labels of the test vocabulary), so the build tests can run
  the whole build (files -> store -> exports) on inputs whose facts are known exactly.
"""

from __future__ import annotations

import hashlib

from fazhi.records import Document, Extraction, Fact, Jurisdiction, Span
from ontology import iri
from ontology.vocab import Concept, Vocabulary

TEXT = (
    "延津县人民政府关于2022年度法治政府建设情况的报告\n"
    "一、主要成效\n"
    "县市场监管局全面推行“双随机、一公开”监管，抽查企业120家。\n"
    "在全市率先建立行政执法公示制度，推行警司访+联动模式。\n"
    "全年行政复议案件受理35件，行政诉讼败诉率约12.5%。\n"
    "认真贯彻《法治政府建设实施纲要（2021－2025年）》和豫政〔2021〕5号文件。\n"
    "二、下一步打算\n"
    "探索推行府院联动机制。\n"
)

YANJIN = Jurisdiction(code="410726", name="延津县", level="county", parent_code="410700",
                       province_code="410000", province="河南省")


def vocabulary() -> Vocabulary:
    def c(scheme, notation, zh, en, alts=(), **kw):
        return Concept(scheme=scheme, notation=notation, iri=str(iri.concept(scheme, notation)),
                       pref_zh=zh, pref_en=en, alt_labels=tuple(alts), **kw)

    return Vocabulary([
        c("mechanism", "double-random", "双随机一公开", "double random, one public",
          ("双随机、一公开",)),
        c("mechanism", "enforcement-publicity", "行政执法公示制度", "enforcement publicity"),
        c("mechanism", "government-court-linkage", "府院联动", "government-court linkage",
          ("府院联动机制",)),
        c("indicator", "admin-reconsideration-accepted", "行政复议受理数",
          "administrative reconsideration cases accepted", unit="件"),
        c("indicator", "admin-litigation-loss-rate", "行政诉讼败诉率", "litigation loss rate", unit="%"),
        c("agency-type", "market-regulation", "市场监督管理局", "market regulation bureau",
          ("市场监管局",)),
    ])


def span(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle), needle)


def extraction(text: str = TEXT, name: str = "yanjin-2022.txt", year: int = 2022,
               jurisdiction: Jurisdiction | None = YANJIN) -> Extraction:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Document(doc=name, text=text, sha256=sha, path=name,
                   title="延津县人民政府关于2022年度法治政府建设情况的报告",
                   jurisdiction=jurisdiction, year=year, doc_type="annual_report",
                   doc_number="延政文〔2023〕1号", issued="2023-01-20", issuer="延津县人民政府")

    def f(kind, needle, rule, **kw):
        return Fact(kind=kind, doc=name, span=span(text, needle), rule=rule, confidence=0.9, **kw)

    facts = [
        f("agency", "县市场监管局", "agency.type", concept="market-regulation", label="市场监管局"),
        f("mechanism", "双随机、一公开", "mechanism.alias", concept="double-random",
          label="双随机一公开", stage="implemented"),
        f("metric", "抽查企业120家", "metric.count", value=120.0, unit="家", indicator="抽查企业",
          approx=False),
        f("claim", "在全市率先建立行政执法公示制度", "claim.pioneer", label="建立行政执法公示制度",
          scope="全市", claim_type="率先"),
        f("mechanism", "行政执法公示制度", "mechanism.label", concept="enforcement-publicity",
          label="行政执法公示制度", stage="implemented"),
        f("mechanism_candidate", "警司访+", "mechanism.candidate", label="“警司访+”",
          stage="implemented"),
        f("metric", "受理35件", "metric.count", value=35.0, unit="件", indicator="受理",
          concept="admin-reconsideration-accepted", approx=False),
        f("metric", "败诉率约12.5%", "metric.rate", value=12.5, unit="%", indicator="败诉率",
          concept="admin-litigation-loss-rate", approx=True),
        f("citation", "《法治政府建设实施纲要（2021－2025年）》", "citation.title",
          label="法治政府建设实施纲要（2021－2025年）"),
        f("citation", "豫政〔2021〕5号", "citation.number", label="豫政〔2021〕5号",
          doc_number="豫政〔2021〕5号"),
        f("mechanism", "府院联动机制", "mechanism.alias", concept="government-court-linkage",
          label="府院联动", stage="planned"),
    ]
    return Extraction(doc, tuple(facts))


UNITS = {
    "延津县": YANJIN,
    "封丘县": Jurisdiction(code="410727", name="封丘县", level="county", parent_code="410700",
                         province_code="410000", province="河南省"),
    "新乡市": Jurisdiction(code="410700", name="新乡市", level="prefecture", parent_code="410000",
                         province_code="410000", province="河南省"),
}


def report_text(unit: str, year: int, done: list[str], planned: list[str] = ()) -> str:
    """An invented annual report of `unit` for `year` that implements `done` and plans `planned`."""
    lines = [f"{unit}人民政府关于{year}年度法治政府建设情况的报告", "一、主要成效"]
    lines += [f"全面推行{m}，取得明显成效。" for m in done]
    lines += ["二、下一步打算"] + [f"探索推行{m}。" for m in planned]
    return "\n".join(lines) + "\n"


def write_report(folder, name: str, unit: str, year: int, done: list[str], planned: list[str] = ()):
    path = folder / name
    path.write_text(report_text(unit, year, done, planned), encoding="utf-8")
    return path


def extract_invented(path) -> Extraction:
    """Facts of an invented report: each label of the test vocabulary found in the text is a
    mechanism fact (planned under 下一步打算, else implemented). Reads through the real ingest
    stage, so an empty or unsupported file raises its InputError."""
    from extractors.ingest import load_text

    loaded = load_text(path)
    text = loaded.text
    head = text.split("\n", 1)[0]
    unit = next((u for u in UNITS if head.startswith(u)), None)
    year = int(head[head.index("关于") + 2:head.index("年度")]) if "年度" in head else None
    name = str(path).rsplit("/", 1)[-1]
    doc = Document(doc=name, text=text, sha256=loaded.sha256, path=str(path), title=head,
                   jurisdiction=UNITS.get(unit), year=year, doc_type="annual_report")
    vocab = vocabulary()
    facts = []
    plan_at = text.find("下一步打算")
    for c in vocab.concepts("mechanism"):
        for label in c.labels():
            i = text.find(label)
            while i >= 0:
                stage = "planned" if 0 <= plan_at < i else "implemented"
                facts.append(Fact(kind="mechanism", doc=name, span=Span(i, i + len(label), label),
                                  rule="test.label", confidence=1.0, concept=c.notation,
                                  label=c.pref_zh, stage=stage))
                i = text.find(label, i + len(label))
    facts.sort(key=lambda f: (f.start, -f.end))
    kept, last_end = [], -1
    for f in facts:  # longest match wins where labels overlap
        if f.start >= last_end:
            kept.append(f)
            last_end = f.end
    return Extraction(doc, tuple(kept))


def build_with_rich_report(src, out, name: str = "yanjin-2022.txt"):
    """Build `src` into `out` after adding the rich report `TEXT` (every fact kind) as `name`:
    that file gets the hand-made `extraction()`, the others `extract_invented`."""
    from pathlib import Path

    from graph.build import build

    rich = Path(src) / name
    rich.write_text(TEXT, encoding="utf-8")

    def extract(path):
        if Path(path).name == name:
            return extraction(name=name)
        return extract_invented(path)

    return build([src], out, extract=extract, vocab=vocabulary(), workers=1)
