// name: arms_by_decade
// mode: read
// params:
//   a_ids: list[str]  a state and (unless left out) the states it continues
//   from: int  first order year counted (null: the data's first)
//   to: int  last order year counted (null: the data's last)
// returns: one row per supplier, decade and recipient: id, supplier, decade (its first year), recipient (A, or
//   the state A continues that received them), deals, delivered (items), tiv_delivered (SIPRI TIV, millions),
//   weapons (the most frequent descriptions), cited
// purpose: Arms supplied to A by supplier and decade of order (SIPRI's register and curated arms facts), largest
//   first within each decade; deals without an order year use the fact's first year.
MATCH (a:State) WHERE a.id IN $a_ids
MATCH (x:Entity)-[r:SUPPLIES_ARMS_TO]->(a)
WHERE {{visible r}} AND NOT x.id IN $a_ids
WITH x, a, r, coalesce(r.order_year, r.year_from) AS year
WHERE year IS NOT NULL AND ($from IS NULL OR year >= $from) AND ($to IS NULL OR year <= $to)
WITH x, a, r, year ORDER BY year, r.fact_id
WITH x, a, (year / 10) * 10 AS decade, r, coalesce(r.description, r.weapon, r.note) AS weapon
WITH x, a, decade, count(r) AS deals, sum(coalesce(r.number_delivered, 0)) AS delivered,
     sum(coalesce(r.tiv_delivered, 0.0)) AS tiv, collect(weapon) AS weapons,
     reduce(acc = [], c IN collect({{cited r}}) | acc + [p IN c WHERE NOT p IN acc]) AS cited
CALL (weapons) {
  UNWIND weapons AS weapon
  WITH weapon, count(*) AS n WHERE weapon IS NOT NULL
  ORDER BY n DESC, weapon
  RETURN collect(weapon)[0..3] AS common
}
RETURN x.id AS id, x.name AS supplier, decade, a.name AS recipient, deals, delivered,
       round(tiv, 1) AS tiv_delivered, common AS weapons, cited[0..5] AS cited
ORDER BY decade, tiv_delivered DESC, deals DESC, supplier
