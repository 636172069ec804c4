// name: memberships
// mode: read
// params:
//   a: str  id of a state or organisation
//   as_of: int  only memberships held in this year (null: all)
// returns: one row per membership: id, organisation, type, role, since, until, cited
// purpose: Which organisations and groupings A belongs to, and since when.
MATCH (:Entity {id: $a})-[m:MEMBER_OF]->(o:Organisation)
WHERE {{visible m}} AND ({{held m}})
RETURN o.id AS id, o.name AS organisation, o.type AS type, m.role AS role, m.since AS since, m.until AS until,
       {{cited m}} AS cited
ORDER BY organisation
