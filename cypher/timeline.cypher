// name: timeline
// mode: read
// params:
//   a: str  id of one state
//   b: str  id of the other state
//   from: int  earliest year to show (null: no limit)
//   to: int  latest year to show (null: no limit)
//   as_of: int  only what held in this year (null: everything)
// returns: one row per fact, in time order: year, date, until, type, subject, object, detail, cited, fact_id
// purpose: What happened between A and B, in order: facts between them, facts on their relationship,
//   and their part in events, treaties and projects they share. Undated facts come last.
MATCH (a:State {id: $a}), (b:State {id: $b})
OPTIONAL MATCH (a)-[:SIDE_OF]->(d:Dyad)<-[:SIDE_OF]-(b)
CALL (a, b, d) {
  MATCH (a)-[r]-(b)
  RETURN startNode(r) AS x, r, endNode(r) AS y
  UNION
  MATCH (x)-[r]->(d)
  RETURN x, r, d AS y
  UNION
  MATCH (d)-[r]->(y)
  RETURN d AS x, r, y
  UNION
  MATCH (a)-[:PARTY_TO|PARTICIPATES_IN]->(e)<-[:PARTY_TO|PARTICIPATES_IN]-(b)
  MATCH (x)-[r:PARTY_TO|PARTICIPATES_IN]->(e)
  WHERE x = a OR x = b
  RETURN x, r, e AS y
}
WITH x, r, y
WHERE {{visible r}}
  AND ($from IS NULL OR r.year_from >= $from)
  AND ($to IS NULL OR r.year_from <= $to)
  AND ($as_of IS NULL OR ((r.year_from IS NULL OR r.year_from <= $as_of) AND (r.year_to IS NULL OR r.year_to >= $as_of)))
RETURN r.year_from AS year, coalesce(r.date, r.since) AS date, r.until AS until, type(r) AS type,
       coalesce(x.name, x.id) AS subject, coalesce(y.name, y.id) AS object,
       coalesce(r.measure + ' ' + toString(r.value) + ' ' + r.unit, r.domain, r.role, r.direction) AS detail,
       {{cited r}} AS cited, r.fact_id AS fact_id
ORDER BY r.year_from IS NULL, year, date, type, subject, object
