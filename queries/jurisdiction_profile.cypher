// title: What does one jurisdiction report: mechanisms by year and stage, outcomes by year?
// param: jurisdiction (jurisdiction, required) a GB/T 2260 code (411381) or an unambiguous name (邓州市, 开封市鼓楼区)
// column: kind (str) mechanism or outcome
// column: year (int) year covered
// column: item (str) mechanism notation, or indicator notation (none when no indicator concept matched)
// column: item_name (str) mechanism name, or indicator name / the phrase as written
// column: stage (stage) stage of the mechanism mentions (mechanism rows)
// column: mentions (int) mentions of the mechanism at that stage that year (mechanism rows)
// column: value (float) the reported number (outcome rows)
// column: unit (str) its unit (outcome rows)
// column: fact (iri) the observation (outcome rows)
CALL () {
  MATCH (:Jurisdiction {code: $jurisdiction})<-[:IN_JURISDICTION]-(a:Adoption)-[:OF_MECHANISM]->(m:Mechanism)
  WHERE a.year IS NOT NULL
  RETURN 'mechanism' AS kind, a.year AS year, m.notation AS item, m.name AS item_name, a.stage AS stage,
         count(DISTINCT a) AS mentions, null AS value, null AS unit, null AS fact
  UNION ALL
  MATCH (:Jurisdiction {code: $jurisdiction})<-[:IN_JURISDICTION]-(o:Observation)
  WHERE o.year IS NOT NULL AND o.value IS NOT NULL
  OPTIONAL MATCH (o)-[:MEASURES]->(i:Indicator)
  RETURN 'outcome' AS kind, o.year AS year, i.notation AS item, coalesce(i.name, o.name) AS item_name,
         null AS stage, null AS mentions, o.value AS value, o.unit AS unit, o.uri AS fact
}
RETURN kind, year, item, item_name, stage, mentions, value, unit, fact
ORDER BY kind, year, coalesce(item, ''), coalesce(stage, ''), coalesce(fact, '')
