// title: Every pioneer claim (在全省率先…, 全市首家…) with the mechanisms it names
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
MATCH (c:PioneerClaim)
OPTIONAL MATCH (c)-[:IN_JURISDICTION]->(j:Jurisdiction)
OPTIONAL MATCH (c)-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (c)-[:CLAIMS_MECHANISM]->(m:Mechanism)
RETURN c.year AS year, j.code AS jurisdiction_code, j.name AS jurisdiction_name, c.claimType AS claim_type,
       c.scope AS scope, c.name AS claimed, m.notation AS mechanism, e.sentence AS sentence,
       c.report AS report, c.uri AS fact
ORDER BY coalesce(year, 0), fact, coalesce(mechanism, '')
