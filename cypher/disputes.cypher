// name: disputes
// mode: read
// params:
// returns: one row per claim in dispute: dispute (number of the group), type, subject, object, slot
//   (measure, date, role, domain), value, unit, direction, since, until, sources, cited
// purpose: Facts on which sources disagree, side by side: claims in the same slot (same type, ends,
//   measure, date, role and domain) that differ and come from different sources.
MATCH (x)-[r]->(y)
WHERE {{visible r}}
WITH x, y, type(r) AS t, r.measure AS measure, r.date AS date, r.role AS role, r.domain AS domain,
     r.regarding AS regarding, collect(r) AS claims
WITH x, y, t, measure, date, role, domain, regarding, claims,
     reduce(acc = [], c IN claims | acc + [s IN c.sources WHERE NOT s IN acc]) AS all_sources
WHERE size(claims) > 1 AND size(all_sources) > 1
  AND any(c IN claims WHERE any(s IN all_sources WHERE NOT s IN c.sources))
WITH x, y, t, measure, date, role, domain, claims
ORDER BY t, x.id, y.id, date
WITH collect({x: x, y: y, t: t, slot: [measure, date, role, domain], claims: claims}) AS groups
UNWIND range(0, size(groups) - 1) AS i
WITH i, groups[i] AS g
UNWIND g.claims AS c
RETURN i + 1 AS dispute, g.t AS type, coalesce(g.x.name, g.x.id) AS subject, coalesce(g.y.name, g.y.id) AS object,
       [s IN g.slot WHERE s IS NOT NULL] AS slot, c.value AS value, c.unit AS unit, c.direction AS direction,
       c.since AS since, c.until AS until, {{sources c}} AS sources, {{cited c}} AS cited
ORDER BY dispute, value
