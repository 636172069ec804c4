// name: delete_source
// mode: write
// params:
//   source_id: str  the source to remove
// returns: nothing
// purpose: Remove a Source node and its record of facts, once its facts and entities are withdrawn.
MATCH (s:Source {id: $source_id})
CALL (s) {
  MATCH (c:SourceFacts {source: s.id})
  DELETE c
}
DETACH DELETE s
