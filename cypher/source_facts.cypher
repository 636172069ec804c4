// name: source_facts
// mode: read
// params:
//   source_id: str  a source id
// returns: one row per fact the source asserts: fact_id, type, subject, object, props (all properties)
// purpose: What a source asserted at its last load, to compute what a changed file adds, changes
//   and retracts, and what unloading it removes.
MATCH (a)-[r]->(b)
WHERE r.fact_id IS NOT NULL AND $source_id IN r.sources
RETURN r.fact_id AS fact_id, type(r) AS type, a.id AS subject, b.id AS object, properties(r) AS props
ORDER BY fact_id
