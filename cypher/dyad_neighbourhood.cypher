// name: dyad_neighbourhood
// mode: read
// params:
//   a: str  id of one state
//   b: str  id of the other
//   as_of: int  only facts that held in this year (null: all)
// returns: one row per edge to draw: source_id, source, source_kind, target_id, target, target_kind,
//   type, year, role ('influence', 'bilateral', 'membership', 'tie')
// purpose: The dyad's neighbourhood for a picture: the two states, the facts between them, who
//   influences their relationship, the organisations either belongs to, and the projects, treaties,
//   events and laws both are tied to.
MATCH (a:State {id: $a}), (b:State {id: $b})
OPTIONAL MATCH (a)-[:SIDE_OF]->(d:Dyad)<-[:SIDE_OF]-(b)
CALL (a, b, d) {
  MATCH (a)-[r]-(b)
  RETURN startNode(r) AS x, r, endNode(r) AS y, 'bilateral' AS role
  UNION
  MATCH (x:Entity)-[r:INFLUENCES]->(d)
  RETURN x, r, d AS y, 'influence' AS role
  UNION
  MATCH (s:State)-[r:MEMBER_OF]->(o:Organisation)
  WHERE s = a OR s = b
  RETURN s AS x, r, o AS y, 'membership' AS role
  UNION
  MATCH (a)-[ra]-(e)-[rb]-(b)
  WHERE (e:Project OR e:Treaty OR e:Event OR e:Law) AND {{visible ra}} AND {{visible rb}}
  MATCH (s)-[r]-(e)
  WHERE (s = a OR s = b) AND {{visible r}}
  RETURN s AS x, r, e AS y, 'tie' AS role
}
WITH x, r, y, role
WHERE {{visible r}}
  AND ($as_of IS NULL OR ((r.year_from IS NULL OR r.year_from <= $as_of) AND (r.year_to IS NULL OR r.year_to >= $as_of)))
RETURN DISTINCT x.id AS source_id, x.name AS source, x.kind AS source_kind, y.id AS target_id, y.name AS target,
       coalesce(y.kind, 'dyad') AS target_kind, type(r) AS type, r.year_from AS year, role
ORDER BY role, source_id, target_id, type
