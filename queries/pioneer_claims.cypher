// title: Every pioneer claim (在全省率先…, 全市首家…) of a province and its places, with the mechanisms it names
// param: province (province, required) the province and the places in it: a name (河南, 河南省) or code (41, 410000)
// column: year (int) year covered
// column: jurisdiction_code (str) the claiming jurisdiction
// column: jurisdiction_name (str) its name
// column: claim_type (str) 率先 / 首家 / 首张 / 首个 / 第一
// column: scope (str) 全国 / 全省 / 全市 ... when stated
// column: claimed (str) what was done first, as written
// column: mechanism (str) notation of a mechanism the claim names (one row per mechanism; none if it names none)
// column: sentence (str) the sentence of the claim
// column: report (iri) the report
// column: fact (iri) the claim
//
// One province at a time: claims whose place is the province or in it.
MATCH (p:Jurisdiction {code: $province})
CALL (p) {
  MATCH (j:Jurisdiction)-[:IN_PROVINCE]->(p) RETURN j
  UNION
  RETURN p AS j
}
MATCH (c:PioneerClaim)-[:IN_JURISDICTION]->(j)
OPTIONAL MATCH (c)-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (c)-[:CLAIMS_MECHANISM]->(m:Mechanism)
RETURN c.year AS year, j.code AS jurisdiction_code, j.name AS jurisdiction_name, c.claimType AS claim_type,
       c.scope AS scope, c.name AS claimed, m.notation AS mechanism, e.sentence AS sentence,
       c.report AS report, c.uri AS fact
ORDER BY coalesce(year, 0), fact, coalesce(mechanism, '')
