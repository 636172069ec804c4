// name: count_graph
// mode: read
// params:
// returns: one row: nodes (entities, dyads and sources), relationships
// purpose: How big the graph is (from Neo4j's counts, without scanning); bookkeeping nodes are not counted.
CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
CALL () { MATCH (d:Dyad) RETURN count(d) AS dyads }
CALL () { MATCH (s:Source) RETURN count(s) AS sources }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN entities + dyads + sources AS nodes, relationships
