// name: influence_great_power_neighbour
// mode: read
// params:
//   a_ids: list[str]  one state of the pair and its predecessors
//   b_ids: list[str]  the other state and its predecessors
//   as_of: int  only what held in this year (null: all)
// returns: one row per candidate: influencer_id, influencer, evidence (list of maps)
// purpose: Inferred influence, rule "great-power-neighbour": a major power of the state system that borders
//   either side (by land, or across at most 24 miles of water).
MATCH (s:State) WHERE s.id IN $a_ids + $b_ids
MATCH (s)-[r:BORDERS]-(x:State)
WHERE {{visible r}} AND ({{held r}}) AND r.contiguity <= 3 AND NOT x.id IN $a_ids + $b_ids
MATCH (x)-[m:MAJOR_POWER_IN]->()
WHERE {{visible m}} AND ({{held m}})
WITH x, collect(DISTINCT r) AS borders, collect(DISTINCT m)[0..1] AS power
RETURN x.id AS influencer_id, x.name AS influencer,
       [r IN power + borders | {type: type(r), subject: startNode(r).name, object: endNode(r).name,
                                year: r.year_from, detail: coalesce(r.contiguity_label, 'major power'),
                                cited: {{cited r}}}] AS evidence
