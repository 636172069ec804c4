// name: merge_dyads
// mode: write
// params:
//   rows: list[map]  one per pair of states: id (e.g. PAK-RUS), a, b (the two codes), name
// returns: nothing
// purpose: The bilateral relationship as a node of its own, joined to its two states by SIDE_OF,
//   so third parties can act on it.
UNWIND $rows AS row
MATCH (a:State {id: row.a}), (b:State {id: row.b})
MERGE (d:Dyad {id: row.id})
ON CREATE SET d.name = row.name, d.a = row.a, d.b = row.b
MERGE (a)-[:SIDE_OF]->(d)
MERGE (b)-[:SIDE_OF]->(d)
