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
// One CandidateSummary per candidate: counts and the first mention (an Adoption uri, indexed).
MATCH (s:CandidateSummary)-[:OF_MECHANISM]->(c:MechanismCandidate)
MATCH (a:Adoption {uri: s.firstMention})-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (s)-[:IN_JURISDICTION]->(fj:Jurisdiction)
RETURN c.uri AS candidate, s.firstMentionYear AS first_year, e.quote AS first_quote,
       fj.code AS first_jurisdiction_code, s.jurisdictionCount AS jurisdictions,
       s.reportCount AS reports, s.mentionCount AS mentions
ORDER BY first_year, jurisdictions DESC, candidate
LIMIT $limit
