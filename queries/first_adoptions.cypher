// title: For every jurisdiction of a province: the first year it implements or pilots a mechanism, with evidence
// param: province (province, required) the province and the places in it: a name (河南, 河南省) or code (41, 410000)
// param: mechanism (mechanism, required) a label, alias, English gloss or notation, e.g. 双随机一公开
// column: mechanism (notation) notation
// column: mechanism_name (str) Chinese name
// column: jurisdiction_code (str) GB/T 2260 code
// column: jurisdiction_name (str) name of the jurisdiction
// column: province_name (str) its province (none for the province itself)
// column: first_year (int) first year implemented or piloted
// column: stage (stage) stage of the first such mention
// column: quote (str) its words exactly as in the report
// column: sentence (str) the sentence around them
// column: report (iri) the report
// column: source_file (str) the report's file
// column: start (int) character offset of the quote
// column: end (int) character offset where the quote ends
// column: fact (iri) the adoption
// order: mechanism, first_year, jurisdiction_code
//
// One province and one mechanism at a time (the national table is the build's adoptions.csv).
// The first adoption of each place is its AdoptionSummary's firstAdoption (an Adoption uri,
// indexed); the AdoptionSummary uri is <summary graph>/jurisdiction/<code> (indexed).
MATCH (p:Jurisdiction {code: $province})
CALL (p) {
  MATCH (j:Jurisdiction)-[:IN_PROVINCE]->(p) RETURN j
  UNION
  RETURN p AS j
}
MATCH (m:Mechanism {uri: $mechanism})
MATCH (s:AdoptionSummary {uri: 'https://w3id.org/fazhi-kg/id/summary/mechanism/' + m.notation + '/jurisdiction/' + j.code})
WHERE s.firstAdoption IS NOT NULL
MATCH (a:Adoption {uri: s.firstAdoption})-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (j)-[:IN_PROVINCE]->(jp:Jurisdiction)
OPTIONAL MATCH (r:Report {uri: a.report})
RETURN m.notation AS mechanism, m.name AS mechanism_name, j.code AS jurisdiction_code,
       j.name AS jurisdiction_name, jp.name AS province_name, s.firstAdoptionYear AS first_year,
       s.firstAdoptionStage AS stage, e.quote AS quote, e.sentence AS sentence, a.report AS report,
       r.sourceFile AS source_file, e.start AS start, e.end AS end, a.uri AS fact
ORDER BY mechanism, first_year, jurisdiction_code
