// name: series
// mode: read
// params:
//   a: str  id of one entity
//   b: str  id of the other
//   measures: list[str]  what is measured (trade; for trade also imports and exports, listed apart)
//   as_of: int  only values for years up to this one (null: all)
//   issue: str  for a series kept per issue (UN votes): that issue's (null: the series without an issue)
// returns: one row per value and year: year, date, value, low, high, approximate, unit, period, measure,
//   type, subject_id, subject, object_id, object, line (of the dataset file, for a yearly series), sources,
//   cited
// purpose: Quantities between A and B over time, one row per year, with unit and source. A fact holds
//   one value (value, or a range value_low..value_high) or a yearly series (arrays years, values, lines);
//   both give a row per year. Rows of different units, measures or sources are listed side by side,
//   never added.
MATCH (a:Entity {id: $a}), (b:Entity {id: $b})
MATCH (a)-[r]-(b)
WHERE r.measure IN $measures AND {{visible r}} AND (r.issue IS NULL AND $issue IS NULL OR r.issue = $issue)
  AND (r.value IS NOT NULL OR r.value_low IS NOT NULL OR r.values IS NOT NULL)
UNWIND CASE WHEN r.years IS NULL THEN [null] ELSE range(0, size(r.years) - 1) END AS i
WITH r, i, CASE WHEN i IS NULL THEN r.year_from ELSE r.years[i] END AS year
WHERE $as_of IS NULL OR year IS NULL OR year <= $as_of
RETURN year, CASE WHEN i IS NULL THEN coalesce(r.date, r.since) END AS date,
       CASE WHEN i IS NULL THEN r.value ELSE r.values[i] END AS value, r.value_low AS low, r.value_high AS high,
       r.approximate AS approximate, r.unit AS unit, r.period AS period, r.measure AS measure, type(r) AS type,
       startNode(r).id AS subject_id, startNode(r).name AS subject, endNode(r).id AS object_id,
       endNode(r).name AS object, CASE WHEN i IS NULL THEN null ELSE r.lines[i] END AS line,
       {{sources r}} AS sources, {{cited r}} AS cited
ORDER BY year IS NULL, year, type, measure, unit, subject_id, sources
