// name: timeline
// mode: read
// params:
//   a_ids: list[str]  ids of one state and (unless left out) the states it continues (e.g. RUS, SUN)
//   b_ids: list[str]  the same for the other state
//   from: int  earliest year to show (null: no limit)
//   to: int  latest year to show (null: no limit)
//   as_of: int  only what held in this year (null: everything)
// returns: one row per fact, in time order: year, date, until, type, subject, subject_id, object, object_id,
//   props (the fact's own properties: role, domain, value, ...), event (for an event both took part in: its
//   properties), cited, fact_id
// purpose: What happened between A and B, in order: facts between them, facts on their relationship,
//   and the events, treaties and projects both took part in (one row each, with both sides' parts).
//   Undated facts come last.
MATCH (a:State) WHERE a.id IN $a_ids
MATCH (b:State) WHERE b.id IN $b_ids
OPTIONAL MATCH (a)-[:SIDE_OF]->(d:Dyad)<-[:SIDE_OF]-(b)
CALL (a, b, d) {
  MATCH (a)-[r]-(b)
  WHERE {{visible r}}
  RETURN startNode(r) AS x, r, endNode(r) AS y, null AS e, [] AS parts
  UNION
  MATCH (x)-[r]->(d)
  WHERE {{visible r}}
  RETURN x, r, d AS y, null AS e, [] AS parts
  UNION
  MATCH (d)-[r]->(y)
  WHERE {{visible r}}
  RETURN d AS x, r, y, null AS e, [] AS parts
  UNION
  MATCH (a)-[ra:PARTY_TO|PARTICIPATES_IN]->(e)<-[rb:PARTY_TO|PARTICIPATES_IN]-(b)
  WHERE {{visible ra}} AND {{visible rb}}
  RETURN a AS x, ra AS r, e AS y, e, [properties(ra), properties(rb)] AS parts
}
WITH x, r, y, e, parts
WHERE ($from IS NULL OR coalesce(e.year, r.year_from) >= $from)
  AND ($to IS NULL OR coalesce(e.year, r.year_from) <= $to)
  AND ($as_of IS NULL OR ((r.year_from IS NULL OR r.year_from <= $as_of) AND (r.year_to IS NULL OR r.year_to >= $as_of)))
WITH x, r, y, e, parts, coalesce(e.year, r.year_from) AS year
RETURN year, coalesce(e.date, e.signed, r.date, r.since) AS date, coalesce(e.ends, r.until) AS until,
       CASE WHEN e IS NULL THEN type(r) ELSE e.kind END AS type,
       CASE WHEN e IS NULL THEN coalesce(x.name, x.id) ELSE null END AS subject, x.id AS subject_id,
       coalesce(y.name, y.id) AS object, y.id AS object_id,
       CASE WHEN e IS NULL THEN properties(r) ELSE null END AS props,
       CASE WHEN e IS NULL THEN null ELSE properties(e) END AS event, parts,
       {{cited r}} AS cited, r.fact_id AS fact_id
ORDER BY year IS NULL, year, date, type, subject, object, fact_id
