// name: partners_arms
// mode: read
// params:
//   a_ids: list[str]  a state and (unless left out) the states it continues
//   from: int  first year counted, by the deal's order year (null: the data's first)
//   to: int  last year counted, by the deal's order year (null: the data's last)
// returns: one row per partner and direction: id, partner, direction ("supplier": it supplied A; "recipient": A supplied it),
//   deals, tiv_delivered (SIPRI trend-indicator values, millions), first_year, last_year, cited
// purpose: A's arms partners: states and organisations that supplied arms to A, and those A supplied, ranked
//   by the trend-indicator value delivered (SIPRI), with the number of deals. Curated arms facts without a
//   TIV count as deals.
MATCH (a:State) WHERE a.id IN $a_ids
MATCH (a)-[r:SUPPLIES_ARMS_TO]-(x:Entity)
WHERE {{visible r}} AND NOT x.id IN $a_ids
WITH x, r, startNode(r) = x AS inbound, coalesce(r.order_year, r.year_from) AS year
WHERE ($from IS NULL OR year >= $from) AND ($to IS NULL OR year <= $to)
WITH x, r, inbound, year ORDER BY year, r.fact_id
WITH x, inbound, count(r) AS deals, sum(coalesce(r.tiv_delivered, 0.0)) AS tiv, min(year) AS first_year,
     max(year) AS last_year, reduce(acc = [], c IN collect({{cited r}}) | acc + [p IN c WHERE NOT p IN acc]) AS cited
RETURN x.id AS id, x.name AS partner, CASE WHEN inbound THEN 'supplier' ELSE 'recipient' END AS direction,
       deals, round(tiv, 1) AS tiv_delivered, first_year, last_year, cited[0..10] AS cited
ORDER BY tiv_delivered DESC, deals DESC, partner
