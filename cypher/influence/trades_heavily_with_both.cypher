// name: influence_trades_heavily_with_both
// mode: read
// params:
//   a_ids: list[str]  one state of the pair and its predecessors
//   b_ids: list[str]  the other state and its predecessors
//   as_of: int  the last year of flows considered (null: the data's last)
//   from: int  the first year of flows considered (null: four years before the last, so five years)
// returns: one row per candidate: influencer_id, influencer, evidence (list of maps)
// purpose: Inferred influence, rule "trades-heavily-with-both": a state among the ten largest trade partners
//   (imports both ways, COW's raw flows, summed over the years considered) of both sides. The years are the
//   same for every partner: up to $as_of, or the last year with any flow of either side.
UNWIND [$a_ids, $b_ids] AS side
MATCH (s:State) WHERE s.id IN side
CALL (s) {  // expand from each side outwards (with an id test on x, the planner scans every state)
  MATCH (s)-[r:IMPORTS_FROM]-(x)
  RETURN r, x
}
WITH side, r, x
WHERE r.measure = 'imports' AND NOT x.id IN $a_ids + $b_ids AND {{visible r}}
WITH collect({side: side, x: x, r: r}) AS found, coalesce($as_of, max(last(r.years))) AS last_year
WITH found, last_year, coalesce($from, last_year - 4) AS first_year
UNWIND found AS f
WITH f.side AS side, f.x AS x, f.r AS r, first_year, last_year
WITH side, x, r, first_year, last_year,
     [i IN range(0, size(r.years) - 1) WHERE first_year <= r.years[i] <= last_year | r.values[i]] AS picked
WHERE size(picked) > 0
WITH side, x, first_year, last_year, sum(reduce(t = 0.0, v IN picked | t + v)) AS total, collect(r) AS flows
ORDER BY total DESC, x.id
WITH side, first_year, last_year, collect({x: x, total: total, flows: flows})[0..10] AS top
WITH collect(top) AS tops, first_year, last_year
WITH first_year, last_year, [p IN tops[0] WHERE any(q IN tops[1] WHERE q.x = p.x) | p] AS mine,
     [q IN tops[1] WHERE any(p IN tops[0] WHERE q.x = p.x) | q] AS theirs
UNWIND mine AS p
WITH first_year, last_year, p, [q IN theirs WHERE q.x = p.x][0] AS q
WITH first_year, last_year, p, q, p.flows + q.flows AS flows
RETURN p.x.id AS influencer_id, p.x.name AS influencer,
       [r IN flows | {type: type(r), subject: startNode(r).name, object: endNode(r).name,
                      year: r.year_to, detail: 'imports, USD million', cited: {{cited r}}}]
       + [{type: 'TOTAL', subject: p.x.name, object: 'both sides', year: last_year,
           detail: toString(round(p.total)) + ' and ' + toString(round(q.total)) + ' USD million, '
                   + toString(first_year) + '-' + toString(last_year),
           cited: reduce(acc = [], r IN flows | acc + [c IN {{cited r}} WHERE NOT c IN acc])}] AS evidence
