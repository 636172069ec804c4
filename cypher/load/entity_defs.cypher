// name: entity_defs
// mode: read
// params:
//   ids: list[str]  entity ids
// returns: one row per entity found: id, kind, defs (each source's definition, as JSON text), props
// purpose: How every source defines these entities, to recompute what the nodes show when one changes.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.kind AS kind, n.defs AS defs, properties(n) AS props
