// name: series
// mode: read
// params:
//   a: str  id of one entity
//   b: str  id of the other
//   measure: str  what is measured (trade, recipient-rank, ...)
//   as_of: int  only values known for years up to this one (null: all)
// returns: one row per value: year, date, value, unit, period, direction (subject -> object), sources, cited
// purpose: A quantity between A and B over time, with its unit. Rows of different units are kept
//   apart, never added.
MATCH (a:Entity {id: $a})-[r]-(b:Entity {id: $b})
WHERE r.measure = $measure AND r.value IS NOT NULL AND {{visible r}}
  AND ($as_of IS NULL OR r.year_from IS NULL OR r.year_from <= $as_of)
RETURN r.year_from AS year, coalesce(r.date, r.since) AS date, r.value AS value, r.unit AS unit,
       r.period AS period, startNode(r).id + ' -> ' + endNode(r).id AS direction, {{sources r}} AS sources,
       {{cited r}} AS cited
ORDER BY unit, year IS NULL, year, value
