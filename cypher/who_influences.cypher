// name: who_influences
// mode: read
// params:
//   a: str  id of one state of the pair (ISO code, e.g. RUS)
//   b: str  id of the other state (e.g. PAK)
// returns: one row per influence: influencer_id, influencer, mechanism, via (names), direction,
//   date, since, until, sources, cited
// purpose: Who influences the A-B relationship? Third parties acting on the pair's Dyad node.
MATCH (:State {id: $a})-[:SIDE_OF]->(d:Dyad)<-[:SIDE_OF]-(:State {id: $b})
MATCH (x:Entity)-[r:INFLUENCES]->(d)
OPTIONAL MATCH (m:Entity) WHERE m.id IN coalesce(r.via, [])
WITH x, r, collect(m.name) AS via
RETURN x.id AS influencer_id, x.name AS influencer, r.mechanism AS mechanism, via,
       r.direction AS direction, r.date AS date, r.since AS since, r.until AS until,
       r.sources AS sources, r.cited AS cited
ORDER BY influencer, mechanism
