"""A small invented knowledge graph written per docs/model.md (one named graph per report, the
vocabulary graph `vocab:`, the corpus summary graphs computed from them by graph/summary.py), used to check every SPARQL twin against hand-computed answers; the
`mini_build` fixture in conftest.py stores it as a build directory.

The reports, places and sentences are made up for the tests; nothing here comes from the seed
corpus. Concept notations match the packaged vocabulary, so labels resolve to these IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

FZ = "https://w3id.org/fazhi-kg/ontology#"
ID = "https://w3id.org/fazhi-kg/id/"
VOCAB = "https://w3id.org/fazhi-kg/vocab/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
DCT_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
XSD = "http://www.w3.org/2001/XMLSchema#"

MECHANISMS = {  # notation: (zh, en, policy area)
    "double-random": ("双随机、一公开", "Double random, one public", "market-supervision"),
    "three-enforcement-systems": ("行政执法三项制度", "Three enforcement systems", "admin-enforcement"),
    "government-court-linkage": ("府院联动", "Government-court linkage", "dispute-resolution"),
}
INDICATORS = {"head-court-appearance-rate": ("行政机关负责人出庭应诉率", "Rate of heads appearing in court", "%")}
AGENCY_TYPES = {"justice-bureau": ("司法局", "Justice bureau"), "market-regulation": ("市场监督管理局", "Market regulation bureau")}

PLACES = {  # code: (name, level, parent, province)
    "410000": ("河南省", "Province", None, None),
    "410700": ("新乡市", "Prefecture", "410000", "410000"),
    "411300": ("南阳市", "Prefecture", "410000", "410000"),
    "411381": ("邓州市", "County", "411300", "410000"),
    "410200": ("开封市", "Prefecture", "410000", "410000"),
    "410204": ("鼓楼区", "District", "410200", "410000"),
    "140000": ("山西省", "Province", None, None),
    "140800": ("运城市", "Prefecture", "140000", "140000"),
}


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def fz(name: str) -> ox.NamedNode:
    return ox.NamedNode(FZ + name)


def lit(v, dt: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(v, language=lang)
    return ox.Literal(str(v), datatype=n(XSD + dt)) if dt else ox.Literal(str(v))


@dataclass
class Report:
    key: str  # 16 hex chars
    code: str | None
    year: int
    facts: list[tuple] = field(default_factory=list)
    cites: list[tuple[str, str | None, str]] = field(default_factory=list)  # title, 文号, level
    doc_type: str = "AnnualReport"

    @property
    def iri(self) -> str:
        return f"{ID}report/{self.key}"


def mention(notation, stage, start, quote, sentence, agencies=(), candidate=False):
    return ("mechanism", notation, stage, start, quote, sentence, agencies, candidate)


REPORTS = [
    Report("a000000000000001", "410700", 2020, [
        mention("double-random", "Implemented", 10, "双随机、一公开", "全面推行“双随机、一公开”监管。"),
        mention("three-enforcement-systems", "Planned", 40, "三项制度", "明年将全面落实行政执法三项制度。"),
    ], cites=[("法治政府建设实施纲要（2021—2025年）", None, "national")]),
    Report("a000000000000002", "410700", 2021, [
        mention("double-random", "Implemented", 12, "双随机一公开", "深化双随机一公开监管。", agencies=("market-regulation",)),
        mention("double-random", "Implemented", 90, "双随机、一公开", "“双随机、一公开”实现全覆盖。"),
        mention("three-enforcement-systems", "Implemented", 50, "三项制度", "落实行政执法三项制度。"),
        mention("government-court-linkage", "Piloting", 70, "府院联动", "试点府院联动机制。"),
        ("metric", "head-court-appearance-rate", 95.5, "%", 120, "出庭应诉率", "行政机关负责人出庭应诉率达95.5%。"),
        ("claim", "率先", "全省", "建立府院联动机制", "government-court-linkage", 150, "在全省率先建立府院联动机制。"),
    ], cites=[("法治政府建设实施纲要（2021—2025年）", None, "national"),
              ("河南省法治政府建设实施方案", "豫发〔2021〕1号", "provincial")]),
    Report("a000000000000003", "411381", 2022, [
        mention("double-random", "Implemented", 5, "双随机", "司法局牵头推行双随机抽查。", agencies=("justice-bureau",)),
        ("metric", "head-court-appearance-rate", 100.0, "%", 60, "出庭应诉率", "行政机关负责人出庭应诉率100%。"),
        mention("警司访+", "Implemented", 80, "警司访+", "首创“警司访+”调解模式。", candidate=True),
    ], cites=[("法治政府建设实施纲要（2021—2025年）", None, "national")]),
    Report("a000000000000004", "140800", 2021, [
        mention("double-random", "Piloting", 7, "双随机、一公开", "试点“双随机、一公开”。"),
        mention("three-enforcement-systems", "Problem", 30, "三项制度", "三项制度落实不到位。"),
        mention("警司访+", "Implemented", 44, "“警司访+”", "推广“警司访+”。", candidate=True),
    ]),
    Report("a000000000000005", "410204", 2023, [
        mention("double-random", "Implemented", 3, "双随机、一公开", "落实“双随机、一公开”。"),
        mention("government-court-linkage", "Planned", 33, "府院联动", "拟建立府院联动。"),
        ("claim", "首家", "全市", "建成法治文化公园", None, 60, "全市首家建成法治文化公园。"),
    ], doc_type="WorkPlan"),
]


def _place_quads(code: str, g: ox.NamedNode, out: list[ox.Quad], seen: set[str]) -> None:
    if code in seen:
        return
    seen.add(code)
    name, level, parent, province = PLACES[code]
    s = n(f"{ID}jurisdiction/{code}")
    out += [ox.Quad(s, RDF_TYPE, fz("Jurisdiction"), g), ox.Quad(s, RDFS_LABEL, lit(name, lang="zh"), g),
            ox.Quad(s, fz("code"), lit(code), g), ox.Quad(s, fz("level"), fz(level), g)]
    if parent:
        out.append(ox.Quad(s, fz("within"), n(f"{ID}jurisdiction/{parent}"), g))
        _place_quads(parent, g, out, seen)
    if province:
        out.append(ox.Quad(s, fz("inProvince"), n(f"{ID}jurisdiction/{province}"), g))
        _place_quads(province, g, out, seen)


def vocab_quads() -> list[ox.Quad]:
    g = n(VOCAB)
    out: list[ox.Quad] = []

    def concept(scheme: str, notation: str, cls: str, zh: str, en: str) -> ox.NamedNode:
        c = n(f"{VOCAB}{scheme}/{notation}")
        out.extend([ox.Quad(c, RDF_TYPE, n(SKOS + "Concept"), g), ox.Quad(c, RDF_TYPE, fz(cls), g),
                    ox.Quad(c, n(SKOS + "inScheme"), n(VOCAB + scheme), g),
                    ox.Quad(c, n(SKOS + "notation"), lit(notation), g),
                    ox.Quad(c, n(SKOS + "prefLabel"), lit(zh, lang="zh"), g),
                    ox.Quad(c, n(SKOS + "prefLabel"), lit(en, lang="en"), g)])
        return c

    for notation, (zh, en, area) in MECHANISMS.items():
        c = concept("mechanism", notation, "Mechanism", zh, en)
        out.append(ox.Quad(c, n(SKOS + "broader"), n(f"{VOCAB}policy-area/{area}"), g))
    for notation, (zh, en, unit) in INDICATORS.items():
        c = concept("indicator", notation, "Indicator", zh, en)
        out.append(ox.Quad(c, fz("unit"), lit(unit), g))
    for notation, (zh, en) in AGENCY_TYPES.items():
        concept("agency-type", notation, "AgencyType", zh, en)
    return out


def report_quads(r: Report) -> list[ox.Quad]:
    g = n(r.iri)
    out: list[ox.Quad] = []
    seen: set[str] = set()
    out += [ox.Quad(g, RDF_TYPE, fz("Report"), g),
            ox.Quad(g, DCT_TITLE, lit(f"测试报告{r.key[-1]}", lang="zh"), g),
            ox.Quad(g, fz("yearCovered"), lit(r.year, "gYear"), g),
            ox.Quad(g, fz("docType"), fz(r.doc_type), g),
            ox.Quad(g, fz("sha256"), lit(r.key * 4), g),
            ox.Quad(g, fz("sourceFile"), lit(f"test_{r.key[-1]}.txt"), g),
            ox.Quad(g, fz("synthetic"), lit("false", "boolean"), g)]
    j = n(f"{ID}jurisdiction/{r.code}") if r.code else None
    if r.code:
        out.append(ox.Quad(g, fz("about"), j, g))
        _place_quads(r.code, g, out, seen)

    def evidence(rule: str, start: int, quote: str, sentence: str) -> tuple[ox.NamedNode, ox.NamedNode]:
        end = start + len(quote)
        f = n(f"{r.iri}/fact/{rule}/{start}-{end}")
        e = n(f"{r.iri}/evidence/{rule}/{start}-{end}")
        out.extend([ox.Quad(e, RDF_TYPE, fz("Evidence"), g),
                    ox.Quad(e, RDF_TYPE, n("http://www.w3.org/ns/prov#Entity"), g),
                    ox.Quad(e, fz("report"), g, g), ox.Quad(e, fz("startOffset"), lit(start, "integer"), g),
                    ox.Quad(e, fz("endOffset"), lit(end, "integer"), g), ox.Quad(e, fz("quote"), lit(quote), g),
                    ox.Quad(e, fz("sentence"), lit(sentence), g), ox.Quad(e, fz("rule"), lit(rule), g),
                    ox.Quad(e, fz("confidence"), lit("0.9", "decimal"), g),
                    ox.Quad(f, PROV_DERIVED, e, g)])
        return f, e

    def facts_common(f: ox.NamedNode) -> None:
        if j is not None:
            out.append(ox.Quad(f, fz("jurisdiction"), j, g))
        out.append(ox.Quad(f, fz("year"), lit(r.year, "gYear"), g))

    for fact in r.facts:
        if fact[0] == "mechanism":
            _, notation, stage, start, quote, sentence, agencies, candidate = fact
            f, _ = evidence("mechanism.alias", start, quote, sentence)
            if candidate:
                m = n(f"{ID}candidate/{abs(hash(notation)) % 10**8:016d}")
                m = n(f"{ID}candidate/" + notation.encode().hex()[:16])
                out += [ox.Quad(m, RDF_TYPE, fz("MechanismCandidate"), g),
                        ox.Quad(m, RDFS_LABEL, lit(notation, lang="zh"), g)]
            else:
                m = n(f"{VOCAB}mechanism/{notation}")
            out += [ox.Quad(f, RDF_TYPE, fz("Adoption"), g), ox.Quad(f, fz("mechanism"), m, g),
                    ox.Quad(f, fz("stage"), fz(stage), g)]
            facts_common(f)
            for t in agencies:
                a = n(f"{ID}agency/{r.code}/{t}")
                out += [ox.Quad(f, fz("involvedAgency"), a, g), ox.Quad(a, RDF_TYPE, fz("Agency"), g),
                        ox.Quad(a, RDFS_LABEL, lit(PLACES[r.code][0] + AGENCY_TYPES[t][0], lang="zh"), g),
                        ox.Quad(a, fz("agencyType"), n(f"{VOCAB}agency-type/{t}"), g),
                        ox.Quad(a, fz("jurisdiction"), j, g)]
        elif fact[0] == "metric":
            _, ind, value, unit, start, phrase, sentence = fact
            f, _ = evidence("metric.rate", start, phrase, sentence)
            out += [ox.Quad(f, RDF_TYPE, fz("Observation"), g),
                    ox.Quad(f, RDF_TYPE, n("http://purl.org/linked-data/cube#Observation"), g),
                    ox.Quad(f, fz("indicator"), n(f"{VOCAB}indicator/{ind}"), g),
                    ox.Quad(f, fz("indicatorPhrase"), lit(phrase), g),
                    ox.Quad(f, fz("value"), lit(repr(value) if value % 1 else int(value), "decimal"), g),
                    ox.Quad(f, fz("unit"), lit(unit), g), ox.Quad(f, fz("approximate"), lit("false", "boolean"), g)]
            facts_common(f)
        elif fact[0] == "claim":
            _, ctype, scope, claimed, mech, start, sentence = fact
            f, _ = evidence("claim.pioneer", start, sentence[:6], sentence)
            out += [ox.Quad(f, RDF_TYPE, fz("PioneerClaim"), g), ox.Quad(f, fz("claimType"), lit(ctype), g),
                    ox.Quad(f, fz("scope"), lit(scope), g), ox.Quad(f, fz("claimed"), lit(claimed), g)]
            if mech:
                out.append(ox.Quad(f, fz("relatedMechanism"), n(f"{VOCAB}mechanism/{mech}"), g))
            facts_common(f)
    for i, (title, number, level) in enumerate(r.cites):
        d = n(f"{ID}document/" + title.encode().hex()[:16])
        out += [ox.Quad(g, fz("cites"), d, g), ox.Quad(d, RDF_TYPE, fz("PolicyDocument"), g),
                ox.Quad(d, DCT_TITLE, lit(title, lang="zh"), g), ox.Quad(d, fz("documentLevel"), lit(level), g)]
        if number:
            out.append(ox.Quad(d, fz("docNumber"), lit(number), g))
        _, e = evidence("citation.title", 200 + 30 * i, title, f"根据《{title}》。")
        out.append(ox.Quad(d, PROV_DERIVED, e, g))
    return out


def fill(store: ox.Store, extra: list[Report] = ()) -> None:
    """The vocabulary, the report graphs of REPORTS (+ `extra`) and their corpus summary graphs."""
    reports = [*REPORTS, *extra]
    quads = vocab_quads()
    for r in reports:
        quads += report_quads(r)
    store.extend(quads)
    store.load(summary_nquads(store, reports), format=ox.RdfFormat.N_QUADS)


def summary_nquads(store: ox.Store, reports: list[Report]) -> bytes:
    """The summary graphs a build would write for these report graphs (graph/summary.py, from
    the mention and citation rows of each stored graph, through a throw-away manifest)."""
    import tempfile
    from pathlib import Path

    from graph.manifest import Manifest, ReportSummary
    from graph.rdf import RdfBuilder
    from graph.summary import mention_rows, summary_graphs, term_values

    with tempfile.TemporaryDirectory() as tmp:
        manifest = Manifest(Path(tmp) / "manifest.sqlite")
        items = []
        for r in reports:
            mentions, citations = mention_rows(term_values(store.quads_for_pattern(None, None, None, n(r.iri))))
            summary = ReportSummary(sha256=r.key * 4, report_iri=r.iri, doc=f"test_{r.key}.txt",
                                    jurisdiction_code=r.code, jurisdiction=None, province=None, level=None,
                                    year=r.year, doc_type="annual_report", title=None, counts={},
                                    mentions=tuple(mentions), citations=tuple(citations))
            items.append((f"/corpus/test_{r.key}.txt", summary, b"", b""))
        manifest.record_reports(items, "test")
        graphs = summary_graphs(manifest, RdfBuilder())
        manifest.close()
    return "".join(line for lines in graphs.values() for line in lines).encode("utf-8")


def concept(scheme: str, notation: str) -> str:
    return f"{VOCAB}{scheme}/{notation}"
