// title: For every jurisdiction and mechanism: the first year it implements or pilots it, with evidence
// column: mechanism (str) notation
// column: mechanism_name (str) Chinese name
// column: jurisdiction_code (str) GB/T 2260 code
// column: jurisdiction_name (str) name of the jurisdiction
// column: province_name (str) its province
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
// The first mention is the lowest-IRI implemented/piloting mention in the first year: the
// MIN of "year IRI" keys per mechanism x place (years have four digits), then that one
// Adoption by its uri (indexed) instead of sorting and collecting every adoption.
MATCH (m:Mechanism)<-[:OF_MECHANISM]-(a:Adoption)-[:IN_JURISDICTION]->(j:Jurisdiction)
WHERE a.year IS NOT NULL AND a.stage IN ['implemented', 'piloting']
WITH m, j, min(toString(a.year) + ' ' + a.uri) AS key
MATCH (a:Adoption {uri: substring(key, 5)})-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (j)-[:IN_PROVINCE]->(p:Jurisdiction)
OPTIONAL MATCH (r:Report {uri: a.report})
RETURN m.notation AS mechanism, m.name AS mechanism_name, j.code AS jurisdiction_code,
       j.name AS jurisdiction_name, p.name AS province_name, a.year AS first_year, a.stage AS stage,
       e.quote AS quote, e.sentence AS sentence, a.report AS report, r.sourceFile AS source_file,
       e.start AS start, e.end AS end, a.uri AS fact
ORDER BY mechanism, first_year, jurisdiction_code
