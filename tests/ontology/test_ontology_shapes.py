"""SHACL shapes: the vocabularies and a well-formed report graph conform; each kind of breakage
does not, with the message a user would read."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from ontology.validate import ValidationReport, validate, validate_vocabulary

XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")

FZ = "https://w3id.org/fazhi-kg/ontology#"
ID = "https://w3id.org/fazhi-kg/id/"
VOCAB = "https://w3id.org/fazhi-kg/vocab/"
H = "0123456789abcdef"

# A report graph as docs/model.md describes it, for an invented report (text of our own).
GOOD = f"""
@prefix fz: <{FZ}> .
@prefix id: <{ID}> .
@prefix mech: <{VOCAB}mechanism/> .
@prefix ind: <{VOCAB}indicator/> .
@prefix at: <{VOCAB}agency-type/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{ID}report/{H}> a fz:Report ;
    dcterms:title "某市人民政府关于2023年度法治政府建设情况的报告"@zh ;
    fz:docNumber "某政文〔2024〕1号" ; fz:issuer "某市人民政府" ;
    dcterms:issued "2024-01-20"^^xsd:date ; fz:yearCovered "2023"^^xsd:gYear ;
    fz:docType fz:AnnualReport ; fz:sha256 "{H * 4}" ; fz:sourceFile "demo.txt" ;
    fz:synthetic true ; fz:about <{ID}jurisdiction/410700> ; fz:cites <{ID}document/d1> .

<{ID}jurisdiction/410700> a fz:Jurisdiction ; rdfs:label "新乡市"@zh ; fz:code "410700" ;
    fz:level fz:Prefecture ; fz:within <{ID}jurisdiction/410000> ; fz:inProvince <{ID}jurisdiction/410000> .
<{ID}jurisdiction/410000> a fz:Jurisdiction ; rdfs:label "河南省"@zh ; fz:code "410000" ; fz:level fz:Province .

<{ID}report/{H}/fact/mechanism.alias/10-17> a fz:Adoption ;
    fz:jurisdiction <{ID}jurisdiction/410700> ; fz:mechanism mech:double-random ;
    fz:year "2023"^^xsd:gYear ; fz:stage fz:Implemented ;
    fz:involvedAgency <{ID}agency/410700/market-regulation> ;
    prov:wasDerivedFrom <{ID}report/{H}/evidence/mechanism.alias/10-17> .
<{ID}report/{H}/evidence/mechanism.alias/10-17> a fz:Evidence, prov:Entity ;
    fz:report <{ID}report/{H}> ; fz:startOffset 10 ; fz:endOffset 17 ;
    fz:quote "双随机、一公开" ; fz:sentence "市场监管局全面推行双随机、一公开监管。" ;
    fz:rule "mechanism.alias" ; fz:confidence 0.9 .

<{ID}report/{H}/fact/mechanism.candidate/30-34> a fz:Adoption ;
    fz:mechanism <{ID}candidate/c1> ; fz:stage fz:Piloting ;
    prov:wasDerivedFrom <{ID}report/{H}/evidence/mechanism.candidate/30-34> .
<{ID}report/{H}/evidence/mechanism.candidate/30-34> a fz:Evidence ;
    fz:report <{ID}report/{H}> ; fz:startOffset 30 ; fz:endOffset 34 ; fz:quote "一码三联" ;
    fz:rule "mechanism.candidate" ; fz:confidence 0.6 .
<{ID}candidate/c1> a fz:MechanismCandidate ; rdfs:label "一码三联"@zh .

<{ID}report/{H}/fact/metric.count/50-54> a fz:Observation, qb:Observation ;
    fz:indicator ind:admin-reconsideration-accepted ; fz:indicatorPhrase "受理行政复议案件" ;
    fz:value "120"^^xsd:decimal ; fz:unit "件" ; fz:approximate false ;
    fz:jurisdiction <{ID}jurisdiction/410700> ; fz:year "2023"^^xsd:gYear ;
    prov:wasDerivedFrom <{ID}report/{H}/evidence/metric.count/50-54> .
<{ID}report/{H}/evidence/metric.count/50-54> a fz:Evidence ;
    fz:report <{ID}report/{H}> ; fz:startOffset 50 ; fz:endOffset 54 ; fz:quote "120件" ;
    fz:rule "metric.count" ; fz:confidence 0.85 .

<{ID}report/{H}/fact/claim.pioneer/60-70> a fz:PioneerClaim ;
    fz:claimType "率先" ; fz:scope "全省" ; fz:claimed "建立领导干部述法制度" ;
    fz:relatedMechanism mech:leaders-report-on-law ;
    fz:jurisdiction <{ID}jurisdiction/410700> ; fz:year "2023"^^xsd:gYear ;
    prov:wasDerivedFrom <{ID}report/{H}/evidence/claim.pioneer/60-70> .
