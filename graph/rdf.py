"""Facts -> RDF quads: one named graph per report, following docs/model.md exactly.

`report_quads(extraction)` is the contract: every quad sits in the graph named by the report IRI,
and the graph is self-contained (it repeats the jurisdictions, agencies, cited documents and
candidates it mentions), so replacing or dropping one report never touches another.
Terms are built directly as pyoxigraph terms (no rdflib Graph per report) and cached, because
the builder runs on tens of thousands of reports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from extractors.text import sentence_bounds
from fazhi.errors import GraphBuildError
from fazhi.records import Document, Extraction, Fact, Jurisdiction
from graph import jurisdictions as places
from ontology import iri
from ontology.namespaces import DOC_TYPE_IRI, FZ, LEVEL_IRI, ORG, QB, STAGE_IRI, VOCAB
from ontology.vocab import Vocabulary, normalise_label

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
DCT_TITLE = NamedNode(DCT + "title")
DCT_ISSUED = NamedNode(DCT + "issued")
PROV_DERIVED = NamedNode(PROV + "wasDerivedFrom")
PROV_ENTITY = NamedNode(PROV + "Entity")
QB_OBSERVATION = NamedNode(str(QB["Observation"]))
ORG_ORGANIZATION = NamedNode(str(ORG["Organization"]))
ORG_CLASSIFICATION = NamedNode(str(ORG["classification"]))
XSD_GYEAR = NamedNode(XSD + "gYear")
XSD_DECIMAL = NamedNode(XSD + "decimal")
XSD_INTEGER = NamedNode(XSD + "integer")
XSD_BOOLEAN = NamedNode(XSD + "boolean")
XSD_DATE = NamedNode(XSD + "date")
VOCAB_GRAPH = NamedNode(str(VOCAB))

PREFIXES: dict[str, str] = {
    "fz": str(FZ._NS),
    "id": str(iri.ID),
    "vocab": str(VOCAB),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": PROV,
    "dcterms": DCT,
    "org": str(ORG),
    "qb": str(QB),
    "xsd": XSD,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}
"""The stable prefixes of every serialisation (graph.trig, `fazhi sparql`)."""


@lru_cache(maxsize=None)
def fz(name: str) -> NamedNode:
    """The pyoxigraph term for `fz:<name>`; goes through the closed namespace, so typos raise."""
    return NamedNode(str(getattr(FZ, name)))


@lru_cache(maxsize=65536)
def node(value: str) -> NamedNode:
    return NamedNode(str(value))


@lru_cache(maxsize=4096)
def _span_iri_prefix(kind: str, sha256: str, rule: str) -> str:
    """`iri.fact` / `iri.evidence` up to the span, taken from ontology/iri.py once per rule."""
    make = iri.fact if kind == "fact" else iri.evidence
    full = str(make(sha256, rule, 0, 1))
    assert full.endswith("/0-1")
    return full[:-3]


def span_node(kind: str, sha256: str, rule: str, start: int, end: int) -> NamedNode:
    """The IRI `iri.fact(...)` (kind "fact") or `iri.evidence(...)` returns, without building an
    rdflib URIRef per fact (a measurable share of the build)."""
    return NamedNode(f"{_span_iri_prefix(kind, sha256, rule)}{start}-{end}")


@lru_cache(maxsize=65536)
def agency_node(code: str | None, agency_type: str) -> NamedNode:
    return NamedNode(str(iri.agency(code, agency_type)))


@lru_cache(maxsize=65536)
def jurisdiction_node(code: str) -> NamedNode:
    return NamedNode(str(iri.jurisdiction(code)))


def year_literal(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD_GYEAR)


def decimal_literal(value: float) -> Literal:
    if float(value).is_integer():
        text = str(int(value))
    else:
        text = repr(float(value))
        if "e" in text or "E" in text:
            text = f"{value:.10f}".rstrip("0").rstrip(".")
    return Literal(text, datatype=XSD_DECIMAL)


def bool_literal(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD_BOOLEAN)


def int_literal(value: int) -> Literal:
    return Literal(str(int(value)), datatype=XSD_INTEGER)


def zh(text: str) -> Literal:
    return Literal(text, language="zh")


# ---------------------------------------------------------------- entity resolution

_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_NESTED = str.maketrans({"<": "《", ">": "》", "〈": "《", "〉": "》", "＜": "《", "＞": "》"})


def normalise_title(title: str) -> str:
    """Key of a cited document: full/half width unified, whitespace and outer 《》 removed,
    nested <> / 〈〉 unified to 《》. Brackets 〔〕 of a 文号 are kept."""
    t = unicodedata.normalize("NFKC", title)
    t = "".join(t.split())
    while t.startswith("《") and t.endswith("》") and t.count("《") == 1:
        t = t[1:-1]
    return t.translate(_NESTED)


_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")


def clean_label(label: str) -> str:
    """A label as written, without quotation marks and outer whitespace."""
    return label.translate(_QUOTES).strip()


def normalise_term(term: str) -> str:
    """Key of a mechanism candidate: the term without quotes, spaces or 、 (see `normalise_label`)."""
    return normalise_label(unicodedata.normalize("NFKC", term)).strip("《》()（）")


_NATIONAL_TITLE = ("中共中央", "中华人民共和国", "国务院", "中央", "全国人大", "全国人民代表大会",
                   "最高人民法院", "最高人民检察院", "司法部", "国家")
_NATIONAL_NUMBER = ("中法办发", "中发", "中办发", "国发", "国办发", "国函", "国办函", "国令",
                    "司发", "法释", "中法委发")
_PROVINCES = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏",
              "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南",
              "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆")
# 文号 abbreviations of provinces. 新 (新疆) is left out on purpose: 新政文 is 新乡市's prefix.
_PROVINCE_ABBR = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀黔贵滇云藏陕秦甘陇青宁"
_PROVINCIAL_NUMBER = re.compile(f"^[{_PROVINCE_ABBR}](?:政|办|发|委|法|司|人|高法|检)")
_LOCAL_TITLE = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{1,8}?(?:市|县|区|旗|州|盟)(?!场|民)")


def document_level(title: str | None, doc_number: str | None) -> str:
    """national | provincial | local | unknown, from the cited title and its 文号 prefix."""
    t = normalise_title(title or "")
    n = normalise_title(doc_number or "")
    if t.startswith(_NATIONAL_TITLE) or n.startswith(_NATIONAL_NUMBER):
        return "national"
    bare = t[2:] if t.startswith("中共") else t
    if (bare.startswith(_PROVINCES) or bare.startswith(("省委", "省政府", "省人民", "省人大", "省"))
            or _PROVINCIAL_NUMBER.match(n)):
        return "provincial"
    if bare.startswith(("市", "县", "区")) or _LOCAL_TITLE.match(t):
        return "local"
    return "unknown"


# ---------------------------------------------------------------- the builder

CLAIM_TYPES = ("率先", "首家", "首张", "首个", "第一")
_ROLE_STAGE = {"problems": "problem", "next_steps": "planned"}


def stage_of(fact: Fact, doc: Document) -> str:
    """The fact's stage; when the extractor left it open, the default of its section
    (问题 -> problem, 下一步 -> planned, else implemented)."""
    if fact.stage in STAGE_IRI:
        return fact.stage
    section = doc.section_at(fact.start)
    return _ROLE_STAGE.get(section.role if section else "", "implemented")



@dataclass(frozen=True, slots=True)
class ReportGraph:
    """One report's named graph: its name, quads, and what the builder had to skip."""

    name: NamedNode
    quads: tuple[Quad, ...]
    warnings: tuple[str, ...] = ()


