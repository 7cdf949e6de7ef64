// title: Which candidate local mechanisms (not in the vocabulary) appear, by first appearance?
// param: limit (int, optional, default 50) how many candidates
// column: candidate (iri) the candidate mechanism (one per normalised term)
// column: first_year (int) first year a report mentions it
// column: first_quote (str) the term as written in its first mention
// column: first_jurisdiction_code (str) the jurisdiction of that first mention
// column: jurisdictions (int) jurisdictions that mention it
// column: reports (int) reports that mention it
// column: mentions (int) all its mentions
//
// Candidates are the mechanism nodes under id:candidate/ (fz:MechanismCandidate).
// The first mention is the lowest-IRI mention in the first year (a deterministic tie-break).
// SPARQL cannot take LIMIT as a parameter: the runner keeps the first `limit` rows.
MATCH (c:MechanismCandidate)<-[:OF_MECHANISM]-(a:Adoption)
WHERE a.year IS NOT NULL
OPTIONAL MATCH (a)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH c, a, j ORDER BY a.year, a.uri
WITH c, collect(a) AS mentions, collect(DISTINCT j) AS places, collect(DISTINCT a.report) AS reports
WITH c, mentions, places, reports, head(mentions) AS first
MATCH (first)-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (first)-[:IN_JURISDICTION]->(fj:Jurisdiction)
RETURN c.uri AS candidate, first.year AS first_year, e.quote AS first_quote,
       fj.code AS first_jurisdiction_code, size(places) AS jurisdictions, size(reports) AS reports,
       size(mentions) AS mentions
ORDER BY first_year, jurisdictions DESC, candidate
LIMIT $limit
