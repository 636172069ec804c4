// name: projects
// mode: read
// params:
//   a: str  id of a state or organisation
//   b: str  id of a second state or organisation (null: any)
//   as_of: int  only ties that held in this year (null: all)
// returns: one row per project tied to A (and B): id, project, type, ties (how A, and B, are tied to it),
//   participants (name: role), flows_from, flows_to, cited
// purpose: Which projects bind A (and B), and who else is in them. A tie is any fact between the
//   state and the project: taking part, hosting it, supplying or receiving what it carries.
MATCH (a:Entity {id: $a})-[ra]-(p:Project)
WHERE {{visible ra}}
  AND ($as_of IS NULL OR ((ra.year_from IS NULL OR ra.year_from <= $as_of) AND (ra.year_to IS NULL OR ra.year_to >= $as_of)))
  AND ($b IS NULL OR EXISTS { MATCH (:Entity {id: $b})-[rb]-(p) WHERE {{visible rb}} })
WITH DISTINCT p
OPTIONAL MATCH (who:Entity)-[part:PARTICIPATES_IN]->(p)
WITH p, who, part ORDER BY who.name, part.role
WITH p, collect(DISTINCT who.name + coalesce(': ' + part.role, '')) AS participants
OPTIONAL MATCH (p)-[:FLOWS_FROM]->(src:Entity)
WITH p, participants, src ORDER BY src.name
WITH p, participants, collect(DISTINCT src.name) AS flows_from
OPTIONAL MATCH (p)-[:FLOWS_TO]->(dst:Entity)
WITH p, participants, flows_from, dst ORDER BY dst.name
WITH p, participants, flows_from, collect(DISTINCT dst.name) AS flows_to
OPTIONAL MATCH (e:Entity)-[t]-(p)
WHERE e.id IN [$a, $b] AND {{visible t}}
WITH p, participants, flows_from, flows_to, e, t ORDER BY e.id, type(t), t.fact_id
WITH p, participants, flows_from, flows_to,
     collect(DISTINCT e.id + ' ' + type(t)) AS ties, collect({{cited t}}) AS cites
RETURN p.id AS id, p.name AS project, p.type AS type, ties, participants, flows_from, flows_to,
       reduce(acc = [], c IN cites | acc + [x IN c WHERE NOT x IN acc]) AS cited
ORDER BY project
