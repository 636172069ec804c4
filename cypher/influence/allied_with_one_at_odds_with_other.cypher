// name: influence_allied_with_one_at_odds_with_other
// mode: read
// params:
//   a_ids: list[str]  one state of the pair and its predecessors
//   b_ids: list[str]  the other state and its predecessors
//   as_of: int  only alliances in force in this year (null: all)
//   from: int  earliest year of disputes considered (null: no limit)
// returns: one row per candidate and side: influencer_id, influencer, evidence (list of maps)
// purpose: Inferred influence, rule "allied-with-one-at-odds-with-other": a state in an alliance (with a
//   defense or offense obligation) with one side that fought the other side in a militarized dispute, or
//   is its stated rival.
UNWIND [[$a_ids, $b_ids], [$b_ids, $a_ids]] AS sides
MATCH (one:State) WHERE one.id IN sides[0]
MATCH (one)-[p1:PARTY_TO]->(t:Treaty)<-[p2:PARTY_TO]-(x:State)
WHERE {{visible p1}} AND {{visible p2}} AND ({{held p1}}) AND ({{held p2}})
  AND (p2.defense OR p2.offense) AND NOT x.id IN $a_ids + $b_ids
WITH sides, x, collect(DISTINCT p2)[0..3] AS pacts
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
WITH x, pacts, collect(odds)[0..5] AS at_odds
WHERE size(at_odds) > 0
RETURN x.id AS influencer_id, x.name AS influencer,
       [r IN pacts + at_odds | {type: type(r), subject: startNode(r).name, object: endNode(r).name, year: r.year_from,
                                detail: coalesce(r.role, ''), cited: {{cited r}}}] AS evidence
