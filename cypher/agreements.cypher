// name: agreements
// mode: read
// params:
//   a: str  id of a state or organisation
//   b: str  id of a second party (null: any)
//   as_of: int  only agreements in force in this year (null: all)
// returns: one row per treaty, agreement, memorandum or contract: id, agreement, type, signed, year,
//   parties (names), cited
// purpose: What agreements tie A (to B), in order of signature.
MATCH (:Entity {id: $a})-[p:PARTY_TO]->(t:Treaty)
WHERE {{visible p}} AND ($b IS NULL OR EXISTS { MATCH (:Entity {id: $b})-[pb:PARTY_TO]->(t) WHERE {{visible pb}} })
  AND ($as_of IS NULL OR ((coalesce(t.year, p.year_from) IS NULL OR coalesce(t.year, p.year_from) <= $as_of)
                          AND (p.year_to IS NULL OR p.year_to >= $as_of)))
MATCH (party:Entity)-[q:PARTY_TO]->(t)
WHERE {{visible q}}
WITH t, collect(DISTINCT party.name) AS parties, collect({{cited q}}) AS cites
RETURN t.id AS id, t.name AS agreement, t.type AS type, t.signed AS signed, t.year AS year, parties,
       reduce(acc = [], c IN cites | acc + [x IN c WHERE NOT x IN acc]) AS cited
ORDER BY t.year IS NULL, year, agreement
