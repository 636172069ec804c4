// name: delete_entities
// mode: write
// params:
//   ids: list[str]  entities no source defines any more
// returns: nothing
// purpose: Delete entities left without a definition, unless a fact still touches them.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE NOT EXISTS { MATCH (n)-[r]-() WHERE r.fact_id IS NOT NULL }
DETACH DELETE n
