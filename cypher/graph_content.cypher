// name: graph_content
// mode: read
// params:
// returns: one row per node and per relationship: kind ('node' or the relationship type), labels,
//   start and end ids, and all properties
// purpose: Everything in the graph, for a content checksum (tests check that a refused load
//   changed nothing).
CALL () {
  MATCH (n)
  WHERE NOT n:LoadLock
  RETURN 'node' AS kind, labels(n) AS labels, null AS start, null AS end, properties(n) AS props
  UNION ALL
  MATCH (a)-[r]->(b)
  RETURN type(r) AS kind, [] AS labels, a.id AS start, b.id AS end, properties(r) AS props
}
RETURN kind, labels, start, end, props
