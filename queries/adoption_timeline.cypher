// title: When did each jurisdiction of a province first mention a mechanism, at what stage, and when did it first adopt it?
// param: mechanism (mechanism, required) a label, alias, English gloss or notation, e.g. 双随机一公开
// param: province (province, required) the province and the places in it: a name (河南, 河南省) or code (41, 410000)
// column: jurisdiction_code (str) GB/T 2260 code
// column: jurisdiction_name (str) name of the jurisdiction
// column: province_name (str) its province (none for a province itself)
// column: first_year (int) first year covered by a report that mentions the mechanism
// column: first_stage (stage) stage of that first mention
// column: adopted_year (int) first year it is implemented or piloted (none if only planned etc.)
// column: mentions (int) all mentions by this jurisdiction, any year and stage
// column: quote (str) the words of the first mention, exactly as in the report
// column: sentence (str) the sentence around it
// column: report (iri) report of the first mention
// column: start (int) character offset of the quote in that report
//
// One province at a time (see the .rq). Each place's AdoptionSummary is found by its uri
// (indexed): <summary graph>/jurisdiction/<code>.
MATCH (m:Mechanism {uri: $mechanism})
MATCH (p:Jurisdiction {code: $province})
CALL (p) {
  MATCH (j:Jurisdiction)-[:IN_PROVINCE]->(p) RETURN j
  UNION
  RETURN p AS j
}
MATCH (s:AdoptionSummary {uri: 'https://w3id.org/fazhi-kg/id/summary/mechanism/' + m.notation + '/jurisdiction/' + j.code})
MATCH (a:Adoption {uri: s.firstMention})-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (j)-[:IN_PROVINCE]->(jp:Jurisdiction)
RETURN j.code AS jurisdiction_code, j.name AS jurisdiction_name, jp.name AS province_name,
       s.firstMentionYear AS first_year, s.firstMentionStage AS first_stage,
       s.firstAdoptionYear AS adopted_year, s.mentionCount AS mentions, e.quote AS quote,
       e.sentence AS sentence, a.report AS report, e.start AS start
ORDER BY first_year, jurisdiction_code
