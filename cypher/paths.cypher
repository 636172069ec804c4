// name: paths
// mode: read
// params:
//   a: str  id of one entity
//   b: str  id of the other
//   max_hops: int  longest path to show, 2 to 4
//   as_of: int  only facts that held in this year (null: all)
//   limit: int  how many paths at most
// returns: one row per path: hops, path (names), steps (one "subject TYPE object" per fact)
// purpose: How A and B connect beyond their direct ties: chains of facts through other entities
//   (a shared organisation, a third state, a project), shortest first.
MATCH p = (a:Entity {id: $a})-[*2..4]-(b:Entity {id: $b})
WHERE length(p) <= $max_hops
  AND all(n IN nodes(p)[1..-1] WHERE n:Entity AND n <> a AND n <> b)
  AND all(r IN relationships(p) WHERE {{visible r}}
          AND ($as_of IS NULL OR ((r.year_from IS NULL OR r.year_from <= $as_of) AND (r.year_to IS NULL OR r.year_to >= $as_of))))
WITH p, [n IN nodes(p) | n.name] AS names
RETURN length(p) AS hops, names AS path,
       [r IN relationships(p) | startNode(r).name + ' ' + type(r) + coalesce(' (' + coalesce(r.domain, r.role) + ')', '')
                                + ' ' + endNode(r).name] AS steps
ORDER BY hops, path
LIMIT $limit
