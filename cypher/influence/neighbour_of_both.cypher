// name: influence_neighbour_of_both
// mode: read
// params:
//   a_ids: list[str]  one state of the pair and its predecessors
//   b_ids: list[str]  the other state and its predecessors
//   as_of: int  only borders that held in this year (null: all)
// returns: one row per candidate: influencer_id, influencer, evidence (list of maps)
// purpose: Inferred influence, rule "neighbour-of-both": a state with a land or river border with both sides.
MATCH (a:State) WHERE a.id IN $a_ids
MATCH (a)-[r1:BORDERS]-(x:State)
WHERE {{visible r1}} AND ({{held r1}}) AND r1.contiguity = 1 AND NOT x.id IN $a_ids + $b_ids
WITH x, collect(r1) AS ra
MATCH (b:State) WHERE b.id IN $b_ids
MATCH (x)-[r2:BORDERS]-(b)
WHERE {{visible r2}} AND ({{held r2}}) AND r2.contiguity = 1
WITH x, ra, collect(r2) AS rb
RETURN x.id AS influencer_id, x.name AS influencer,
       [r IN ra + rb | {type: type(r), subject: startNode(r).name, object: endNode(r).name, year: r.year_from,
                        detail: r.contiguity_label, cited: {{cited r}}}] AS evidence
