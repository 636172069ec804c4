// name: merge_entities
// mode: write
// params:
//   rows: list[map]  one per entity: id, kind, props (name, wikidata, ...), aliases
//   source_id: str  the seed's source id, added to each entity's sources
// returns: nothing
// purpose: Create or update entities in one batch. Every entity carries the Entity label
//   and one label for its kind; aliases and sources accumulate across seed files.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n += row.props,
    n.kind = row.kind,
    n.aliases = reduce(acc = coalesce(n.aliases, []), a IN row.aliases | CASE WHEN a IN acc THEN acc ELSE acc + a END),
    n.sources = CASE WHEN $source_id IN coalesce(n.sources, []) THEN n.sources ELSE coalesce(n.sources, []) + $source_id END
FOREACH (_ IN CASE WHEN row.kind = 'state' THEN [1] ELSE [] END | SET n:State)
FOREACH (_ IN CASE WHEN row.kind = 'organisation' THEN [1] ELSE [] END | SET n:Organisation)
FOREACH (_ IN CASE WHEN row.kind = 'project' THEN [1] ELSE [] END | SET n:Project)
FOREACH (_ IN CASE WHEN row.kind = 'treaty' THEN [1] ELSE [] END | SET n:Treaty)
FOREACH (_ IN CASE WHEN row.kind = 'event' THEN [1] ELSE [] END | SET n:Event)
FOREACH (_ IN CASE WHEN row.kind = 'person' THEN [1] ELSE [] END | SET n:Person)
FOREACH (_ IN CASE WHEN row.kind = 'region' THEN [1] ELSE [] END | SET n:Region)
