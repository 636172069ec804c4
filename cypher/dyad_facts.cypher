// name: dyad_facts
// mode: read
// params:
//   a_ids: list[str]  ids of one state and (unless left out) the states it continues
//   b_ids: list[str]  the same for the other state
//   as_of: int  only what held in this year (null: everything)
// returns: one row per fact between A and B, or on their dyad: type, subject, object, date, since, until,
//   year, measure, value, unit, period, domain, role, direction, mechanism, notes, sources, cited, fact_id
// purpose: The relationship's profile: every fact directly between the two states, and every fact
//   about their relationship as such (influences on it, its effects).
MATCH (a:State) WHERE a.id IN $a_ids
MATCH (b:State) WHERE b.id IN $b_ids
OPTIONAL MATCH (a)-[:SIDE_OF]->(d:Dyad)<-[:SIDE_OF]-(b)
CALL (a, b, d) {
  MATCH (a)-[r]-(b)
  WHERE {{visible r}}
  RETURN startNode(r) AS x, r, endNode(r) AS y
  UNION
  MATCH (x)-[r]->(d)
  WHERE NOT x:State OR NOT (x = a OR x = b) OR type(r) <> 'SIDE_OF'
  RETURN x, r, d AS y
  UNION
  MATCH (d)-[r]->(y)
  RETURN d AS x, r, y
}
WITH x, r, y
WHERE {{visible r}}
  AND ($as_of IS NULL OR ((r.year_from IS NULL OR r.year_from <= $as_of) AND (r.year_to IS NULL OR r.year_to >= $as_of)))
RETURN type(r) AS type, coalesce(x.name, x.id) AS subject, x.id AS subject_id, coalesce(y.name, y.id) AS object,
       y.id AS object_id,
       r.date AS date, r.since AS since, r.until AS until, r.year_from AS year,
       r.measure AS measure, r.value AS value, r.unit AS unit, r.period AS period, r.domain AS domain,
       r.role AS role, r.direction AS direction, r.mechanism AS mechanism, {{notes r}} AS notes,
       {{sources r}} AS sources, {{cited r}} AS cited, r.fact_id AS fact_id
ORDER BY type, coalesce(r.year_from, 9999), subject, object, fact_id
