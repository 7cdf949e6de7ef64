"""Fixtures of the ontology tests: a well-formed report graph written by hand."""

from __future__ import annotations

import pytest

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



@pytest.fixture(scope="session")
def good_report_ttl() -> str:
    """Turtle of one report graph as docs/model.md describes it (report hash prefix H)."""
    return GOOD
