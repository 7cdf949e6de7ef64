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


@pytest.fixture
def good(good_report_ttl):
    """A fresh parse of the well-formed report graph (tests mutate it)."""
    return lambda: Graph().parse(data=good_report_ttl, format="turtle")


def test_the_vocabularies_conform():
    report = validate_vocabulary()
    assert report.conforms, report.violations[:5]
    assert report.violations == ()


def test_a_well_formed_report_graph_conforms(good):
    report = validate(good())
    assert isinstance(report, ValidationReport)
    assert report.conforms, report.violations
    assert report.violations == ()


def test_a_dataset_of_named_report_graphs_is_validated_as_a_whole(good):
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
def test_each_breakage_is_reported(what, change, message, focus, good):
    g = good()
    change(g)
    report = validate(g)
    assert not report.conforms
    hits = [v for v in report.violations if v[2].startswith(message)]
    assert hits, f"{what}: expected {message!r}, got {report.messages()}"
    assert all(v[0] == str(focus) for v in hits)


def test_the_brief_bad_graph_lists_all_three_problems(good):
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
