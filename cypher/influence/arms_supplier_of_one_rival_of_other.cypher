// name: influence_arms_supplier_of_one_rival_of_other
// mode: read
// params:
//   a_ids: list[str]  one state of the pair and its predecessors
//   b_ids: list[str]  the other state and its predecessors
//   as_of: int  only what held in this year (null: all)
//   from: int  earliest year of deliveries and disputes considered (null: no limit)
// returns: one row per candidate and side: influencer_id, influencer, evidence (list of maps)
// purpose: Inferred influence, rule "arms-supplier-of-one-at-odds-with-other": a state that supplied arms to
//   one side and fought the other in a militarized dispute, or is its stated rival.
UNWIND [[$a_ids, $b_ids], [$b_ids, $a_ids]] AS sides
MATCH (one:State) WHERE one.id IN sides[0]
MATCH (x:State)-[s:SUPPLIES_ARMS_TO]->(one)
WHERE {{visible s}} AND ({{held s}}) AND ($from IS NULL OR coalesce(s.year_from, 0) >= $from) AND NOT x.id IN $a_ids + $b_ids
WITH sides, x, collect(s)[0..3] AS deals
MATCH (other:State) WHERE other.id IN sides[1]
CALL (x, other) {
  MATCH (x)-[q1:PARTICIPATES_IN]->(e:Event)<-[q2:PARTICIPATES_IN]-(other)
  WHERE e.type IN ['dispute', 'war', 'conflict'] AND {{visible q1}} AND {{visible q2}} AND q1.role <> q2.role
    AND ({{held q1}})
    AND ($from IS NULL OR coalesce(e.year, q1.year_from) >= $from)
  RETURN q1 AS odds
  UNION
  MATCH (x)-[odds:RIVALS]-(other)
  WHERE {{visible odds}} AND ({{held odds}})
  RETURN odds
}
WITH x, deals, collect(odds)[0..5] AS at_odds
WHERE size(at_odds) > 0
RETURN x.id AS influencer_id, x.name AS influencer,
       [r IN deals + at_odds | {type: type(r), subject: startNode(r).name, object: endNode(r).name, year: r.year_from,
                                detail: coalesce(r.role, r.weapon, ''), cited: {{cited r}}}] AS evidence
