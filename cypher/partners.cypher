// name: partners
// mode: read
// params:
//   a: str  id of a state or organisation
//   as_of: int  only facts that held in this year (null: all)
// returns: one row per partner: id, partner, kind, ties (facts), types, first_year, last_year
// purpose: A's relations ranked by how much ties them: the number of facts between A and each other
//   entity (their relationship counted too), with the kinds of ties. Background facts (membership of the
//   state system) are not ties.
MATCH (a:Entity {id: $a})
CALL (a) {
  MATCH (a)-[r]-(x)
  WHERE NOT x:Dyad AND {{tie r}}
  RETURN x, r
  UNION
  MATCH (a)-[:SIDE_OF]->(d:Dyad)<-[:SIDE_OF]-(x:State)
  MATCH ()-[r]-(d)
  WHERE {{tie r}}
  RETURN x, r
}
WITH x, r
WHERE {{held r}}
RETURN x.id AS id, x.name AS partner, x.kind AS kind, count(DISTINCT r) AS ties,
       collect(DISTINCT type(r)) AS types, min(r.year_from) AS first_year, max(r.year_from) AS last_year
ORDER BY ties DESC, partner
