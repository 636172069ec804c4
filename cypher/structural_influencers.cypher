// name: structural_influencers
// mode: read
// params:
//   a: str  id of one state of the pair
//   b: str  id of the other state
//   as_of: int  only ties that held in this year (null: all)
//   limit: int  how many candidates at most
// returns: one row per candidate: influencer_id, influencer, kind ('inferred'), ties_a, ties_b,
//   types_a, types_b, score
// purpose: Inferred, not stated: states with direct ties to both A and B, ranked by how many,
//   leaving out those the sources already name as influencing the pair, and predecessor/successor links.
MATCH (a:State {id: $a}), (b:State {id: $b})
MATCH (x:State)-[r1]-(a)
WHERE {{visible r1}} AND x <> b AND type(r1) <> 'SUCCEEDED_BY'
  AND ($as_of IS NULL OR ((r1.year_from IS NULL OR r1.year_from <= $as_of) AND (r1.year_to IS NULL OR r1.year_to >= $as_of)))
WITH a, b, x, count(DISTINCT r1) AS ties_a, collect(DISTINCT type(r1)) AS types_a
MATCH (x)-[r2]-(b)
WHERE {{visible r2}} AND type(r2) <> 'SUCCEEDED_BY'
  AND ($as_of IS NULL OR ((r2.year_from IS NULL OR r2.year_from <= $as_of) AND (r2.year_to IS NULL OR r2.year_to >= $as_of)))
WITH a, b, x, ties_a, types_a, count(DISTINCT r2) AS ties_b, collect(DISTINCT type(r2)) AS types_b
OPTIONAL MATCH (a)-[:SIDE_OF]->(d:Dyad)<-[:SIDE_OF]-(b)
WITH x, ties_a, types_a, ties_b, types_b, d
WHERE d IS NULL OR NOT EXISTS { MATCH (x)-[:INFLUENCES]->(d) }
RETURN x.id AS influencer_id, x.name AS influencer, 'inferred' AS kind, ties_a, ties_b, types_a, types_b,
       ties_a + ties_b AS score
ORDER BY score DESC, influencer
LIMIT $limit
