// name: agreements
// mode: read
// params:
//   a_ids: list[str]  ids of a state or organisation and (unless left out) the states it continues
//   b_ids: list[str]  the same for a second party (null: any)
//   as_of: int  only agreements A (and B) were party to in this year (null: all)
// returns: one row per treaty, agreement, memorandum, contract or alliance: id, year, agreement, type, signed,
//   ends, parties (names; at most 12, then how many more), obligations (what A, and B, undertake in it:
//   defense, offense, neutrality, nonaggression, consultation), cited (A's and B's citations)
// purpose: What agreements tie A (to B), in order of signature, with what each side undertakes.
MATCH (who:Entity)-[p:PARTY_TO]->(t:Treaty)
WHERE who.id IN $a_ids AND {{visible p}}
  AND ($as_of IS NULL OR (coalesce(p.year_from, t.year) IS NULL OR coalesce(p.year_from, t.year) <= $as_of)
                         AND (p.year_to IS NULL OR p.year_to >= $as_of))
OPTIONAL MATCH (other:Entity)-[pb:PARTY_TO]->(t)
WHERE other.id IN coalesce($b_ids, []) AND {{visible pb}}
  AND ($as_of IS NULL OR (coalesce(pb.year_from, t.year) IS NULL OR coalesce(pb.year_from, t.year) <= $as_of)
                         AND (pb.year_to IS NULL OR pb.year_to >= $as_of))
WITH t, collect(DISTINCT p) AS mine, collect(DISTINCT pb) AS theirs
WHERE $b_ids IS NULL OR size(theirs) > 0
CALL (t) {
  MATCH (party:Entity)-[q:PARTY_TO]->(t)
  WHERE {{visible q}}
    AND ($as_of IS NULL OR (coalesce(q.year_from, t.year) IS NULL OR coalesce(q.year_from, t.year) <= $as_of)
                           AND (q.year_to IS NULL OR q.year_to >= $as_of))
  WITH DISTINCT party
  ORDER BY party.name
  RETURN collect(party.name) AS names
}
WITH t, mine, theirs, names,
     [x IN mine | startNode(x).name] AS held_a, [x IN theirs | startNode(x).name] AS held_b,
     reduce(acc = [], x IN mine | acc + [o IN coalesce(x.obligations, []) WHERE NOT o IN acc]) AS duties_a,
     reduce(acc = [], x IN theirs | acc + [o IN coalesce(x.obligations, []) WHERE NOT o IN acc]) AS duties_b,
     reduce(acc = [], x IN mine + theirs | acc + [c IN {{cited x}} WHERE NOT c IN acc]) AS cited
RETURN t.id AS id, t.year AS year, t.name AS agreement, t.type AS type, t.signed AS signed, t.ends AS ends,
       CASE WHEN size(names) > 12 THEN names[0..12] + [toString(size(names) - 12) + ' more'] ELSE names END AS parties,
       duties_a AS obligations_a, duties_b AS obligations_b, held_a, held_b, cited
ORDER BY t.year IS NULL, year, agreement
