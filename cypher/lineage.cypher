// name: lineage
// mode: read
// params:
//   id: str  id of an entity
// returns: one row: id, predecessors (ids of the states it succeeded, directly or not), names (id -> name)
// purpose: The states a state continues (the Soviet Union for Russia, the German states for Germany), so a
//   question about it can cover their facts, labelled with the state that held them.
MATCH (s:Entity {id: $id})
OPTIONAL MATCH (p:State)-[rs:SUCCEEDED_BY*1..6]->(s)
WHERE all(x IN rs WHERE {{visible x}}) AND p <> s
WITH s, collect(DISTINCT p) AS before
RETURN s.id AS id, [p IN before | p.id] AS predecessors, [p IN before | p.name] AS names
