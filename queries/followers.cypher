// title: Within a province, who adopted a mechanism after whom, and how many years later?
// param: mechanism (mechanism, required) a label, alias, English gloss or notation
// param: province (province, required) the province whose places are paired: a name (河南, 河南省) or code (41, 410000)
// column: province_code (str) the shared province
// column: province_name (str) its name
// column: leader_code (str) the earlier adopter
// column: leader_name (str) its name
// column: leader_year (int) its first adoption year (implemented or piloting)
// column: follower_code (str) the later adopter
// column: follower_name (str) its name
// column: follower_year (int) its first adoption year
// column: lag (int) follower_year - leader_year, always > 0
//
// One province at a time: nationally a common mechanism has > 100,000 pairs. The places IN the
// province (the province itself is not paired), each place's AdoptionSummary found by its uri
// (indexed): <summary graph>/jurisdiction/<code>.
MATCH (m:Mechanism {uri: $mechanism})
MATCH (p:Jurisdiction {code: $province})<-[:IN_PROVINCE]-(j:Jurisdiction)
MATCH (s:AdoptionSummary {uri: 'https://w3id.org/fazhi-kg/id/summary/mechanism/' + m.notation + '/jurisdiction/' + j.code})
WHERE s.firstAdoptionYear IS NOT NULL
WITH p, collect({code: j.code, name: j.name, fy: s.firstAdoptionYear}) AS members
UNWIND members AS l
UNWIND members AS f
WITH p, l, f WHERE l.fy < f.fy
RETURN p.code AS province_code, p.name AS province_name,
       l.code AS leader_code, l.name AS leader_name, l.fy AS leader_year,
       f.code AS follower_code, f.name AS follower_name, f.fy AS follower_year, f.fy - l.fy AS lag
ORDER BY leader_year, leader_code, follower_code
