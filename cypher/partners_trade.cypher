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
MATCH (a)-[r:IMPORTS_FROM]-(x:State)
WHERE {{visible r}} AND r.measure = 'imports' AND NOT x.id IN $a_ids
WITH x, r, startNode(r) = a AS inbound,
     [i IN range(0, size(r.years) - 1) WHERE ($from IS NULL OR r.years[i] >= $from)
                                         AND ($to IS NULL OR r.years[i] <= $to)] AS picked
WHERE size(picked) > 0
WITH x, r, inbound, picked ORDER BY r.fact_id
WITH x, inbound, r, reduce(t = 0.0, i IN picked | t + r.values[i]) AS amount,
     [i IN picked | r.years[i]] AS years
WITH x, sum(CASE WHEN inbound THEN amount ELSE 0 END) AS imports,
     sum(CASE WHEN inbound THEN 0 ELSE amount END) AS exports,
     reduce(all_years = [], ys IN collect(years) | all_years + [y IN ys WHERE NOT y IN all_years]) AS years,
     reduce(acc = [], c IN collect({{cited r}}) | acc + [p IN c WHERE NOT p IN acc]) AS cited
RETURN x.id AS id, x.name AS partner, imports, exports, imports + exports AS total, size(years) AS years,
       reduce(m = null, y IN years | CASE WHEN m IS NULL OR y < m THEN y ELSE m END) AS first_year,
       reduce(m = null, y IN years | CASE WHEN m IS NULL OR y > m THEN y ELSE m END) AS last_year, cited
ORDER BY total DESC, partner
