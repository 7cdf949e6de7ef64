// title: Who adopted a mechanism first, and who claims to have pioneered it?
// param: mechanism (mechanism, required) a label, alias, English gloss or notation, e.g. 府院联动
// column: kind (str) adopter (implemented or piloting in the earliest year seen) or claim (a pioneer claim naming it)
// column: year (int) year of the adoption or of the claim
// column: jurisdiction_code (str) GB/T 2260 code
// column: jurisdiction_name (str) name of the jurisdiction
// column: stage (stage) stage of an adopter's first mention
// column: text (str) the sentence of the adoption, or what the claim says was done first
// column: claim_type (str) 率先 / 首家 / 首个 / 第一 ... (claims)
// column: scope (str) 全国 / 全省 / 全市 ... (claims, when stated)
// column: report (iri) the report
// column: fact (iri) the adoption or claim
// order: kind, year, fact
//
// Adopters: AdoptionSummary nodes of the mechanism whose firstAdoptionYear is the earliest.
CALL () {
  MATCH (m:Mechanism {uri: $mechanism})
  MATCH (s:AdoptionSummary {report: 'https://w3id.org/fazhi-kg/id/summary/mechanism/' + m.notation})
  WHERE s.firstAdoptionYear IS NOT NULL
  WITH collect(s) AS adopters, min(s.firstAdoptionYear) AS y0
  UNWIND adopters AS s
  WITH s WHERE s.firstAdoptionYear = y0
  MATCH (s)-[:IN_JURISDICTION]->(j:Jurisdiction)
  MATCH (a:Adoption {uri: s.firstAdoption})-[:HAS_EVIDENCE]->(e:Evidence)
  RETURN 'adopter' AS kind, s.firstAdoptionYear AS year, j.code AS jurisdiction_code,
         j.name AS jurisdiction_name, s.firstAdoptionStage AS stage, coalesce(e.sentence, e.quote) AS text,
         null AS claim_type, null AS scope, a.report AS report, a.uri AS fact
  UNION ALL
  MATCH (:Mechanism {uri: $mechanism})<-[:CLAIMS_MECHANISM]-(c:PioneerClaim)
  OPTIONAL MATCH (c)-[:IN_JURISDICTION]->(j:Jurisdiction)
  RETURN 'claim' AS kind, c.year AS year, j.code AS jurisdiction_code, j.name AS jurisdiction_name,
         null AS stage, c.name AS text, c.claimType AS claim_type, c.scope AS scope,
         c.report AS report, c.uri AS fact
}
RETURN kind, year, jurisdiction_code, jurisdiction_name, stage, text, claim_type, scope, report, fact
ORDER BY kind, coalesce(year, 0), fact
