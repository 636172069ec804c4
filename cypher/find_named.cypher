// name: find_named
// mode: read
// params:
//   key: str  what the user typed, as names are compared (NFKC, case-folded, trimmed)
//   text: str  what the user typed, trimmed (matched against identifiers such as COW codes: 365, COW 365)
// returns: one row per entity one of whose names (id, name, aliases) has that key, or one of whose identifiers
//   is that text: id, kind, name, aliases, sources, curated
// purpose: The entities a name may mean, found in the database (so that resolving a name does not fetch every
//   entity); names that match none are then compared with all of them, for suggestions.
MATCH (n:Entity)
WHERE ($key IN coalesce(n.keys, []) OR $text IN coalesce(n.identifiers, [])) AND {{visible_node n}}
RETURN n.id AS id, n.kind AS kind, n.name AS name, coalesce(n.aliases, []) AS aliases,
       coalesce(n.sources, []) AS sources, coalesce(n.curated, n.sources, []) AS curated
ORDER BY id
