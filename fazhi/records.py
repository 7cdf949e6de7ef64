"""The small typed records that flow between stages.

    file bytes --ingest--> Document --extractors--> Fact (with its Span)
              --graph.rdf--> quads (one named graph per report) --graph.neo4j--> rows

Every stage takes and returns these; nothing passes loose dicts between stages.
Offsets (`start`, `end`) always index characters of `Document.text`, the decoded
*original* text (not a normalised copy), so a quote is always `text[start:end]`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Level = Literal["province", "prefecture", "county", "district", "township"]
"""Administrative level. county = 县 / 县级市 / 旗; district = 市辖区."""

DocType = Literal["annual_report", "plan", "summary", "work_report", "other"]
Stage = Literal["implemented", "piloting", "planned", "target", "problem"]
SectionRole = Literal["achievements", "problems", "next_steps", "other"]
FactKind = Literal["mechanism", "mechanism_candidate", "agency", "metric", "claim", "citation"]
ClaimScope = Literal["全国", "全省", "全市", "全区", "全县"]

DOC_TYPES: tuple[str, ...] = ("annual_report", "plan", "summary", "work_report", "other")
STAGES: tuple[str, ...] = ("implemented", "piloting", "planned", "target", "problem")
FACT_KINDS: tuple[str, ...] = (
    "mechanism", "mechanism_candidate", "agency", "metric", "claim", "citation",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) of Document.text and the text it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """An administrative unit resolved to its GB/T 2260 code (always 6 digits, e.g. 410200)."""

    code: str
    name: str
    level: Level
    parent_code: str | None
    province_code: str
    province: str


@dataclass(frozen=True, slots=True)
class Section:
    """A heading-delimited part of a report. `role` decides the default stage of mechanisms in it."""

    start: int
    end: int
    heading: str
    depth: int  # 1 for 一、 2 for (一) 3 for 1. 4 for 一是
    role: SectionRole


@dataclass(frozen=True, slots=True)
class Document:
    """One report: decoded text plus the metadata the extractors need.

    `jurisdiction` is the subject of the report (None = unresolved, never a guess);
    `publisher` is the site that carried it, which may differ (a city plan on a county site).
    `sha256` hashes the raw file bytes; the report IRI derives from it.
    """

    doc: str  # the file's name
    text: str
    sha256: str
    path: str = ""
    encoding: str = "utf-8"
    title: str | None = None
    jurisdiction: Jurisdiction | None = None
    jurisdiction_name: str | None = None  # name as seen in text, kept even when unresolved
    publisher: Jurisdiction | None = None
    year: int | None = None  # the year the report covers
    doc_type: DocType = "other"
    doc_number: str | None = None  # 文号, e.g. 运政函〔2022〕3号
    issued: str | None = None  # ISO date YYYY-MM-DD
    issuer: str | None = None  # issuing body as written
    sections: tuple[Section, ...] = ()
    synthetic: bool = False
    warnings: tuple[str, ...] = ()

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing `offset`, if any."""
        best: Section | None = None
        for s in self.sections:
            if s.start <= offset < s.end and (best is None or s.depth >= best.depth):
                best = s
        return best


@dataclass(frozen=True, slots=True)
class Fact:
    """One extracted statement, tied to the exact span of source text it came from.

    Fields that do not apply to a kind stay None. Per kind:
      mechanism            concept (notation), label, aliases, stage
      mechanism_candidate  label (the local term), stage
      agency               concept (agency-type notation), label (name as written, normalised)
      metric               value, unit, approx, indicator (phrase), concept (indicator notation or None)
      claim                label (the thing claimed), scope, claim_type (率先/首家/首张/首个/第一)
      citation             label (title without 《》, or the 文号), doc_number
    """

    kind: FactKind
    doc: str
    span: Span
    rule: str
    confidence: float
    label: str | None = None
    aliases: tuple[str, ...] = ()
    concept: str | None = None
    stage: Stage | None = None
    value: float | None = None
    unit: str | None = None
    approx: bool | None = None
    indicator: str | None = None
    scope: str | None = None
    claim_type: str | None = None
    doc_number: str | None = None
    jurisdiction: str | None = None
    jurisdiction_code: str | None = None
    year: int | None = None

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    def to_json(self) -> dict:
        """The `fazhi extract --format jsonl` object for this fact (the published contract)."""
        d = asdict(self)
        span = d.pop("span")
        d["aliases"] = list(self.aliases)
        return {
            "kind": d.pop("kind"),
            "doc": d.pop("doc"),
            "text": span["text"],
            "start": span["start"],
            "end": span["end"],
            **d,
        }


def document_json(doc: Document) -> dict:
    """The `fazhi extract --format jsonl` header object for one report."""
    j = doc.jurisdiction
    return {
        "kind": "document",
        "doc": doc.doc,
        "title": doc.title,
        "jurisdiction": j.name if j else doc.jurisdiction_name,
        "jurisdiction_code": j.code if j else None,
        "province": j.province if j else None,
        "level": j.level if j else None,
        "year": doc.year,
        "doc_type": doc.doc_type,
        "doc_number": doc.doc_number,
        "issued": doc.issued,
        "issuer": doc.issuer,
        "publisher": doc.publisher.name if doc.publisher else None,
        "sha256": doc.sha256,
        "synthetic": doc.synthetic,
    }


@dataclass(frozen=True, slots=True)
class Extraction:
    """A report and everything extracted from it: the unit the graph builder consumes."""

    document: Document
    facts: tuple[Fact, ...] = field(default_factory=tuple)
