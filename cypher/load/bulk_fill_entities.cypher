// name: bulk_fill_entities
// mode: write
// params:
//   rows: list[map]  one per entity: id, props (the empty lists it carries, e.g. aliases: [])
// returns: nothing
// purpose: After a bulk import, give entity nodes the empty lists a normal load gives them (Neo4j's importer
//   cannot write an empty list).
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n += row.props
