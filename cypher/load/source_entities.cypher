// name: source_entities
// mode: read
// params:
//   source_id: str  a source id
// returns: one row per entity the source defines: id
// purpose: The entities a source defined at its last load, to see which it no longer defines.
MATCH (n:Entity)
WHERE $source_id IN n.sources
RETURN n.id AS id
ORDER BY id
