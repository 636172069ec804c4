// name: shared
// mode: read
// params:
//   a: str  id of one entity
//   b: str  id of the other
//   as_of: int  only ties that held in this year (null: all)
// returns: one row per entity both are tied to: id, shared (name), kind, a_ties, b_ties (relation types)
// purpose: What A and B have in common: organisations, treaties, projects, events, regions and third
//   states that both have facts with.
MATCH (a:Entity {id: $a})-[ra]-(x:Entity)-[rb]-(b:Entity {id: $b})
WHERE {{visible ra}} AND {{visible rb}} AND x <> a AND x <> b
  AND ($as_of IS NULL OR ((ra.year_from IS NULL OR ra.year_from <= $as_of) AND (ra.year_to IS NULL OR ra.year_to >= $as_of)))
  AND ($as_of IS NULL OR ((rb.year_from IS NULL OR rb.year_from <= $as_of) AND (rb.year_to IS NULL OR rb.year_to >= $as_of)))
RETURN x.id AS id, x.name AS shared, x.kind AS kind, collect(DISTINCT type(ra)) AS a_ties,
       collect(DISTINCT type(rb)) AS b_ties
ORDER BY kind, shared
