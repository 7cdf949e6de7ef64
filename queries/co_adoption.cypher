// title: Which mechanisms are most often adopted together by the same jurisdictions?
// param: limit (int, optional, default 20) how many pairs
// column: mechanism_a (str) notation of the first mechanism (alphabetically)
// column: name_a (str) its name
// column: mechanism_b (str) notation of the second mechanism
// column: name_b (str) its name
// column: jurisdictions (int) jurisdictions that adopted both (implemented or piloting, any years)
// order: jurisdictions desc, mechanism_a, mechanism_b
//
// One CoAdoption per pair (notation a < notation b, count > 0), docs/model.md.
MATCH (a:Mechanism)<-[:OF_MECHANISM]-(c:CoAdoption)-[:CO_MECHANISM]->(b:Mechanism)
RETURN a.notation AS mechanism_a, a.name AS name_a, b.notation AS mechanism_b, b.name AS name_b,
       c.jurisdictionCount AS jurisdictions
ORDER BY jurisdictions DESC, mechanism_a, mechanism_b
LIMIT $limit
