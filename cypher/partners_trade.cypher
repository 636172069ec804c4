// name: partners_trade
// mode: read
// params:
//   a_ids: list[str]  a state and (unless left out) the states it continues
//   from: int  first year counted (null: the data's first)
//   to: int  last year counted (null: the data's last)
// returns: one row per partner: id, partner, imports (A's imports from it), exports (its imports from A),
//   total, years (how many years have a value), first_year, last_year, cited
// purpose: A's trade partners ranked by total trade over the years asked: COW's yearly import flows both
//   ways (raw, not smoothed), in current USD million, added within one unit only.
MATCH (a:State) WHERE a.id IN $a_ids
CALL (a) {  // expand from A outwards
  MATCH (a)-[r:IMPORTS_FROM]-(x)
  RETURN r, x
}
WITH a, r, x
WHERE r.measure = 'imports' AND NOT x.id IN $a_ids AND {{visible r}}
UNWIND range(0, size(r.years) - 1) AS i
WITH x, r, startNode(r) = a AS inbound, r.years[i] AS year, r.values[i] AS value
WHERE ($from IS NULL OR year >= $from) AND ($to IS NULL OR year <= $to)
WITH x, sum(CASE WHEN inbound THEN value ELSE 0 END) AS imports, sum(CASE WHEN inbound THEN 0 ELSE value END) AS exports,
     count(DISTINCT year) AS years, min(year) AS first_year, max(year) AS last_year, collect(DISTINCT r) AS flows
UNWIND flows AS r
WITH x, imports, exports, years, first_year, last_year, r ORDER BY r.fact_id
WITH x, imports, exports, years, first_year, last_year,
     reduce(acc = [], c IN collect({{cited r}}) | acc + [p IN c WHERE NOT p IN acc]) AS cited
RETURN x.id AS id, x.name AS partner, imports, exports, imports + exports AS total, years, first_year, last_year, cited
ORDER BY total DESC, partner
