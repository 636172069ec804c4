// name: pending_entities
// mode: write
// params:
//   pending: str  a staged load's id
//   publish: bool  true: the load was published (keep its entities); false: it was not (delete the ones it created)
// returns: nothing
// purpose: Finish or undo the entities a staged load created.
MATCH (n:Entity)
WHERE n.pending = $pending
CALL (n) {
  WITH n
  WHERE $publish
  REMOVE n.pending, n.prev_sources
}
CALL (n) {
  WITH n
  WHERE NOT $publish AND NOT EXISTS { MATCH (n)-[r]-() WHERE r.fact_id IS NOT NULL }
  DETACH DELETE n
}
