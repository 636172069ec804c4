// name: paths
// mode: read
// params:
//   a: str  id of one entity
//   b: str  id of the other
//   max_hops: int  longest path to look for, 2 to 4
//   as_of: int  only facts that held in this year (null: all)
//   per_route: int  paths kept for each length and each sequence of kinds passed through, the most tied first
//     (the answer ranks what is kept)
//   fanout: int  for paths of 4 steps: how many of each end's neighbours, the most tied first, to go on from
//   per_middle: int  for paths of 4 steps: how many links on each side of a middle node, the strongest first
// returns: one row per path, a sequence of distinct entities: hops, ids, names, kinds (of every node on it),
//   steps (for each step, every fact between its two nodes: type, forward (from the earlier node to the
//   later), year_from, year_to, sources)
// purpose: How A and B connect beyond their direct ties, one row per sequence of nodes (a shared
//   organisation, a third state, a project, treaty or event, ...). Expands at most two steps from each
//   end and meets in the middle: each end's neighbours once, then the neighbours of A's neighbours that
//   are B's neighbours (3 steps), then, from the most tied neighbours of each end, the nodes both reach
//   and through each the strongest links (4 steps). Background facts (the state system) are not ties, and
//   dataset measures nearly every pair has (trade flows, UN vote agreement) are not steps.
MATCH (a:Entity {id: $a}), (b:Entity {id: $b})
CALL (a, b) {
  MATCH (a)-[r:{{types link}}]-(x)
  WHERE NOT x:Dyad AND x <> b AND {{link r}} AND ({{held r}})
  WITH x, count(r) AS ties
  ORDER BY ties DESC, x.id
  RETURN collect(x) AS left, collect(ties) AS left_ties
}
CALL (a, b) {
  MATCH (b)-[r:{{types link}}]-(y)
  WHERE NOT y:Dyad AND y <> a AND {{link r}} AND ({{held r}})
  WITH y, count(r) AS ties
  ORDER BY ties DESC, y.id
  RETURN collect(y) AS right, collect(ties) AS right_ties
}
CALL (a, b, left, left_ties, right, right_ties) {
  // two steps: a neighbour of both ends
  UNWIND range(0, size(left) - 1) AS i
  WITH a, b, left[i] AS m, left_ties[i] AS t1, right, right_ties
  WHERE m IN right
  WITH a, b, m, t1, right_ties[[k IN range(0, size(right) - 1) WHERE right[k] = m][0]] AS t2
  RETURN [a, m, b] AS nodes, [t1, t2] AS counts
  UNION ALL
  // three steps: a neighbour of A tied to a neighbour of B
  UNWIND range(0, size(left) - 1) AS i
  WITH a, b, left[i] AS x, left_ties[i] AS t1, right
  WHERE $max_hops >= 3
  MATCH (x)-[r:{{types link}}]-(y)
  WHERE y IN right AND y <> x AND {{link r}} AND ({{held r}})
  WITH a, b, x, t1, y, count(r) AS t2
  WITH a, b, y, collect([x, t1, t2]) AS from_a
  WITH a, b, y, from_a, right_ties[[k IN range(0, size(right) - 1) WHERE right[k] = y][0]] AS t3
  UNWIND from_a AS step
  RETURN [a, step[0], y, b] AS nodes, [step[1], step[2], t3] AS counts
  UNION ALL
  // four steps: from the most tied neighbours of each end, the nodes both reach in one more step; through each
  // such middle node, its strongest links on either side
  UNWIND range(0, size(left[..$fanout]) - 1) AS i
  WITH a, b, left[i] AS x, left_ties[i] AS t1, right[..$fanout] AS near_b, right_ties[..$fanout] AS near_b_ties
  WHERE $max_hops >= 4
  MATCH (x)-[r1:{{types link}}]-(m)
  WHERE NOT m:Dyad AND m <> a AND m <> b AND {{link r1}} AND ({{held r1}})
  WITH a, b, near_b, near_b_ties, x, t1, m, count(r1) AS t2
  ORDER BY CASE WHEN t2 < t1 THEN t2 ELSE t1 END DESC, t1 + t2 DESC, x.id
  WITH a, b, near_b, near_b_ties, m, collect([x, t1, t2])[..$per_middle] AS from_a
  MATCH (m)-[r2:{{types link}}]-(y)
  WHERE y IN near_b AND {{link r2}} AND ({{held r2}})
  WITH a, b, near_b, near_b_ties, m, from_a, y, count(r2) AS t3
  WITH a, b, m, from_a, y, t3, near_b_ties[[k IN range(0, size(near_b) - 1) WHERE near_b[k] = y][0]] AS t4
  ORDER BY CASE WHEN t4 < t3 THEN t4 ELSE t3 END DESC, t3 + t4 DESC, y.id
  WITH a, b, m, from_a, collect([y, t3, t4])[..$per_middle] AS to_b
  UNWIND from_a AS l
  UNWIND to_b AS r
  WITH a, b, l[0] AS x, l[1] AS t1, l[2] AS t2, m, r[0] AS y, r[1] AS t3, r[2] AS t4
  WHERE x <> y
  RETURN [a, x, m, y, b] AS nodes, [t1, t2, t3, t4] AS counts
}
WITH nodes, counts, [n IN nodes[1..-1] | n.kind] AS through,
     reduce(low = counts[0], c IN counts | CASE WHEN c < low THEN c ELSE low END) AS weakest,
     reduce(total = 0, c IN counts | total + c) AS total
ORDER BY size(nodes), weakest DESC, total DESC, [n IN nodes | n.id]
WITH size(nodes) - 1 AS hops, through, collect(nodes)[..$per_route] AS kept
UNWIND kept AS nodes
CALL (nodes) {
  UNWIND range(0, size(nodes) - 2) AS i
  WITH i, nodes[i] AS s, nodes[i + 1] AS t
  CALL (s, t) {
    MATCH (s)-[r:{{types link}}]-(t)
    WHERE {{link r}} AND ({{held r}})
    RETURN collect({type: type(r), forward: startNode(r) = s, year_from: r.year_from, year_to: r.year_to,
                    sources: {{sources r}}}) AS facts
  }
  WITH i, facts
  ORDER BY i
  RETURN collect(facts) AS steps
}
RETURN hops, [n IN nodes | n.id] AS ids, [n IN nodes | n.name] AS names, [n IN nodes | n.kind] AS kinds, steps
ORDER BY hops, ids
