// name: find_entities
// mode: read
// params:
// returns: one row per entity: id, kind, name, aliases, sources (the sources that define it)
// purpose: Every entity with its names, to resolve what a user types (code, name or alias).
MATCH (n:Entity)
RETURN n.id AS id, n.kind AS kind, n.name AS name, coalesce(n.aliases, []) AS aliases,
       coalesce(n.sources, []) AS sources
ORDER BY id
