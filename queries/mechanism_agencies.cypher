// title: Which agencies of a province are named alongside a mechanism (fz:involvedAgency / INVOLVES)?
// param: mechanism (mechanism, required) a label, alias, English gloss or notation
// param: province (province, required) agencies of the province and its places: a name (河南, 河南省) or code (41, 410000)
// column: agency (iri) the agency (one per jurisdiction and agency type)
// column: agency_name (str) its name, e.g. 邓州市司法局
// column: agency_type (str) notation of its agency type
// column: jurisdiction_code (str) the agency's jurisdiction
// column: adoptions (int) mentions of the mechanism naming this agency in the same sentence
// column: first_year (int) first year of such a mention
// column: last_year (int) last year of such a mention
//
// One province at a time: agencies whose place has the province's two-digit prefix.
MATCH (:Mechanism {uri: $mechanism})<-[:OF_MECHANISM]-(a:Adoption)-[:INVOLVES]->(ag:Agency)
WHERE a.year IS NOT NULL
WITH ag, count(DISTINCT a) AS adoptions, min(a.year) AS first_year, max(a.year) AS last_year
OPTIONAL MATCH (ag)-[:OF_TYPE]->(t:AgencyType)
MATCH (ag)-[:IN_JURISDICTION]->(j:Jurisdiction)
WHERE substring(j.code, 0, 2) = substring($province, 0, 2)
RETURN ag.uri AS agency, ag.name AS agency_name, t.notation AS agency_type, j.code AS jurisdiction_code,
       adoptions, first_year, last_year
ORDER BY adoptions DESC, agency