class RdfBuilder:
    """Turns Extractions into quads. Holds the vocabulary and caches shared terms."""

    def __init__(self, vocab: Vocabulary | None = None):
        if vocab is None:
            from ontology.vocab import load

            try:
                vocab = load()
            except (OSError, FileNotFoundError) as err:
                raise GraphBuildError(f"graph.rdf: the vocabularies cannot be loaded: {err}") from err
        self.vocab = vocab
        # mechanism labels (normalised) -> concept IRI, longest first, for pioneer claims
        pairs: list[tuple[str, str]] = []
        for c in vocab.concepts("mechanism"):
            for label in c.labels():
                key = normalise_label(label)
                if len(key) >= 2:
                    pairs.append((key, c.iri))
        self._mechanism_labels = sorted(set(pairs), key=lambda p: (-len(p[0]), p[0], p[1]))

    # -- shared nodes

    def _jurisdiction_quads(self, j: Jurisdiction, g: NamedNode, out: list[Quad], seen: set[str]) -> None:
        if j.code in seen:
            return
        seen.add(j.code)
        s = jurisdiction_node(j.code)
        out.append(Quad(s, RDF_TYPE, fz("Jurisdiction"), g))
        if j.name:
            out.append(Quad(s, RDFS_LABEL, zh(j.name), g))
        out.append(Quad(s, fz("code"), Literal(j.code), g))
        if j.level in LEVEL_IRI:
            out.append(Quad(s, fz("level"), node(LEVEL_IRI[j.level]), g))
        parents = places.chain(j.code)
        parent = j.parent_code or (parents[0].code if parents else None)
        if parent and parent != j.code:
            out.append(Quad(s, fz("within"), jurisdiction_node(parent), g))
        prov = j.province_code or places.province_code(j.code)
        if j.level != "province" and prov and prov != j.code:
            out.append(Quad(s, fz("inProvince"), jurisdiction_node(prov), g))
        chain = {p.code: p for p in parents}
        if parent and parent not in chain and parent != j.code:
            found = places.lookup(parent)
            if found is not None:
                chain[parent] = found
        if prov and prov not in chain and prov != j.code:
            chain[prov] = places.lookup(prov) or Jurisdiction(
                code=prov, name=j.province, level="province", parent_code=None,
                province_code=prov, province=j.province)
        for p in chain.values():
            self._jurisdiction_quads(p, g, out, seen)

    def jurisdiction_of(self, fact: Fact, doc: Document) -> Jurisdiction | None:
        """The unit a fact is about: its own code when the extractor set one, else the report's."""
        if fact.jurisdiction_code and (doc.jurisdiction is None or fact.jurisdiction_code != doc.jurisdiction.code):
            found = places.lookup(fact.jurisdiction_code)
            if found is not None:
                return found
            return Jurisdiction(code=fact.jurisdiction_code, name=fact.jurisdiction or "",
                                level="county", parent_code=None,
                                province_code=places.province_code(fact.jurisdiction_code),
                                province="")
        return doc.jurisdiction

    def related_mechanisms(self, claimed: str) -> list[str]:
        """Concept IRIs of the mechanisms whose label occurs inside the claimed text."""
        text = normalise_label(claimed)
        found: list[str] = []
        for key, c in self._mechanism_labels:
            if key in text and c not in found:
                found.append(c)
        return sorted(found)

    # -- the report

    def build(self, extraction: Extraction) -> ReportGraph:
        doc = extraction.document
        if not doc.sha256:
            raise GraphBuildError(f"{doc.doc}: graph.rdf: the document has no sha256")
        g = node(iri.report(doc.sha256))
        out: list[Quad] = []
        warnings: list[str] = []
        seen_j: set[str] = set()
        add = out.append
        rpt = g
        add(Quad(rpt, RDF_TYPE, fz("Report"), g))
        if doc.title:
            add(Quad(rpt, DCT_TITLE, zh(doc.title), g))
        if doc.doc_number:
            add(Quad(rpt, fz("docNumber"), Literal(doc.doc_number), g))
        if doc.issuer:
            add(Quad(rpt, fz("issuer"), Literal(doc.issuer), g))
        if doc.issued:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.issued):
                add(Quad(rpt, DCT_ISSUED, Literal(doc.issued, datatype=XSD_DATE), g))
            else:
                warnings.append(f"issued date {doc.issued!r} is not YYYY-MM-DD; left out")
        if doc.year is not None:
            add(Quad(rpt, fz("yearCovered"), year_literal(doc.year), g))
        add(Quad(rpt, fz("docType"), node(DOC_TYPE_IRI.get(doc.doc_type, FZ.OtherDocument)), g))
        add(Quad(rpt, fz("sha256"), Literal(doc.sha256), g))
        add(Quad(rpt, fz("sourceFile"), Literal(doc.doc), g))
        add(Quad(rpt, fz("synthetic"), bool_literal(doc.synthetic), g))
        if doc.jurisdiction is not None:
            add(Quad(rpt, fz("about"), jurisdiction_node(doc.jurisdiction.code), g))
            self._jurisdiction_quads(doc.jurisdiction, g, out, seen_j)
        if doc.publisher is not None and (doc.jurisdiction is None or doc.publisher.code != doc.jurisdiction.code):
            add(Quad(rpt, fz("publishedBy"), jurisdiction_node(doc.publisher.code), g))
            self._jurisdiction_quads(doc.publisher, g, out, seen_j)

        text = doc.text
        sentences: dict[int, tuple[int, int]] = {}

        def sentence_of(f: Fact) -> tuple[int, int]:
            b = sentences.get(f.start)
            if b is None:
                b = sentence_bounds(text, f.start) if text else (f.start, f.end)
                sentences[f.start] = b
            return b

        # agencies first: adoptions link to the agencies named in their sentence
        agencies_by_sentence: dict[int, list[NamedNode]] = {}
        agency_nodes: dict[str, tuple[NamedNode, str, Jurisdiction | None]] = {}
        for f in extraction.facts:
            if f.kind != "agency":
                continue
            concept = self.vocab.get("agency-type", f.concept) if f.concept else None
            if concept is None:
                warnings.append(f"agency {f.label!r} at {f.start}-{f.end}: unknown agency type {f.concept!r}; left out")
                continue
            j = self.jurisdiction_of(f, doc)
            a = agency_node(j.code if j else None, concept.notation)
            agency_nodes.setdefault(str(a), (a, concept.iri, j))
            agencies_by_sentence.setdefault(sentence_of(f)[0], []).append(a)

        for a, concept_iri, j in agency_nodes.values():
            add(Quad(a, RDF_TYPE, fz("Agency"), g))
            add(Quad(a, RDF_TYPE, ORG_ORGANIZATION, g))
            ctype = node(concept_iri)
            label = (j.name if j else "") + self.vocab.get("agency-type", concept_iri.rsplit("/", 1)[-1]).pref_zh
            add(Quad(a, RDFS_LABEL, zh(label), g))
            add(Quad(a, fz("agencyType"), ctype, g))
            add(Quad(a, ORG_CLASSIFICATION, ctype, g))
            if j is not None:
                add(Quad(a, fz("jurisdiction"), jurisdiction_node(j.code), g))
                self._jurisdiction_quads(j, g, out, seen_j)

        candidates: set[str] = set()
        documents: set[str] = set()
        for f in extraction.facts:
            ev = span_node("evidence", doc.sha256, f.rule, f.start, f.end)
            if f.kind == "agency":
                concept = self.vocab.get("agency-type", f.concept) if f.concept else None
                if concept is None:
                    continue
                j = self.jurisdiction_of(f, doc)
                subject = agency_node(j.code if j else None, concept.notation)
            else:
                subject = span_node("fact", doc.sha256, f.rule, f.start, f.end)
                year = f.year if f.year is not None else doc.year
                j = self.jurisdiction_of(f, doc)
                if f.kind in ("mechanism", "mechanism_candidate"):
                    mech = self.vocab.get("mechanism", f.concept) if (f.kind == "mechanism" and f.concept) else None
                    if mech is not None:
                        target = node(mech.iri)
                    else:
                        term = normalise_term(f.label or f.span.text)
                        if not term:
                            warnings.append(f"mechanism fact at {f.start}-{f.end} has no label; left out")
                            continue
                        if f.kind == "mechanism":
                            warnings.append(f"mechanism {f.concept!r} at {f.start}-{f.end} is not in the vocabulary; kept as a candidate")
                        target = node(iri.candidate(term))
                        if str(target) not in candidates:
                            candidates.add(str(target))
                            add(Quad(target, RDF_TYPE, fz("MechanismCandidate"), g))
                            add(Quad(target, RDFS_LABEL, zh(clean_label(f.label or f.span.text) or term), g))
                    add(Quad(subject, RDF_TYPE, fz("Adoption"), g))
                    add(Quad(subject, fz("mechanism"), target, g))
                    add(Quad(subject, fz("stage"), node(STAGE_IRI[stage_of(f, doc)]), g))
                    for a in sorted(set(agencies_by_sentence.get(sentence_of(f)[0], ())), key=str):
                        add(Quad(subject, fz("involvedAgency"), a, g))
                elif f.kind == "metric":
                    if f.value is None:
                        warnings.append(f"metric at {f.start}-{f.end} has no value; left out")
                        continue
                    add(Quad(subject, RDF_TYPE, fz("Observation"), g))
                    add(Quad(subject, RDF_TYPE, QB_OBSERVATION, g))
                    ind = self.vocab.get("indicator", f.concept) if f.concept else None
                    if ind is not None:
                        add(Quad(subject, fz("indicator"), node(ind.iri), g))
                    elif f.concept:
                        warnings.append(f"indicator {f.concept!r} at {f.start}-{f.end} is not in the vocabulary")
                    if f.indicator:
                        add(Quad(subject, fz("indicatorPhrase"), Literal(f.indicator), g))
                    add(Quad(subject, fz("value"), decimal_literal(f.value), g))
                    if f.unit:
                        add(Quad(subject, fz("unit"), Literal(f.unit), g))
                    add(Quad(subject, fz("approximate"), bool_literal(bool(f.approx)), g))
                elif f.kind == "claim":
                    claim_type = f.claim_type or next((t for t in CLAIM_TYPES if t in f.span.text), None)
                    if not claim_type:
                        warnings.append(f"claim at {f.start}-{f.end} has no claim type; left out")
                        continue
                    add(Quad(subject, RDF_TYPE, fz("PioneerClaim"), g))
                    add(Quad(subject, fz("claimType"), Literal(claim_type), g))
                    if f.scope:
                        add(Quad(subject, fz("scope"), Literal(f.scope), g))
                    claimed = f.label or f.span.text
                    add(Quad(subject, fz("claimed"), Literal(claimed), g))
                    for m in self.related_mechanisms(claimed):
                        add(Quad(subject, fz("relatedMechanism"), node(m), g))
                elif f.kind == "citation":
                    title = f.label if (f.label and f.label != f.doc_number) else None
                    key = normalise_title(title or f.doc_number or f.span.text)
                    if not key:
                        warnings.append(f"citation at {f.start}-{f.end} has neither title nor 文号; left out")
                        continue
                    subject = node(iri.policy_document(key))
                    add(Quad(rpt, fz("cites"), subject, g))
                    if str(subject) not in documents:
                        documents.add(str(subject))
                        add(Quad(subject, RDF_TYPE, fz("PolicyDocument"), g))
                        if title:
                            add(Quad(subject, DCT_TITLE, zh(normalise_title(title)), g))
                        if f.doc_number:
                            add(Quad(subject, fz("docNumber"), Literal(f.doc_number), g))
                        add(Quad(subject, fz("documentLevel"), Literal(document_level(title, f.doc_number)), g))
                else:
                    warnings.append(f"fact kind {f.kind!r} at {f.start}-{f.end} is unknown; left out")
                    continue
                if f.kind in ("mechanism", "mechanism_candidate", "metric", "claim"):
                    if j is not None:
                        add(Quad(subject, fz("jurisdiction"), jurisdiction_node(j.code), g))
                        self._jurisdiction_quads(j, g, out, seen_j)
                    if year is not None:
                        add(Quad(subject, fz("year"), year_literal(year), g))
            add(Quad(subject, PROV_DERIVED, ev, g))
            self._evidence(ev, rpt, f, sentence_of(f), text, g, out)
        return ReportGraph(g, tuple(dict.fromkeys(out)), tuple(warnings))

    @staticmethod
    def _evidence(ev: NamedNode, rpt: NamedNode, f: Fact, bounds: tuple[int, int], text: str,
                  g: NamedNode, out: list[Quad]) -> None:
        out.append(Quad(ev, RDF_TYPE, fz("Evidence"), g))
        out.append(Quad(ev, RDF_TYPE, PROV_ENTITY, g))
        out.append(Quad(ev, fz("report"), rpt, g))
        out.append(Quad(ev, fz("startOffset"), int_literal(f.start), g))
        out.append(Quad(ev, fz("endOffset"), int_literal(f.end), g))
        out.append(Quad(ev, fz("quote"), Literal(f.span.text), g))
        if text:
            s0, s1 = bounds[0], max(bounds[1], f.end)
            sentence = text[s0:s1].strip()
            if sentence:
                out.append(Quad(ev, fz("sentence"), Literal(sentence), g))
        out.append(Quad(ev, fz("rule"), Literal(f.rule), g))
        out.append(Quad(ev, fz("confidence"), decimal_literal(round(float(f.confidence), 6)), g))


