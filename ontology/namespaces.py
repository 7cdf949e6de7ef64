"""Closed namespaces for the fazhi ontology and IRIs of the data it describes.

`FZ` is closed (`_fail = True`): a typo such as `FZ.Adoptoin` raises at import or first use,
not silently in a query. Every term here is declared in `fazhi.ttl`; a test checks both ways.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

BASE = "https://w3id.org/fazhi-kg/"
"""The one base IRI of the project. Never change it: every stored IRI derives from it."""

ID = Namespace(BASE + "id/")
"""Instance data: jurisdictions, reports, facts, agencies, cited documents."""

VOCAB = Namespace(BASE + "vocab/")
"""SKOS concept schemes and concepts: mechanisms, indicators, agency types, policy areas."""

QB = Namespace("http://purl.org/linked-data/cube#")
ORG = Namespace("http://www.w3.org/ns/org#")


class FZ(DefinedNamespace):
    """The fazhi ontology (OWL), `https://w3id.org/fazhi-kg/ontology#`."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Jurisdiction: URIRef
    JurisdictionLevel: URIRef
    Report: URIRef
    DocType: URIRef
    Mechanism: URIRef
    MechanismCandidate: URIRef
    PolicyArea: URIRef
    Adoption: URIRef
    Stage: URIRef
    Agency: URIRef
    AgencyType: URIRef
    Observation: URIRef
    Indicator: URIRef
    PioneerClaim: URIRef
    PolicyDocument: URIRef
    Evidence: URIRef
    # derived corpus summaries (graph/summary.py; rewritten by every build)
    MechanismSummary: URIRef
    AdoptionSummary: URIRef
    CoAdoption: URIRef
    CandidateSummary: URIRef
    DocumentSummary: URIRef

    # individuals: jurisdiction levels
    Province: URIRef
    Prefecture: URIRef
    County: URIRef
    District: URIRef
    Township: URIRef
    # individuals: document types
    AnnualReport: URIRef
    WorkPlan: URIRef
    Summary: URIRef
    WorkReport: URIRef
    OtherDocument: URIRef
    # individuals: adoption stages
    Implemented: URIRef
    Piloting: URIRef
    Planned: URIRef
    Target: URIRef
    Problem: URIRef

    # jurisdiction
    code: URIRef  # GB/T 2260 six-digit code
    level: URIRef
    within: URIRef  # the unit it lies within (district -> city -> province)
    inProvince: URIRef  # shortcut to the province, for "same province" questions
    # report
    docNumber: URIRef  # 文号
    issuer: URIRef  # issuing body as written
    yearCovered: URIRef  # xsd:gYear
    docType: URIRef
    sha256: URIRef
    sourceFile: URIRef
    about: URIRef  # the jurisdiction the report is about
    publishedBy: URIRef  # the jurisdiction whose site carried it (may differ from `about`)
    synthetic: URIRef
    cites: URIRef  # report -> PolicyDocument
    # n-ary facts
    jurisdiction: URIRef
    mechanism: URIRef
    year: URIRef  # xsd:gYear
    stage: URIRef
    agencyType: URIRef
    indicator: URIRef  # -> Indicator concept
    indicatorPhrase: URIRef  # the phrase as written
    value: URIRef
    unit: URIRef
    approximate: URIRef
    claimType: URIRef  # 率先 / 首家 / 首张 / 首个 / 第一
    scope: URIRef  # 全国 / 全省 / 全市 ...
    claimed: URIRef  # the thing claimed, as written
    relatedMechanism: URIRef
    involvedAgency: URIRef  # Adoption -> Agency named in the same sentence
    documentLevel: URIRef  # PolicyDocument: national | provincial | local | unknown
    # evidence (PROV-O: fact prov:wasDerivedFrom evidence)
    report: URIRef
    startOffset: URIRef
    endOffset: URIRef
    quote: URIRef  # exactly text[start:end]
    sentence: URIRef  # the sentence around the quote
    rule: URIRef
    confidence: URIRef
    # corpus summaries
    mentionCount: URIRef
    reportCount: URIRef
    jurisdictionCount: URIRef
    firstMentionYear: URIRef  # xsd:gYear
    firstMentionStage: URIRef
    firstMention: URIRef  # -> the first mention (an Adoption)
    firstAdoptionYear: URIRef  # xsd:gYear
    firstAdoptionStage: URIRef
    firstAdoption: URIRef  # -> the first implemented / piloting mention
    coMechanism: URIRef  # CoAdoption -> the second mechanism
    document: URIRef  # DocumentSummary -> PolicyDocument
    firstReport: URIRef  # DocumentSummary -> the first citing report
    # vocabulary annotations
    origin: URIRef  # where and when a mechanism started, as known
    policyArea: URIRef


STAGE_IRI: dict[str, URIRef] = {
    "implemented": FZ.Implemented,
    "piloting": FZ.Piloting,
    "planned": FZ.Planned,
    "target": FZ.Target,
    "problem": FZ.Problem,
}
DOC_TYPE_IRI: dict[str, URIRef] = {
    "annual_report": FZ.AnnualReport,
    "plan": FZ.WorkPlan,
    "summary": FZ.Summary,
    "work_report": FZ.WorkReport,
    "other": FZ.OtherDocument,
}
LEVEL_IRI: dict[str, URIRef] = {
    "province": FZ.Province,
    "prefecture": FZ.Prefecture,
    "county": FZ.County,
    "district": FZ.District,
    "township": FZ.Township,
}
