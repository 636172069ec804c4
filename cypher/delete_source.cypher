// name: delete_source
// mode: write
// params:
//   source_id: str  the source to remove
// returns: nothing
// purpose: Remove a Source node and its manifest, once its facts and entities are retracted.
MATCH (s:Source {id: $source_id})
DETACH DELETE s
