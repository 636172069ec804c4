// name: partners_disputes
// mode: read
// params:
//   a_ids: list[str]  a state and (unless left out) the states it continues
//   from: int  first year counted (null: no limit)
//   to: int  last year counted (null: no limit)
// returns: one row per adversary: id, partner, disputes (how many), highest (highest hostility level),
//   wars (disputes at level 5), first_year, last_year, events (their names), cited
// purpose: The states A faced on the other side of militarized disputes, most disputes first.
MATCH (a:State) WHERE a.id IN $a_ids
MATCH (a)-[q1:PARTICIPATES_IN]->(e:Event)<-[q2:PARTICIPATES_IN]-(x:State)
WHERE e.type IN ['dispute', 'war', 'conflict'] AND {{visible q1}} AND {{visible q2}} AND q1.role <> q2.role
  AND NOT x.id IN $a_ids
  AND ($from IS NULL OR e.year >= $from) AND ($to IS NULL OR e.year <= $to)
WITH x, e, q1, q2 ORDER BY e.year, e.id
WITH x, collect(DISTINCT e) AS events, collect(q1) + collect(q2) AS parts
RETURN x.id AS id, x.name AS partner, size(events) AS disputes,
       reduce(m = 0, e IN events | CASE WHEN coalesce(e.hostility, 0) > m THEN e.hostility ELSE m END) AS highest,
       size([e IN events WHERE e.hostility = 5]) AS wars,
       reduce(m = null, e IN events | CASE WHEN m IS NULL OR e.year < m THEN e.year ELSE m END) AS first_year,
       reduce(m = null, e IN events | CASE WHEN m IS NULL OR e.year > m THEN e.year ELSE m END) AS last_year,
       [e IN events | e.name][0..8] AS events,
       reduce(acc = [], c IN [p IN parts | {{cited p}}] | acc + [x IN c WHERE NOT x IN acc])[0..8] AS cited
ORDER BY disputes DESC, highest DESC, partner
