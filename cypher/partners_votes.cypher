// name: partners_votes
// mode: read
// params:
//   a_ids: list[str]  a state and (unless left out) the states it continues
//   from: int  first year counted (null: the data's first)
//   to: int  last year counted (null: the data's last)
// returns: one row per partner: id, partner, agreement (share of joint votes cast alike over the years
//   asked), joint_votes, years (how many years have a value), first_year, last_year, cited
// purpose: A's partners ranked by agreement in the UN General Assembly over all roll calls (not per issue):
//   agreements summed over joint votes summed, so a year with many votes weighs more.
MATCH (a:State) WHERE a.id IN $a_ids
CALL (a) {  // expand from A outwards
  MATCH (a)-[r:VOTES_WITH]-(x)
  RETURN r, x
}
WITH r, x
WHERE r.measure = 'un-agreement' AND r.issue IS NULL AND NOT x.id IN $a_ids AND {{visible r}}
WITH x, r, [i IN range(0, size(r.years) - 1) WHERE ($from IS NULL OR r.years[i] >= $from)
                                              AND ($to IS NULL OR r.years[i] <= $to)] AS picked
WHERE size(picked) > 0
WITH x, r, picked ORDER BY r.fact_id
WITH x, reduce(t = 0.0, i IN picked | t + r.values[i] * r.counts[i]) AS agreed,
     reduce(t = 0, i IN picked | t + r.counts[i]) AS joint, [i IN picked | r.years[i]] AS years, {{cited r}} AS cited
WITH x, sum(agreed) AS agreed, sum(joint) AS joint, collect(years) AS spans,
     reduce(acc = [], c IN collect(cited) | acc + [p IN c WHERE NOT p IN acc]) AS cited
WITH x, agreed, joint, reduce(all_years = [], ys IN spans | all_years + [y IN ys WHERE NOT y IN all_years]) AS years,
     cited
WHERE joint > 0
RETURN x.id AS id, x.name AS partner, round(agreed / joint, 3) AS agreement, joint AS joint_votes,
       size(years) AS years,
       reduce(m = null, y IN years | CASE WHEN m IS NULL OR y < m THEN y ELSE m END) AS first_year,
       reduce(m = null, y IN years | CASE WHEN m IS NULL OR y > m THEN y ELSE m END) AS last_year, cited
ORDER BY agreement DESC, joint_votes DESC, partner
