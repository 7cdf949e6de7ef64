// title: Which national and provincial documents do reports cite, how often, and since when?
// param: level (level, required) documents of this level: national, provincial, local or unknown
// column: document (iri) the cited document
// column: title (str) its title (or its 文号 when cited by number only)
// column: doc_number (str) its 文号, when cited with one
// column: document_level (str) national, provincial, local or unknown
// column: citing_reports (int) how many reports cite it
// column: citing_jurisdictions (int) how many jurisdictions those reports are about
// column: first_year (int) the earliest year covered by a citing report
// column: first_report (iri) the first citing report (lowest year, then report IRI)
// column: jurisdiction_code (str) the jurisdiction that first report is about
// column: jurisdiction_name (str) its name
// order: citing_reports desc, document
//
// One DocumentSummary per cited document, one level at a time; firstReport is a report uri (indexed).
MATCH (s:DocumentSummary)-[:OF_DOCUMENT]->(d:PolicyDocument)
WHERE d.level = $level
OPTIONAL MATCH (r:Report {uri: s.firstReport})
OPTIONAL MATCH (r)-[:ABOUT]->(j:Jurisdiction)
RETURN d.uri AS document, coalesce(d.name, d.docNumber) AS title, d.docNumber AS doc_number,
       d.level AS document_level, s.reportCount AS citing_reports,
       s.jurisdictionCount AS citing_jurisdictions, s.firstMentionYear AS first_year,
       s.firstReport AS first_report, j.code AS jurisdiction_code, j.name AS jurisdiction_name
ORDER BY citing_reports DESC, document