<{ID}report/{H}/evidence/claim.pioneer/60-70> a fz:Evidence ;
    fz:report <{ID}report/{H}> ; fz:startOffset 60 ; fz:endOffset 70 ; fz:quote "在全省率先建立领导干部" ;
    fz:rule "claim.pioneer" ; fz:confidence 0.8 .

<{ID}agency/410700/market-regulation> a fz:Agency, org:Organization ; rdfs:label "新乡市市场监督管理局"@zh ;
    fz:agencyType at:market-regulation ; org:classification at:market-regulation ;
    fz:jurisdiction <{ID}jurisdiction/410700> ;
    prov:wasDerivedFrom <{ID}report/{H}/evidence/agency.type/0-5> .
<{ID}report/{H}/evidence/agency.type/0-5> a fz:Evidence ;
    fz:report <{ID}report/{H}> ; fz:startOffset 0 ; fz:endOffset 5 ; fz:quote "市场监管局" ;
    fz:rule "agency.type" ; fz:confidence 0.9 .

<{ID}document/d1> a fz:PolicyDocument ; dcterms:title "重大行政决策程序暂行条例"@zh ;
    fz:documentLevel "national" ;
    prov:wasDerivedFrom <{ID}report/{H}/evidence/citation.title/80-93> .
<{ID}report/{H}/evidence/citation.title/80-93> a fz:Evidence ;
    fz:report <{ID}report/{H}> ; fz:startOffset 80 ; fz:endOffset 93 ; fz:quote "《重大行政决策程序暂行条例》" ;
    fz:rule "citation.title" ; fz:confidence 0.95 .
