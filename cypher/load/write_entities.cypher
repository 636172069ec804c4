// name: write_entities
// mode: write
// params:
//   rows: list[map]  one per entity: id, kind, props (every property the node shows: name, aliases,
//     keys, sources, defs, ...)
// returns: nothing
// purpose: Create or rewrite entity nodes: each carries Entity and the label of its kind.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props
FOREACH (_ IN CASE WHEN row.kind = 'state' THEN [1] ELSE [] END | SET n:State)
FOREACH (_ IN CASE WHEN row.kind = 'organisation' THEN [1] ELSE [] END | SET n:Organisation)
FOREACH (_ IN CASE WHEN row.kind = 'project' THEN [1] ELSE [] END | SET n:Project)
FOREACH (_ IN CASE WHEN row.kind = 'treaty' THEN [1] ELSE [] END | SET n:Treaty)
FOREACH (_ IN CASE WHEN row.kind = 'event' THEN [1] ELSE [] END | SET n:Event)
FOREACH (_ IN CASE WHEN row.kind = 'person' THEN [1] ELSE [] END | SET n:Person)
FOREACH (_ IN CASE WHEN row.kind = 'region' THEN [1] ELSE [] END | SET n:Region)
FOREACH (_ IN CASE WHEN row.kind = 'place' THEN [1] ELSE [] END | SET n:Place)
FOREACH (_ IN CASE WHEN row.kind = 'law' THEN [1] ELSE [] END | SET n:Law)
