// name: count_graph
// mode: read
// params:
// returns: one row: nodes, relationships
// purpose: How big the graph is; used to check that a reload changes nothing.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
