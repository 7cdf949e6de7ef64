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
MATCH (:Mechanism {uri: $mechanism})<-[:OF_MECHANISM]-(a:Adoption)-[:IN_JURISDICTION]->(j:Jurisdiction)
WHERE a.year IS NOT NULL
WITH j, a ORDER BY a.year, a.uri
WITH j, collect(a) AS mentions
WITH j, mentions, head(mentions) AS first,
     [x IN mentions WHERE x.stage IN ['implemented', 'piloting'] | x.year] AS adopted
MATCH (first)-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (j)-[:IN_PROVINCE]->(p:Jurisdiction)
RETURN j.code AS jurisdiction_code, j.name AS jurisdiction_name, p.name AS province_name,
       first.year AS first_year, first.stage AS first_stage, head(adopted) AS adopted_year,
       size(mentions) AS mentions, e.quote AS quote, e.sentence AS sentence,
       first.report AS report, e.start AS start
ORDER BY first_year, jurisdiction_code
