// name: who_influences
// mode: read
// params:
//   a: str  id of one state of the pair (ISO code, e.g. RUS)
//   b: str  id of the other state (e.g. PAK)
//   as_of: int  only what held in this year (null: everything)
// returns: one row per influence: influencer_id, influencer, kind ('stated'), mechanism, via (names),
//   direction, since, until, sources, cited
// purpose: Who influences the A-B relationship? Third parties acting on the pair's Dyad node, as the
//   sources state it.
MATCH (:State {id: $a})-[:SIDE_OF]->(d:Dyad)<-[:SIDE_OF]-(:State {id: $b})
MATCH (x:Entity)-[r:INFLUENCES]->(d)
WHERE {{visible r}} AND ($as_of IS NULL OR ((r.year_from IS NULL OR r.year_from <= $as_of) AND (r.year_to IS NULL OR r.year_to >= $as_of)))
OPTIONAL MATCH (m:Entity) WHERE m.id IN coalesce(r.via, [])
WITH x, r, collect(m.name) AS via
RETURN x.id AS influencer_id, x.name AS influencer, 'stated' AS kind, r.mechanism AS mechanism, via,
       r.direction AS direction, coalesce(r.date, r.since) AS since, r.until AS until,
       {{sources r}} AS sources, {{cited r}} AS cited
ORDER BY influencer, mechanism
