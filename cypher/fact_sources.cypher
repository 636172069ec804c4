// name: fact_sources
// mode: read
// params:
//   fact_id: str  a fact id (f-...), as shown in JSON output
// returns: one row per source asserting the fact: fact_id, type, subject, object, source, title, kind,
//   cited (places in that source), notes
// purpose: Where a fact comes from: each source that asserts it and the places it says so.
MATCH (x)-[r]->(y)
WHERE r.fact_id = $fact_id
UNWIND r.sources AS sid
OPTIONAL MATCH (s:Source {id: sid})
RETURN r.fact_id AS fact_id, type(r) AS type, coalesce(x.name, x.id) AS subject, coalesce(y.name, y.id) AS object,
       sid AS source, s.title AS title, s.kind AS kind,
       [c IN r.cited WHERE c STARTS WITH sid + '@'] AS cited,
       [n IN coalesce(r.notes, []) WHERE n STARTS WITH sid + '@'] AS notes
ORDER BY source
