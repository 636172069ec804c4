// name: find_entities
// mode: read
// params:
// returns: one row per entity: id, kind, name, aliases, sources (the sources that define it), curated (those
//   of them that are curated seed files)
// purpose: Every entity with its names, to resolve what a user types (code, name or alias), and to check a
//   load against what the graph holds. Entities a staged load is still writing are left out.
MATCH (n:Entity)
WHERE {{visible_node n}}
RETURN n.id AS id, n.kind AS kind, n.name AS name, coalesce(n.aliases, []) AS aliases,
       coalesce(n.sources, []) AS sources, coalesce(n.curated, n.sources, []) AS curated
ORDER BY id
