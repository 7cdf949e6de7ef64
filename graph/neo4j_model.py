"""The RDF -> Neo4j property-graph mapping of docs/model.md, as one data table.

`NODES` says which rdf:type becomes which label and which predicate becomes which property;
`RELATIONSHIPS` says which predicate becomes which relationship type. `map_graph` applies both
to the triples of one named graph and returns `GraphRows`: node rows per label and relationship
rows per (type, from label, to label), ready for `UNWIND $rows AS row MERGE ...`.
Changing the model is changing these tables (and docs/model.md), not the loader.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ontology.namespaces import DOC_TYPE_IRI, FZ, LEVEL_IRI, STAGE_IRI

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
VOCAB = "https://w3id.org/fazhi-kg/vocab/"


def _fz(name: str) -> str:
    return str(getattr(FZ, name))


class Term(NamedTuple):
    """An RDF term reduced to what the mapping needs (from pyoxigraph or rdflib terms)."""

    value: str
    kind: str  # "iri" | "literal" | "bnode"
    datatype: str | None = None
    language: str | None = None


def _inverse(table: Mapping[str, object]) -> dict[str, str]:
    return {str(iri): key for key, iri in table.items()}


_LEVELS, _STAGES, _DOC_TYPES = _inverse(LEVEL_IRI), _inverse(STAGE_IRI), _inverse(DOC_TYPE_IRI)


def _text(t: Term) -> str:
    return t.value


def _int(t: Term) -> int:
    return int(float(t.value))


def _float(t: Term) -> float:
    return float(t.value)


def _bool(t: Term) -> bool:
    return t.value.strip().lower() in ("true", "1")


def _notation(t: Term) -> str:
    return t.value.rstrip("/").rsplit("/", 1)[-1]


def _enum(table: dict[str, str]) -> Callable[[Term], str]:
    return lambda t: table.get(t.value, _notation(t))


@dataclass(frozen=True, slots=True)
class Prop:
    """Property `name` from the objects of `predicate`.

    lang: keep only literals in that language ("" = any, first wins); many: a sorted list of all
    values; via: take that property of the object node (e.g. the province's name) instead.
    """

    name: str
    predicate: str
    convert: Callable[[Term], object] = _text
    lang: str = ""
    many: bool = False
    via: str | None = None


@dataclass(frozen=True, slots=True)
class NodeSpec:
    label: str
    rdf_class: str
    props: tuple[Prop, ...]
    per_report: bool = False  # carries `report`; replaced with its report


@dataclass(frozen=True, slots=True)
class RelSpec:
    """Relationship `type` from subjects labelled `from_labels` along `predicate`."""

    type: str
    predicate: str
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]


_NAME_ZH = Prop("name", RDFS + "label", lang="zh")
_PREF_ZH = Prop("name", SKOS + "prefLabel", lang="zh")
_PREF_EN = Prop("nameEn", SKOS + "prefLabel", lang="en")
_NOTATION = Prop("notation", SKOS + "notation")
_YEAR = Prop("year", _fz("year"), _int)
_COUNT_MENTIONS = Prop("mentionCount", _fz("mentionCount"), _int)
_COUNT_REPORTS = Prop("reportCount", _fz("reportCount"), _int)
_COUNT_PLACES = Prop("jurisdictionCount", _fz("jurisdictionCount"), _int)
_FIRST_MENTION_YEAR = Prop("firstMentionYear", _fz("firstMentionYear"), _int)
_FIRST_ADOPTION_YEAR = Prop("firstAdoptionYear", _fz("firstAdoptionYear"), _int)

NODES: tuple[NodeSpec, ...] = (
    # order matters only when a subject has several mapped types: the first match wins
    NodeSpec("Report", _fz("Report"), (
        Prop("name", DCT + "title"), Prop("docNumber", _fz("docNumber")), Prop("issuer", _fz("issuer")),
        Prop("issued", DCT + "issued"), Prop("year", _fz("yearCovered"), _int),
        Prop("docType", _fz("docType"), _enum(_DOC_TYPES)), Prop("sha256", _fz("sha256")),
        Prop("sourceFile", _fz("sourceFile")), Prop("synthetic", _fz("synthetic"), _bool))),
    NodeSpec("Jurisdiction", _fz("Jurisdiction"), (
        Prop("code", _fz("code")), _NAME_ZH, Prop("level", _fz("level"), _enum(_LEVELS)),
        Prop("province", _fz("inProvince"), via="name"), Prop("provinceCode", _fz("inProvince"), via="code"))),
    NodeSpec("Adoption", _fz("Adoption"), (_YEAR, Prop("stage", _fz("stage"), _enum(_STAGES))),
             per_report=True),
    NodeSpec("Observation", _fz("Observation"), (
        Prop("name", _fz("indicatorPhrase")), Prop("value", _fz("value"), _float), Prop("unit", _fz("unit")),
        Prop("approximate", _fz("approximate"), _bool), _YEAR), per_report=True),
    NodeSpec("PioneerClaim", _fz("PioneerClaim"), (
        Prop("name", _fz("claimed")), Prop("claimType", _fz("claimType")), Prop("scope", _fz("scope")), _YEAR),
        per_report=True),
    NodeSpec("Evidence", _fz("Evidence"), (
        Prop("name", _fz("quote")), Prop("start", _fz("startOffset"), _int), Prop("end", _fz("endOffset"), _int),
        Prop("quote", _fz("quote")), Prop("sentence", _fz("sentence")), Prop("rule", _fz("rule")),
        Prop("confidence", _fz("confidence"), _float)), per_report=True),
    NodeSpec("Agency", _fz("Agency"), (_NAME_ZH, Prop("agencyType", _fz("agencyType"), _notation))),
    NodeSpec("PolicyDocument", _fz("PolicyDocument"), (
        Prop("name", DCT + "title"), Prop("docNumber", _fz("docNumber")), Prop("level", _fz("documentLevel")))),
    NodeSpec("MechanismCandidate", _fz("MechanismCandidate"), (_NAME_ZH,)),
    NodeSpec("Mechanism", _fz("Mechanism"), (
        _NOTATION, _PREF_ZH, _PREF_EN, Prop("altLabels", SKOS + "altLabel", lang="zh", many=True),
        Prop("policyArea", _fz("policyArea"), _notation), Prop("policyArea", SKOS + "broader", _notation),
        Prop("origin", _fz("origin")))),
    NodeSpec("PolicyArea", _fz("PolicyArea"), (_NOTATION, _PREF_ZH, _PREF_EN)),
    NodeSpec("Indicator", _fz("Indicator"), (_NOTATION, _PREF_ZH, _PREF_EN, Prop("unit", _fz("unit")))),
    NodeSpec("AgencyType", _fz("AgencyType"), (_NOTATION, _PREF_ZH, _PREF_EN)),
    # derived corpus summaries (graph/summary.py): `report` holds their summary graph's IRI
    NodeSpec("MechanismSummary", _fz("MechanismSummary"), (
        _COUNT_MENTIONS, _COUNT_REPORTS, _COUNT_PLACES, _FIRST_ADOPTION_YEAR), per_report=True),
    NodeSpec("AdoptionSummary", _fz("AdoptionSummary"), (
        _COUNT_MENTIONS, _COUNT_REPORTS, _FIRST_MENTION_YEAR,
        Prop("firstMentionStage", _fz("firstMentionStage"), _enum(_STAGES)),
        Prop("firstMention", _fz("firstMention")), _FIRST_ADOPTION_YEAR,
        Prop("firstAdoptionStage", _fz("firstAdoptionStage"), _enum(_STAGES)),
        Prop("firstAdoption", _fz("firstAdoption"))), per_report=True),
    NodeSpec("CoAdoption", _fz("CoAdoption"), (_COUNT_PLACES,), per_report=True),
    NodeSpec("CandidateSummary", _fz("CandidateSummary"), (
        _COUNT_MENTIONS, _COUNT_REPORTS, _COUNT_PLACES, _FIRST_MENTION_YEAR,
        Prop("firstMention", _fz("firstMention"))), per_report=True),
    NodeSpec("DocumentSummary", _fz("DocumentSummary"), (
        _COUNT_REPORTS, _COUNT_PLACES, _FIRST_MENTION_YEAR, Prop("firstReport", _fz("firstReport"))),
        per_report=True),
)
NODE_BY_LABEL = {n.label: n for n in NODES}
PER_REPORT_LABELS = tuple(n.label for n in NODES if n.per_report)
SUMMARY_LABELS = ("MechanismSummary", "AdoptionSummary", "CoAdoption", "CandidateSummary", "DocumentSummary")
REPORT_LABELS = tuple(label for label in PER_REPORT_LABELS if label not in SUMMARY_LABELS)
VOCAB_LABELS = ("Mechanism", "PolicyArea", "Indicator", "AgencyType")
SHARED_LABELS = ("Jurisdiction", "Agency", "PolicyDocument", "MechanismCandidate")
_FACTS = ("Adoption", "Observation", "PioneerClaim")
_CONCEPTS = VOCAB_LABELS

RELATIONSHIPS: tuple[RelSpec, ...] = (
    RelSpec("WITHIN", _fz("within"), ("Jurisdiction",), ("Jurisdiction",)),
    RelSpec("IN_PROVINCE", _fz("inProvince"), ("Jurisdiction",), ("Jurisdiction",)),
    RelSpec("ABOUT", _fz("about"), ("Report",), ("Jurisdiction",)),
    RelSpec("PUBLISHED_BY", _fz("publishedBy"), ("Report",), ("Jurisdiction",)),
    RelSpec("CITES", _fz("cites"), ("Report",), ("PolicyDocument",)),
    RelSpec("IN_JURISDICTION", _fz("jurisdiction"), (*_FACTS, "Agency", "AdoptionSummary", "CandidateSummary"),
            ("Jurisdiction",)),
    RelSpec("OF_MECHANISM", _fz("mechanism"),
            ("Adoption", "MechanismSummary", "AdoptionSummary", "CoAdoption", "CandidateSummary"),
            ("Mechanism", "MechanismCandidate")),
    RelSpec("CO_MECHANISM", _fz("coMechanism"), ("CoAdoption",), ("Mechanism",)),
    RelSpec("OF_DOCUMENT", _fz("document"), ("DocumentSummary",), ("PolicyDocument",)),
    RelSpec("INVOLVES", _fz("involvedAgency"), ("Adoption",), ("Agency",)),
    RelSpec("MEASURES", _fz("indicator"), ("Observation",), ("Indicator",)),
    RelSpec("CLAIMS_MECHANISM", _fz("relatedMechanism"), ("PioneerClaim",), ("Mechanism",)),
    RelSpec("OF_TYPE", _fz("agencyType"), ("Agency",), ("AgencyType",)),
    RelSpec("BROADER", SKOS + "broader", _CONCEPTS, _CONCEPTS),
    RelSpec("HAS_PART", DCT + "hasPart", ("Mechanism",), ("Mechanism",)),
    RelSpec("HAS_EVIDENCE", PROV + "wasDerivedFrom", (*_FACTS, "Agency", "PolicyDocument"), ("Evidence",)),
    RelSpec("IN_REPORT", _fz("report"), ("Evidence",), ("Report",)),
)

_JURISDICTION, _MECHANISM = _fz("jurisdiction"), _fz("mechanism")
_CLASS_LABEL = {n.rdf_class: n.label for n in NODES}
_CLASS_ORDER = {n.rdf_class: i for i, n in enumerate(NODES)}
_VOCAB_PREFIX_LABEL = {VOCAB + "mechanism/": "Mechanism", VOCAB + "policy-area/": "PolicyArea",
                       VOCAB + "indicator/": "Indicator", VOCAB + "agency-type/": "AgencyType",
                       # summary graphs name places typed in the jurisdictions summary graph
                       "https://w3id.org/fazhi-kg/id/jurisdiction/": "Jurisdiction"}
_RELS_BY_PREDICATE: dict[str, list[RelSpec]] = defaultdict(list)
for _r in RELATIONSHIPS:
    _RELS_BY_PREDICATE[_r.predicate].append(_r)


def label_of_iri(iri: str) -> str | None:
    """The label a vocabulary concept (or jurisdiction) IRI gets where its rdf:type is not in the graph at hand."""
    for prefix, label in _VOCAB_PREFIX_LABEL.items():
        if iri.startswith(prefix):
            return label
    return None


@dataclass
class GraphRows:
    """What one named graph becomes: node rows by label, relationship rows by (type, from, to)."""

    nodes: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[tuple[str, str, str], list[dict]] = field(default_factory=lambda: defaultdict(list))
    adopted: list[dict] = field(default_factory=list)  # Jurisdiction -[:ADOPTED {...}]-> Mechanism
    triples: int = 0
    skipped: int = 0  # triples the model has no place for (ontology axioms, rdf:type, ...)

    def node_count(self, labels: Iterable[str] | None = None) -> int:
        keep = set(labels) if labels is not None else None
        return sum(len(v) for k, v in self.nodes.items() if keep is None or k in keep)

    def rel_count(self) -> int:
        return sum(len(v) for v in self.rels.values()) + len(self.adopted)


def map_graph(triples: Iterable[tuple[str, str, Term]], report: str | None = None,
              known_labels: Mapping[str, str] | None = None) -> GraphRows:
    """Map the triples (subject IRI, predicate IRI, object Term) of one named graph to rows.

    report: the report IRI, written as `report` on per-report nodes and ADOPTED edges.
    known_labels: labels of IRIs typed outside this graph (the vocabulary concepts).
    """
    by_subject: dict[str, list[tuple[str, Term]]] = defaultdict(list)
    labels: dict[str, str] = {}
    rows = GraphRows()
    for s, p, o in triples:
        rows.triples += 1
        if p == RDF_TYPE:
            label = _CLASS_LABEL.get(o.value)
            if label and (s not in labels or _CLASS_ORDER[o.value] < _class_order_of(labels[s])):
                labels[s] = label
            continue
        by_subject[s].append((p, o))

    def label_of(iri: str) -> str | None:
        return labels.get(iri) or (known_labels or {}).get(iri) or label_of_iri(iri)

    props: dict[str, dict] = {}
    for s, label in labels.items():
        spec = NODE_BY_LABEL[label]
        pos = by_subject.get(s, ())
        values: dict = {"uri": s}
        for prop in spec.props:
            if prop.name in values:
                continue
            objs = _in_language([o for p, o in pos if p == prop.predicate], prop.lang)
            if prop.via:
                continue  # filled below, once every node's own values are known
            if prop.many:
                if objs:
                    values[prop.name] = sorted({str(prop.convert(o)) for o in objs})
            elif objs:
                if prop.name == "policyArea" and prop.predicate.endswith("broader"):
                    objs = [o for o in objs if label_of(o.value) == "PolicyArea"]
                    if not objs:
                        continue
                values[prop.name] = prop.convert(min(objs, key=lambda o: o.value))
        if spec.per_report and report:
            values["report"] = report
        props[s] = values

    for s, label in labels.items():
        spec = NODE_BY_LABEL[label]
        values = props[s]
        for prop in spec.props:
            if prop.via and prop.name not in values:
                targets = sorted(o.value for p, o in by_subject.get(s, ()) if p == prop.predicate)
                if targets and targets[0] in props and prop.via in props[targets[0]]:
                    values[prop.name] = props[targets[0]][prop.via]
        if label == "Jurisdiction" and values.get("level") == "province":
            values.setdefault("province", values.get("name"))
            values.setdefault("provinceCode", values.get("code"))
        rows.nodes[label].append(values)

    used = 0
    for s, pos in by_subject.items():
        s_label = labels.get(s)
        for p, o in pos:
            specs = _RELS_BY_PREDICATE.get(p)
            if not specs or s_label is None or o.kind != "iri":
                continue
            o_label = label_of(o.value)
            for spec in specs:
                if s_label in spec.from_labels and o_label in spec.to_labels:
                    rows.rels[(spec.type, s_label, o_label)].append({"s": s, "o": o.value})
                    used += 1
                    break

    # ADOPTED: one edge per Adoption of a vocabulary mechanism, for everyday Cypher
    for a in rows.nodes.get("Adoption", ()):
        pos = by_subject.get(a["uri"], ())
        j = [o.value for p, o in pos if p == _JURISDICTION and label_of(o.value) == "Jurisdiction"]
        m = [o.value for p, o in pos if p == _MECHANISM and label_of(o.value) == "Mechanism"]
        if j and m:
            edge = {k: a[k] for k in ("year", "stage", "report") if k in a}
            rows.adopted.append({"s": min(j), "o": min(m), "props": edge})
    return rows


def _in_language(objs: list[Term], lang: str) -> list[Term]:
    """Literals tagged `lang`; for "zh" untagged literals too when no tagged one exists."""
    if not lang:
        return objs
    tagged = [o for o in objs if o.language == lang]
    if tagged or lang != "zh":
        return tagged
    return [o for o in objs if o.kind == "literal" and not o.language]


def _class_order_of(label: str) -> int:
    return _CLASS_ORDER[NODE_BY_LABEL[label].rdf_class]


def concept_labels(rows: GraphRows) -> dict[str, str]:
    """IRI -> label of the vocabulary nodes in `rows` (passed to report graphs as known_labels)."""
    return {n["uri"]: label for label in VOCAB_LABELS for n in rows.nodes.get(label, ())}
