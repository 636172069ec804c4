// name: prune_dyads
// mode: write
// params:
//   ids: list[str]  dyads that may have lost their last fact
// returns: nothing
// purpose: Delete Dyad nodes left without facts: none points at them and their two states share none.
UNWIND $ids AS id
MATCH (d:Dyad {id: id})
WHERE NOT EXISTS { MATCH (d)-[r]-() WHERE r.fact_id IS NOT NULL }
  AND NOT EXISTS { MATCH (a:State)-[:SIDE_OF]->(d)<-[:SIDE_OF]-(b:State), (a)-[r]-(b) WHERE r.fact_id IS NOT NULL }
DETACH DELETE d
