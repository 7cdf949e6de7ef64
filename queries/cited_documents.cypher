// title: Which national and provincial documents do reports cite, and who cites them?
// param: level (level, optional) only documents of this level: national, provincial, local or unknown
// column: document (iri) the cited document
// column: title (str) its title (or its 文号 when cited by number only)
// column: doc_number (str) its 文号, when cited with one
// column: document_level (str) national, provincial, local or unknown
// column: citing_reports (int) how many reports cite it
// column: report (iri) one citing report (one row per citing report)
// column: jurisdiction_code (str) the jurisdiction that report is about
// column: jurisdiction_name (str) its name
// column: year (int) the year that report covers
// order: citing_reports desc, document, report
MATCH (r:Report)-[:CITES]->(d:PolicyDocument)
WHERE $level IS NULL OR d.level = $level
WITH d, collect(DISTINCT r) AS reports
UNWIND reports AS r
OPTIONAL MATCH (r)-[:ABOUT]->(j:Jurisdiction)
RETURN d.uri AS document, coalesce(d.name, d.docNumber) AS title, d.docNumber AS doc_number,
       d.level AS document_level, size(reports) AS citing_reports, r.uri AS report,
       j.code AS jurisdiction_code, j.name AS jurisdiction_name, r.year AS year
ORDER BY citing_reports DESC, document, report
