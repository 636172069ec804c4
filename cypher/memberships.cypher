// name: memberships
// mode: read
// params:
//   a_ids: list[str]  ids of a state or organisation and (unless left out) the states it continues
//   as_of: int  only memberships held in this year (null: all)
// returns: one row per membership: id, organisation, type, role, since, until, member (who held it), cited
// purpose: Which organisations and groupings A belongs to, and since when.
MATCH (who:Entity)-[m:MEMBER_OF]->(o:Organisation)
WHERE who.id IN $a_ids AND {{visible m}} AND ({{held m}})
RETURN o.id AS id, o.name AS organisation, o.type AS type, m.role AS role, m.since AS since, m.until AS until,
       who.id AS member_id, who.name AS member, {{cited m}} AS cited
ORDER BY organisation, m.year_from
