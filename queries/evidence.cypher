// title: Every source sentence in which one jurisdiction mentions one mechanism
// param: jurisdiction (jurisdiction, required) a GB/T 2260 code or an unambiguous name
// param: mechanism (mechanism, required) a label, alias, English gloss or notation
// column: year (int) year covered
// column: stage (stage) stage of the mention
// column: quote (str) the words exactly as in the report (text[start:end])
// column: sentence (str) the sentence around them
// column: start (int) character offset where the quote starts
// column: end (int) character offset where it ends
// column: rule (str) the extractor rule that found it
// column: confidence (float) the rule's confidence
// column: report (iri) the report
// column: source_file (str) the report's file
// column: fact (iri) the adoption
MATCH (:Jurisdiction {code: $jurisdiction})<-[:IN_JURISDICTION]-(a:Adoption)-[:OF_MECHANISM]->(:Mechanism {uri: $mechanism})
MATCH (a)-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (r:Report {uri: a.report})
RETURN a.year AS year, a.stage AS stage, e.quote AS quote, e.sentence AS sentence, e.start AS start,
       e.end AS end, e.rule AS rule, e.confidence AS confidence, a.report AS report,
       r.sourceFile AS source_file, a.uri AS fact
ORDER BY coalesce(year, 0), report, start, fact
