// title: What value did each jurisdiction of a province report for an indicator, year by year?
// param: indicator (indicator, required) a label, alias, English gloss or notation, e.g. 行政机关负责人出庭应诉率
// param: province (province, required) the province and the places in it: a name (河南, 河南省) or code (41, 410000)
// column: jurisdiction_code (str) GB/T 2260 code
// column: jurisdiction_name (str) name of the jurisdiction
// column: province_name (str) its province
// column: year (int) year covered
// column: value (float) the number as reported
// column: unit (str) its unit (%, 件, 人次 ...)
// column: approximate (bool) the text hedges the number (约, 近, 余 ...)
// column: phrase (str) the indicator phrase as written
// column: sentence (str) the sentence it comes from
// column: report (iri) the report
// column: fact (iri) the observation
//
// One province at a time: the first two digits of the place's code are the province's.
MATCH (:Indicator {uri: $indicator})<-[:MEASURES]-(o:Observation)-[:IN_JURISDICTION]->(j:Jurisdiction)
WHERE o.year IS NOT NULL AND substring(j.code, 0, 2) = substring($province, 0, 2)
OPTIONAL MATCH (j)-[:IN_PROVINCE]->(p:Jurisdiction)
MATCH (o)-[:HAS_EVIDENCE]->(e:Evidence)
RETURN j.code AS jurisdiction_code, j.name AS jurisdiction_name, p.name AS province_name,
       o.year AS year, o.value AS value, o.unit AS unit, o.approximate AS approximate, o.name AS phrase,
       e.sentence AS sentence, o.report AS report, o.uri AS fact
ORDER BY jurisdiction_code, year, fact
