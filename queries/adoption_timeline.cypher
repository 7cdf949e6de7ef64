// title: When did each jurisdiction first mention a mechanism, at what stage, and when did it first adopt it?
// param: mechanism (mechanism, required) a label, alias, English gloss or notation, e.g. 双随机一公开
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
// The first mention is the lowest-IRI mention in the first year (a deterministic tie-break).
// Read from the mechanism's summary graph (one fz:AdoptionSummary per place: counts, first
// mention, first adoption; docs/model.md), names from the summary jurisdictions graph; the
// quote of the first mention is read from its own report graph (the fact IRI starts with it).
// LATERAL makes Oxigraph read the one summary graph named from ?mechanism (a plain GRAPH ?sg
// after the BIND is evaluated over every graph first).
MATCH (m:Mechanism {uri: $mechanism})
MATCH (s:AdoptionSummary {report: 'https://w3id.org/fazhi-kg/id/summary/mechanism/' + m.notation})
      -[:IN_JURISDICTION]->(j:Jurisdiction)
MATCH (a:Adoption {uri: s.firstMention})-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (j)-[:IN_PROVINCE]->(p:Jurisdiction)
RETURN j.code AS jurisdiction_code, j.name AS jurisdiction_name, p.name AS province_name,
       s.firstMentionYear AS first_year, s.firstMentionStage AS first_stage,
       s.firstAdoptionYear AS adopted_year, s.mentionCount AS mentions, e.quote AS quote,
       e.sentence AS sentence, a.report AS report, e.start AS start
ORDER BY first_year, jurisdiction_code