@lru_cache(maxsize=1)
def default_builder() -> RdfBuilder:
    return RdfBuilder()


def report_quads(extraction: Extraction, vocab: Vocabulary | None = None) -> list[Quad]:
    """The quads of one report's named graph (graph name = the report IRI), per docs/model.md."""
    builder = default_builder() if vocab is None else RdfBuilder(vocab)
    return list(builder.build(extraction).quads)


# ---------------------------------------------------------------- the vocab graph


def _term(t, bnodes: dict[str, BlankNode]):
    from rdflib import BNode as RBNode
    from rdflib import Literal as RLiteral

    if isinstance(t, RBNode):
        return bnodes.setdefault(str(t), BlankNode(str(t)))
    if isinstance(t, RLiteral):
        if t.language:
            return Literal(str(t), language=t.language)
        if t.datatype is not None:
            return Literal(str(t), datatype=NamedNode(str(t.datatype)))
        return Literal(str(t))
    return NamedNode(str(t))


def rdflib_to_quads(graph, graph_name: NamedNode) -> Iterable[Quad]:
    """Quads of an rdflib Graph with blank nodes relabelled canonically (deterministic ids)."""
    from rdflib.compare import to_canonical_graph

    canon = to_canonical_graph(graph)
    bnodes: dict[str, BlankNode] = {}
    for s, p, o in canon:
        yield Quad(_term(s, bnodes), _term(p, bnodes), _term(o, bnodes), graph_name)


@lru_cache(maxsize=1)
def vocab_quads() -> tuple[Quad, ...]:
    """The ontology and the vocabularies as quads of the named graph `vocab:`."""
    from ontology.vocab import load_graph

    try:
        graph = load_graph()
    except (OSError, FileNotFoundError) as err:
        raise GraphBuildError(f"graph.rdf: the ontology files cannot be read: {err}") from err
    return tuple(sorted(rdflib_to_quads(graph, VOCAB_GRAPH), key=str))
