// name: influence_trades_heavily_with_both
// mode: read
// params:
//   a_ids: list[str]  one state of the pair and its predecessors
//   b_ids: list[str]  the other state and its predecessors
//   as_of: int  the last year of flows considered (null: the data's last)
//   from: int  the first year of flows considered (null: five years before the last)
// returns: one row per candidate: influencer_id, influencer, evidence (list of maps)
// purpose: Inferred influence, rule "trades-heavily-with-both": a state among the ten largest trade partners
//   (imports both ways, COW's raw flows, summed over the years considered) of both sides.
UNWIND [$a_ids, $b_ids] AS side
MATCH (s:State) WHERE s.id IN side
MATCH (s)-[r:IMPORTS_FROM]-(x:State)
WHERE {{visible r}} AND r.measure = 'imports' AND NOT x.id IN $a_ids + $b_ids
WITH side, x, r, coalesce($as_of, r.year_to, last(r.years)) AS last_year
WITH side, x, r, [i IN range(0, size(r.years) - 1)
                  WHERE r.years[i] <= last_year AND r.years[i] >= coalesce($from, last_year - 4) | r.values[i]] AS picked
WITH side, x, sum(reduce(t = 0.0, v IN picked | t + v)) AS total, collect(r)[0..2] AS flows
ORDER BY total DESC
WITH side, collect({x: x, total: total, flows: flows})[0..10] AS top
WITH collect(top) AS tops
WITH [p IN tops[0] WHERE any(q IN tops[1] WHERE q.x = p.x) | p] AS mine,
     [q IN tops[1] WHERE any(p IN tops[0] WHERE q.x = p.x) | q] AS theirs
UNWIND mine AS p
WITH p, [q IN theirs WHERE q.x = p.x][0] AS q
RETURN p.x.id AS influencer_id, p.x.name AS influencer,
       [r IN p.flows + q.flows | {type: type(r), subject: startNode(r).name, object: endNode(r).name,
                                  year: r.year_to, detail: 'imports, USD million', cited: {{cited r}}}]
       + [{type: 'TOTAL', subject: p.x.name, object: 'both sides', year: $as_of,
           detail: toString(round(p.total)) + ' and ' + toString(round(q.total)) + ' USD million', cited: []}] AS evidence
