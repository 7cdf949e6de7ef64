// title: Which mechanisms are adopted by the most jurisdictions?
// param: limit (int, optional, default 30) how many mechanisms
// column: mechanism (str) notation
// column: name (str) Chinese name
// column: name_en (str) English gloss
// column: jurisdictions (int) jurisdictions that implement or pilot it
// column: reports (int) reports that mention it at any stage
// column: mentions (int) mentions at any stage
// column: first_year (int) first year anyone implements or pilots it
//
// One MechanismSummary per mentioned mechanism (docs/model.md, corpus summary graphs).
MATCH (s:MechanismSummary)-[:OF_MECHANISM]->(m:Mechanism)
RETURN m.notation AS mechanism, m.name AS name, m.nameEn AS name_en,
       s.jurisdictionCount AS jurisdictions, s.reportCount AS reports, s.mentionCount AS mentions,
       s.firstAdoptionYear AS first_year
ORDER BY jurisdictions DESC, mentions DESC, mechanism
LIMIT $limit