"""

ADOPTION = URIRef(f"{ID}report/{H}/fact/mechanism.alias/10-17")
EVIDENCE = URIRef(f"{ID}report/{H}/evidence/mechanism.alias/10-17")
OBSERVATION = URIRef(f"{ID}report/{H}/fact/metric.count/50-54")
CLAIM = URIRef(f"{ID}report/{H}/fact/claim.pioneer/60-70")
REPORT = URIRef(f"{ID}report/{H}")
JURISDICTION = URIRef(f"{ID}jurisdiction/410700")
AGENCY = URIRef(f"{ID}agency/410700/market-regulation")
DOCUMENT = URIRef(f"{ID}document/d1")
MECHANISM = URIRef(f"{VOCAB}mechanism/double-random")


def fz(name: str) -> URIRef:
    return URIRef(FZ + name)


def good() -> Graph:
    return Graph().parse(data=GOOD, format="turtle")


def test_the_vocabularies_conform():
    report = validate_vocabulary()
    assert report.conforms, report.violations[:5]
    assert report.violations == ()


def test_a_well_formed_report_graph_conforms():
    report = validate(good())
    assert isinstance(report, ValidationReport)
    assert report.conforms, report.violations
    assert report.violations == ()


def test_a_dataset_of_named_report_graphs_is_validated_as_a_whole():
    ds = Dataset()
    named = ds.graph(REPORT)
    for t in good():
        named.add(t)
    assert validate(ds).conforms
    named.remove((ADOPTION, fz("stage"), None))
    assert not validate(ds).conforms


def _set(s, p, o):
    def change(g: Graph) -> None:
        g.remove((s, p, None))
        if o is not None:
            g.add((s, p, o))
    return change


# (what breaks, how, the message a user reads, the focus node it names)
BREAKAGES = [
    ("adoption without mechanism", _set(ADOPTION, fz("mechanism"), None),
     "Adoption: needs exactly one fz:mechanism", ADOPTION),
    ("adoption with an indicator as mechanism",
     _set(ADOPTION, fz("mechanism"), URIRef(f"{VOCAB}indicator/admin-reconsideration-accepted")),
     "Adoption: needs exactly one fz:mechanism", ADOPTION),
    ("unknown stage", _set(ADOPTION, fz("stage"), fz("Someday")),
     "Adoption: exactly one fz:stage", ADOPTION),
    ("year not a gYear", _set(ADOPTION, fz("year"), Literal("2023")),
     "Fact: at most one fz:year, an xsd:gYear", ADOPTION),
    ("evidence start after end", _set(EVIDENCE, fz("startOffset"), Literal(20)),
     "Evidence: fz:startOffset must be less than fz:endOffset", EVIDENCE),
    ("evidence start equals end", _set(EVIDENCE, fz("startOffset"), Literal(17)),
     "Evidence: fz:startOffset must be less than fz:endOffset", EVIDENCE),
    ("negative start", _set(EVIDENCE, fz("startOffset"), Literal(-1)),
     "Evidence: exactly one fz:startOffset, a non-negative xsd:integer", EVIDENCE),
    ("confidence above one", _set(EVIDENCE, fz("confidence"), Literal("1.5", datatype=XSD_DECIMAL)),
     "Evidence: exactly one fz:confidence", EVIDENCE),
    ("evidence without quote", _set(EVIDENCE, fz("quote"), None),
     "Evidence: exactly one fz:quote", EVIDENCE),
    ("fact without evidence", _set(ADOPTION, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None),
     "Fact: needs prov:wasDerivedFrom a fz:Evidence", ADOPTION),
    ("observation value as text", _set(OBSERVATION, fz("value"), Literal("一百二十")),
     "Observation: exactly one fz:value, an xsd:decimal", OBSERVATION),
    ("unknown claim type", _set(CLAIM, fz("claimType"), Literal("首创")),
     "PioneerClaim: exactly one fz:claimType", CLAIM),
    ("unknown claim scope", _set(CLAIM, fz("scope"), Literal("全世界")),
     "PioneerClaim: at most one fz:scope", CLAIM),
    ("report without docType", _set(REPORT, fz("docType"), None),
     "Report: exactly one fz:docType", REPORT),
    ("report with a short hash", _set(REPORT, fz("sha256"), Literal(H)),
     "Report: exactly one fz:sha256", REPORT),
    ("jurisdiction code of five digits", _set(JURISDICTION, fz("code"), Literal("41070")),
     "Jurisdiction: exactly one fz:code, a six-digit GB/T 2260 code", JURISDICTION),
    ("unknown level", _set(JURISDICTION, fz("level"), fz("Village")),
     "Jurisdiction: exactly one fz:level", JURISDICTION),
    ("agency type not in the vocabulary", _set(AGENCY, fz("agencyType"), URIRef(f"{VOCAB}agency-type/nowhere")),
     "Agency: exactly one fz:agencyType, a fz:AgencyType concept", AGENCY),
    ("document level unknown", _set(DOCUMENT, fz("documentLevel"), Literal("global")),
     "PolicyDocument: exactly one fz:documentLevel", DOCUMENT),
]


@pytest.mark.parametrize(("what", "change", "message", "focus"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_each_breakage_is_reported(what, change, message, focus):
    g = good()
    change(g)
    report = validate(g)
    assert not report.conforms
    hits = [v for v in report.violations if v[2].startswith(message)]
    assert hits, f"{what}: expected {message!r}, got {report.messages()}"
    assert all(v[0] == str(focus) for v in hits)


def test_the_brief_bad_graph_lists_all_three_problems():
    """An Adoption without mechanism, an Evidence with start > end, an unknown stage, at once."""
    g = good()
    _set(ADOPTION, fz("mechanism"), None)(g)
    _set(ADOPTION, fz("stage"), fz("Someday"))(g)
    _set(EVIDENCE, fz("startOffset"), Literal(40))(g)
    report = validate(g)
    assert not report.conforms
    assert report.messages() == (
        "Adoption: exactly one fz:stage, one of fz:Implemented fz:Piloting fz:Planned fz:Target fz:Problem",
        "Adoption: needs exactly one fz:mechanism, a fz:Mechanism concept or a fz:MechanismCandidate",
        "Evidence: fz:startOffset must be less than fz:endOffset",
    )
    assert "Conforms: False" in report.text


CONCEPT = f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix fz: <{FZ}> .
<{VOCAB}mechanism/extra> a skos:Concept, fz:Mechanism ;
    skos:inScheme <{VOCAB}mechanism> ; skos:notation "extra" ;
    skos:prefLabel "新机制"@zh, "New mechanism"@en ;
    skos:broader <{VOCAB}policy-area/admin-enforcement> ; fz:policyArea <{VOCAB}policy-area/admin-enforcement> .
"""


@pytest.mark.parametrize(("extra", "message"), [
    ("", None),
    (f'<{VOCAB}mechanism/extra> skos:inScheme <{VOCAB}indicator> .', "Concept: exactly one skos:inScheme"),
    (f'<{VOCAB}mechanism/extra> skos:prefLabel "另一个名字"@zh .', "Concept: needs exactly one skos:prefLabel @zh"),
    (f'<{VOCAB}mechanism/extra> skos:notation "Not A Slug" .', "Concept: exactly one skos:notation"),
    (f'<{VOCAB}mechanism/extra> skos:broader <{VOCAB}policy-area/government-services> .', "Mechanism: exactly one skos:broader policy area"),
    (f'<{VOCAB}mechanism/extra> skos:altLabel "新"@zh .', "Concept: skos:altLabel must be @zh and at least two characters"),
])
def test_concept_shapes(extra, message):
    g = Graph().parse(data=CONCEPT + "\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n" + extra, format="turtle")
    report = validate(g)
    if message is None:
        assert report.conforms, report.violations
    else:
        assert not report.conforms
        assert any(m.startswith(message) for m in report.messages()), report.messages()
