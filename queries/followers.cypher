// title: Within a province, who adopted a mechanism after whom, and how many years later?
// param: mechanism (mechanism, required) a label, alias, English gloss or notation
// column: province_code (str) the shared province
// column: province_name (str) its name
// column: leader_code (str) the earlier adopter
// column: leader_name (str) its name
// column: leader_year (int) its first adoption year (implemented or piloting)
// column: follower_code (str) the later adopter
// column: follower_name (str) its name
// column: follower_year (int) its first adoption year
// column: lag (int) follower_year - leader_year, always > 0
MATCH (j:Jurisdiction)-[r:ADOPTED]->(:Mechanism {uri: $mechanism})
WHERE r.year IS NOT NULL AND r.stage IN ['implemented', 'piloting']
WITH j, min(r.year) AS fy
MATCH (j)-[:IN_PROVINCE]->(p:Jurisdiction)
WITH p, collect({code: j.code, name: j.name, fy: fy}) AS members
UNWIND members AS l
UNWIND members AS f
WITH p, l, f WHERE l.fy < f.fy
RETURN p.code AS province_code, p.name AS province_name,
       l.code AS leader_code, l.name AS leader_name, l.fy AS leader_year,
       f.code AS follower_code, f.name AS follower_name, f.fy AS follower_year, f.fy - l.fy AS lag
ORDER BY province_code, leader_year, leader_code, follower_code
