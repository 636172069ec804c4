// name: retract_entities
// mode: write
// params:
//   ids: list[str]  entities the source no longer defines
//   source_id: str  the source
// returns: nothing
// purpose: Drop the source from these entities' sources; an entity no source defines and no fact
//   touches is deleted, so shared entities (Russia, the SCO) stay while anyone uses them.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
SET n.sources = [s IN coalesce(n.sources, []) WHERE s <> $source_id]
WITH n
WHERE size(n.sources) = 0 AND NOT EXISTS { MATCH (n)-[r]-() WHERE r.fact_id IS NOT NULL }
DETACH DELETE n
