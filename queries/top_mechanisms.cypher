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
// SPARQL cannot take LIMIT as a parameter: the runner keeps the first `limit` rows.
MATCH (m:Mechanism)<-[:OF_MECHANISM]-(a:Adoption)
OPTIONAL MATCH (a)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH m, a, j, a.stage IN ['implemented', 'piloting'] AS adopted
RETURN m.notation AS mechanism, m.name AS name, m.nameEn AS name_en,
       count(DISTINCT CASE WHEN adopted THEN j END) AS jurisdictions,
       count(DISTINCT a.report) AS reports, count(DISTINCT a) AS mentions,
       min(CASE WHEN adopted THEN a.year END) AS first_year
ORDER BY jurisdictions DESC, mentions DESC, mechanism
LIMIT $limit
