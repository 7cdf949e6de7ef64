// title: How many jurisdictions had adopted a mechanism by each year, overall and per province?
// param: mechanism (mechanism, required) a label, alias, English gloss or notation, e.g. 三项制度
// param: province (province, optional) only this province: a name (河南, 河南省) or code (41, 410000)
// column: province_code (str) the province, none for the overall curve (全部)
// column: province_name (str) the province's name, or 全部
// column: year (int) a year in which at least one jurisdiction of the group first adopted it
// column: new_adopters (int) jurisdictions first adopting (implemented or piloting) that year
// column: cumulative (int) jurisdictions that had adopted it by the end of that year
//
// Each adopting place's first adoption year is its AdoptionSummary's (found by the summary
// graph's IRI, indexed as `report`).
MATCH (m:Mechanism {uri: $mechanism})
MATCH (s:AdoptionSummary {report: 'https://w3id.org/fazhi-kg/id/summary/mechanism/' + m.notation})
      -[:IN_JURISDICTION]->(j:Jurisdiction)
WHERE s.firstAdoptionYear IS NOT NULL
OPTIONAL MATCH (j)-[:IN_PROVINCE]->(p:Jurisdiction)
WITH collect({pc: p.code, pn: p.name, fy: s.firstAdoptionYear}) AS members
UNWIND members AS m
UNWIND [{code: '', name: '全部'}] + CASE WHEN m.pc IS NULL THEN [] ELSE [{code: m.pc, name: m.pn}] END AS g
WITH DISTINCT members, g.code AS gcode, g.name AS gname, m.fy AS year
WHERE $province IS NULL OR gcode = $province
RETURN CASE gcode WHEN '' THEN null ELSE gcode END AS province_code, gname AS province_name, year,
       size([x IN members WHERE (gcode = '' OR x.pc = gcode) AND x.fy = year]) AS new_adopters,
       size([x IN members WHERE (gcode = '' OR x.pc = gcode) AND x.fy <= year]) AS cumulative
ORDER BY gcode, year
