"""Facts -> RDF quads: one named graph per report, following docs/model.md exactly.

`report_quads(extraction)` is the contract: every quad sits in the graph named by the report IRI,
and the graph is self-contained (it repeats the jurisdictions, agencies, cited documents and
candidates it mentions), so replacing or dropping one report never touches another.
The builder runs on tens of thousands of reports, so it emits plain records, not term objects:
a triple is (subject IRI, predicate IRI, object) with the object an IRI `str` or a `Lit`. The
build writes N-Quads and TriG lines straight from them (`nquads`, `ntriples_object`); pyoxigraph
terms are made only on demand (`ReportGraph.quads`). Every IRI still comes from ontology/iri.py
and is checked by pyoxigraph the first time it is seen.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from typing import NamedTuple

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from extractors.text import sentence_bounds
from fazhi.errors import GraphBuildError
from fazhi.records import Document, Extraction, Fact, Jurisdiction
from graph import jurisdictions as places
from ontology import iri
from ontology.namespaces import DOC_TYPE_IRI, FZ, LEVEL_IRI, ORG, QB, STAGE_IRI, VOCAB
from ontology.vocab import Vocabulary, normalise_label

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
DCT_TITLE = DCT + "title"
DCT_ISSUED = DCT + "issued"
PROV_DERIVED = PROV + "wasDerivedFrom"
PROV_ENTITY = PROV + "Entity"
QB_OBSERVATION = str(QB["Observation"])
ORG_ORGANIZATION = str(ORG["Organization"])
ORG_CLASSIFICATION = str(ORG["classification"])
XSD_GYEAR = XSD + "gYear"
XSD_DECIMAL = XSD + "decimal"
XSD_INTEGER = XSD + "integer"
XSD_BOOLEAN = XSD + "boolean"
XSD_DATE = XSD + "date"
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


class Lit(NamedTuple):
    """A literal of a report graph: lexical form, language tag or "", datatype IRI or ""
    (neither: a plain xsd:string literal)."""

    value: str
    language: str = ""
    datatype: str = ""


Triple = tuple[str, str, "str | Lit"]
"""(subject IRI, predicate IRI, object IRI or Lit): the records a report graph is made of."""


@lru_cache(maxsize=65536)
def checked_iri(value: str) -> str:
    """`value` as a plain str once pyoxigraph accepts it as an IRI (raises ValueError if not)."""
    return NamedNode(str(value)).value


@lru_cache(maxsize=None)
def fz(name: str) -> str:
    """The IRI of `fz:<name>`; goes through the closed namespace, so typos raise."""
    return checked_iri(str(getattr(FZ, name)))


@lru_cache(maxsize=4096)
def _span_iri_prefix(kind: str, sha256: str, rule: str) -> str:
    """`iri.fact` / `iri.evidence` up to the span, taken from ontology/iri.py once per rule."""
    make = iri.fact if kind == "fact" else iri.evidence
    full = checked_iri(make(sha256, rule, 0, 1))
    assert full.endswith("/0-1")
    return full[:-3]


def span_iri(kind: str, sha256: str, rule: str, start: int, end: int) -> str:
    """The IRI `iri.fact(...)` (kind "fact") or `iri.evidence(...)` returns, without building an
    rdflib URIRef per fact (a measurable share of the build)."""
    return f"{_span_iri_prefix(kind, sha256, rule)}{start}-{end}"


@lru_cache(maxsize=65536)
def agency_iri(code: str | None, agency_type: str) -> str:
    return checked_iri(iri.agency(code, agency_type))


@lru_cache(maxsize=65536)
def jurisdiction_iri(code: str) -> str:
    return checked_iri(iri.jurisdiction(code))


def year_literal(year: int) -> Lit:
    return Lit(f"{year:04d}", "", XSD_GYEAR)


def decimal_literal(value: float) -> Lit:
    if float(value).is_integer():
        text = str(int(value))
    else:
        text = repr(float(value))
        if "e" in text or "E" in text:
            text = f"{value:.10f}".rstrip("0").rstrip(".")
    return Lit(text, "", XSD_DECIMAL)


_TRUE = Lit("true", "", XSD_BOOLEAN)
_FALSE = Lit("false", "", XSD_BOOLEAN)


def bool_literal(value: bool) -> Lit:
    return _TRUE if value else _FALSE


def int_literal(value: int) -> Lit:
    return Lit(str(int(value)), "", XSD_INTEGER)


def zh(text: str) -> Lit:
    return Lit(text, "zh")


# ---------------------------------------------------------------- N-Triples text of the records

# exactly what pyoxigraph writes inside a quoted literal (oxrdf `print_quoted_str`; checked
# against it for every code point in tests/graph/test_report_lines.py)
_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
                 0x22: '\\"', 0x5C: "\\\\"})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f"\\\\\ufffe\uffff]')


def quoted(text: str) -> str:
    """`text` as an N-Triples string literal, escaped as pyoxigraph escapes it."""
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    return f'"{text.translate(_ESCAPES)}"'


@lru_cache(maxsize=64)
def _literal_suffix(language: str, datatype: str) -> str:
    if language:
        return "@" + language.lower()
    if datatype and datatype != XSD + "string":
        return f"^^<{checked_iri(datatype)}>"
    return ""


def _bracketed(iri_: str) -> str:
    return f"<{iri_}>"


def ntriples_object(o: str | Lit) -> str:
    """The N-Triples text of an object record: `<iri>`, `"…"@zh`, `"…"^^<datatype>` or `"…"`."""
    if type(o) is str:
        return f"<{o}>"
    return quoted(o.value) + _literal_suffix(o.language, o.datatype)


def object_term(o: str | Lit) -> NamedNode | Literal:
    """The pyoxigraph term of an object record."""
    if type(o) is str:
        return NamedNode(o)
    if o.language:
        return Literal(o.value, language=o.language)
    if o.datatype:
        return Literal(o.value, datatype=NamedNode(o.datatype))
    return Literal(o.value)


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
    """One report's named graph: its name (the report IRI), its triples (in the order built,
    without repeats), and what the builder had to skip."""

    name: str
    triples: tuple[Triple, ...]
    warnings: tuple[str, ...] = ()

    @property
    def quads(self) -> tuple[Quad, ...]:
        """The triples as pyoxigraph quads in the graph `name` (tests, small tools)."""
        g = NamedNode(self.name)
        return tuple(Quad(NamedNode(s), NamedNode(p), object_term(o), g) for s, p, o in self.triples)

    def ntriples(self) -> list[str]:
        """Every triple as its N-Triples text `<s> <p> o`, without the final ` .`."""
        return [f"<{s}> <{p}> {ntriples_object(o)}" for s, p, o in self.triples]

    def nquads(self, lines: list[str] | None = None) -> bytes:
        """The graph as N-Quads, byte for byte what pyoxigraph serialises from `quads`
        (`lines`: `ntriples()` when the caller already has them)."""
        tail = f" <{self.name}> .\n"
        return (tail.join(self.ntriples() if lines is None else lines) + tail).encode("utf-8") \
            if self.triples else b""


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

    def jurisdiction_triples(self, j: Jurisdiction, out: list[Triple], seen: set[str]) -> None:
        """The triples of a place and its chain up to the province (each place once per `seen`)."""
        if j.code in seen:
            return
        seen.add(j.code)
        s = jurisdiction_iri(j.code)
        out.append((s, RDF_TYPE, fz("Jurisdiction")))
        if j.name:
            out.append((s, RDFS_LABEL, zh(j.name)))
        out.append((s, fz("code"), Lit(j.code)))
        if j.level in LEVEL_IRI:
            out.append((s, fz("level"), checked_iri(LEVEL_IRI[j.level])))
        parents = places.chain(j.code)
        parent = j.parent_code or (parents[0].code if parents else None)
        if parent and parent != j.code:
            out.append((s, fz("within"), jurisdiction_iri(parent)))
        prov = j.province_code or places.province_code(j.code)
        if j.level != "province" and prov and prov != j.code:
            out.append((s, fz("inProvince"), jurisdiction_iri(prov)))
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
            self.jurisdiction_triples(p, out, seen)

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
        rpt = checked_iri(iri.report(doc.sha256))
        out: list[Triple] = []
        warnings: list[str] = []
        seen_j: set[str] = set()
        add = out.append
        add((rpt, RDF_TYPE, fz("Report")))
        if doc.title:
            add((rpt, DCT_TITLE, zh(doc.title)))
        if doc.doc_number:
            add((rpt, fz("docNumber"), Lit(doc.doc_number)))
        if doc.issuer:
            add((rpt, fz("issuer"), Lit(doc.issuer)))
        if doc.issued:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.issued):
                add((rpt, DCT_ISSUED, Lit(doc.issued, "", XSD_DATE)))
            else:
                warnings.append(f"issued date {doc.issued!r} is not YYYY-MM-DD; left out")
        if doc.year is not None:
            add((rpt, fz("yearCovered"), year_literal(doc.year)))
        add((rpt, fz("docType"), checked_iri(DOC_TYPE_IRI.get(doc.doc_type, FZ.OtherDocument))))
        add((rpt, fz("sha256"), Lit(doc.sha256)))
        add((rpt, fz("sourceFile"), Lit(doc.doc)))
        add((rpt, fz("synthetic"), bool_literal(doc.synthetic)))
        if doc.jurisdiction is not None:
            add((rpt, fz("about"), jurisdiction_iri(doc.jurisdiction.code)))
            self.jurisdiction_triples(doc.jurisdiction, out, seen_j)
        if doc.publisher is not None and (doc.jurisdiction is None or doc.publisher.code != doc.jurisdiction.code):
            add((rpt, fz("publishedBy"), jurisdiction_iri(doc.publisher.code)))
            self.jurisdiction_triples(doc.publisher, out, seen_j)

        text = doc.text
        sentences: dict[int, tuple[int, int]] = {}

        def sentence_of(f: Fact) -> tuple[int, int]:
            b = sentences.get(f.start)
            if b is None:
                b = sentence_bounds(text, f.start) if text else (f.start, f.end)
                sentences[f.start] = b
            return b

        # agencies first: adoptions link to the agencies named in their sentence
        agencies_by_sentence: dict[int, list[str]] = {}
        agency_nodes: dict[str, tuple[str, str, Jurisdiction | None]] = {}
        for f in extraction.facts:
            if f.kind != "agency":
                continue
            concept = self.vocab.get("agency-type", f.concept) if f.concept else None
            if concept is None:
                warnings.append(f"agency {f.label!r} at {f.start}-{f.end}: unknown agency type {f.concept!r}; left out")
                continue
            j = self.jurisdiction_of(f, doc)
            a = agency_iri(j.code if j else None, concept.notation)
            agency_nodes.setdefault(a, (a, concept.iri, j))
            agencies_by_sentence.setdefault(sentence_of(f)[0], []).append(a)

        for a, concept_iri, j in agency_nodes.values():
            add((a, RDF_TYPE, fz("Agency")))
            add((a, RDF_TYPE, ORG_ORGANIZATION))
            ctype = checked_iri(concept_iri)
            label = (j.name if j else "") + self.vocab.get("agency-type", concept_iri.rsplit("/", 1)[-1]).pref_zh
            add((a, RDFS_LABEL, zh(label)))
            add((a, fz("agencyType"), ctype))
            add((a, ORG_CLASSIFICATION, ctype))
            if j is not None:
                add((a, fz("jurisdiction"), jurisdiction_iri(j.code)))
                self.jurisdiction_triples(j, out, seen_j)

        candidates: set[str] = set()
        documents: set[str] = set()
        for f in extraction.facts:
            ev = span_iri("evidence", doc.sha256, f.rule, f.start, f.end)
            if f.kind == "agency":
                concept = self.vocab.get("agency-type", f.concept) if f.concept else None
                if concept is None:
                    continue
                j = self.jurisdiction_of(f, doc)
                subject = agency_iri(j.code if j else None, concept.notation)
            else:
                subject = span_iri("fact", doc.sha256, f.rule, f.start, f.end)
                year = f.year if f.year is not None else doc.year
                j = self.jurisdiction_of(f, doc)
                if f.kind in ("mechanism", "mechanism_candidate"):
                    mech = self.vocab.get("mechanism", f.concept) if (f.kind == "mechanism" and f.concept) else None
                    if mech is not None:
                        target = checked_iri(mech.iri)
                    else:
                        term = normalise_term(f.label or f.span.text)
                        if not term:
                            warnings.append(f"mechanism fact at {f.start}-{f.end} has no label; left out")
                            continue
                        if f.kind == "mechanism":
                            warnings.append(f"mechanism {f.concept!r} at {f.start}-{f.end} is not in the vocabulary; kept as a candidate")
                        target = checked_iri(iri.candidate(term))
                        if target not in candidates:
                            candidates.add(target)
                            add((target, RDF_TYPE, fz("MechanismCandidate")))
                            add((target, RDFS_LABEL, zh(clean_label(f.label or f.span.text) or term)))
                    add((subject, RDF_TYPE, fz("Adoption")))
                    add((subject, fz("mechanism"), target))
                    add((subject, fz("stage"), checked_iri(STAGE_IRI[stage_of(f, doc)])))
                    # in N-Triples order (`<iri>`: the closing > sorts after - / and digits)
                    for a in sorted(set(agencies_by_sentence.get(sentence_of(f)[0], ())), key=_bracketed):
                        add((subject, fz("involvedAgency"), a))
                elif f.kind == "metric":
                    if f.value is None:
                        warnings.append(f"metric at {f.start}-{f.end} has no value; left out")
                        continue
                    add((subject, RDF_TYPE, fz("Observation")))
                    add((subject, RDF_TYPE, QB_OBSERVATION))
                    ind = self.vocab.get("indicator", f.concept) if f.concept else None
                    if ind is not None:
                        add((subject, fz("indicator"), checked_iri(ind.iri)))
                    elif f.concept:
                        warnings.append(f"indicator {f.concept!r} at {f.start}-{f.end} is not in the vocabulary")
                    if f.indicator:
                        add((subject, fz("indicatorPhrase"), Lit(f.indicator)))
                    add((subject, fz("value"), decimal_literal(f.value)))
                    if f.unit:
                        add((subject, fz("unit"), Lit(f.unit)))
                    add((subject, fz("approximate"), bool_literal(bool(f.approx))))
                elif f.kind == "claim":
                    claim_type = f.claim_type or next((t for t in CLAIM_TYPES if t in f.span.text), None)
                    if not claim_type:
                        warnings.append(f"claim at {f.start}-{f.end} has no claim type; left out")
                        continue
                    add((subject, RDF_TYPE, fz("PioneerClaim")))
                    add((subject, fz("claimType"), Lit(claim_type)))
                    if f.scope:
                        add((subject, fz("scope"), Lit(f.scope)))
                    claimed = f.label or f.span.text
                    add((subject, fz("claimed"), Lit(claimed)))
                    for m in self.related_mechanisms(claimed):
                        add((subject, fz("relatedMechanism"), checked_iri(m)))
                elif f.kind == "citation":
                    title = f.label if (f.label and f.label != f.doc_number) else None
                    key = normalise_title(title or f.doc_number or f.span.text)
                    if not key:
                        warnings.append(f"citation at {f.start}-{f.end} has neither title nor 文号; left out")
                        continue
                    subject = checked_iri(iri.policy_document(key))
                    add((rpt, fz("cites"), subject))
                    if subject not in documents:
                        documents.add(subject)
                        add((subject, RDF_TYPE, fz("PolicyDocument")))
                        if title:
                            add((subject, DCT_TITLE, zh(normalise_title(title))))
                        if f.doc_number:
                            add((subject, fz("docNumber"), Lit(f.doc_number)))
                        add((subject, fz("documentLevel"), Lit(document_level(title, f.doc_number))))
                else:
                    warnings.append(f"fact kind {f.kind!r} at {f.start}-{f.end} is unknown; left out")
                    continue
                if f.kind in ("mechanism", "mechanism_candidate", "metric", "claim"):
                    if j is not None:
                        add((subject, fz("jurisdiction"), jurisdiction_iri(j.code)))
                        self.jurisdiction_triples(j, out, seen_j)
                    if year is not None:
                        add((subject, fz("year"), year_literal(year)))
            add((subject, PROV_DERIVED, ev))
            self._evidence(ev, rpt, f, sentence_of(f), text, out)
        return ReportGraph(rpt, tuple(dict.fromkeys(out)), tuple(warnings))

    @staticmethod
    def _evidence(ev: str, rpt: str, f: Fact, bounds: tuple[int, int], text: str,
                  out: list[Triple]) -> None:
        out.append((ev, RDF_TYPE, fz("Evidence")))
        out.append((ev, RDF_TYPE, PROV_ENTITY))
        out.append((ev, fz("report"), rpt))
        out.append((ev, fz("startOffset"), int_literal(f.start)))
        out.append((ev, fz("endOffset"), int_literal(f.end)))
        out.append((ev, fz("quote"), Lit(f.span.text)))
        if text:
            s0, s1 = bounds[0], max(bounds[1], f.end)
            sentence = text[s0:s1].strip()
            if sentence:
                out.append((ev, fz("sentence"), Lit(sentence)))
        out.append((ev, fz("rule"), Lit(f.rule)))
        out.append((ev, fz("confidence"), decimal_literal(round(float(f.confidence), 6))))


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
