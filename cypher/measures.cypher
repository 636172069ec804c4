// name: measures
// mode: read
// params:
//   a: str  id of one entity
//   b: str  id of the other
// returns: one row per measure recorded between A and B: measure, unit, points
// purpose: Which quantities exist for a pair, to offer them when a series is asked for one that does not.
MATCH (:Entity {id: $a})-[r]-(:Entity {id: $b})
WHERE r.measure IS NOT NULL AND {{visible r}}
  AND (r.value IS NOT NULL OR r.value_low IS NOT NULL OR r.values IS NOT NULL)
RETURN r.measure AS measure, r.unit AS unit, sum(coalesce(size(r.values), 1)) AS points
ORDER BY measure, unit
