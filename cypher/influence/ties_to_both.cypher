// name: influence_ties_to_both
// mode: read
// params:
//   a_ids: list[str]  one state of the pair and its predecessors
//   b_ids: list[str]  the other state and its predecessors
//   as_of: int  only facts that held in this year (null: all)
// returns: one row per candidate: influencer_id, influencer, evidence (list of maps: type, subject, object,
//   year, cited)
// purpose: Inferred influence, rule "ties-to-both": a state with direct ties (cooperation, support,
//   pressure, arms transfers, rivalry ..., curated or from datasets) to both sides. Dataset series, borders
//   and the state system are other rules.
MATCH (a:State) WHERE a.id IN $a_ids
CALL (a) {  // expand from the side outwards (with a label and an id test on x, the planner scans every state)
  MATCH (a)-[r1:{{types tie}}]-(x)
  RETURN r1, x
}
WITH r1, x
WHERE x:State AND NOT x.id IN $a_ids + $b_ids AND NOT type(r1) IN ['SUCCEEDED_BY', 'IMPORTS_FROM', 'VOTES_WITH', 'BORDERS']
  AND {{tie r1}} AND ({{held r1}})
WITH x, collect(r1)[0..5] AS ra
MATCH (b:State) WHERE b.id IN $b_ids
MATCH (x)-[r2:{{types tie}}]-(b)
WHERE {{tie r2}} AND ({{held r2}}) AND NOT type(r2) IN ['SUCCEEDED_BY', 'IMPORTS_FROM', 'VOTES_WITH', 'BORDERS']
WITH x, ra, collect(r2)[0..5] AS rb
RETURN x.id AS influencer_id, x.name AS influencer,
       [r IN ra + rb | {type: type(r), subject: startNode(r).name, object: endNode(r).name, year: r.year_from,
                        cited: {{cited r}}}] AS evidence
