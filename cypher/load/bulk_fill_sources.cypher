// name: bulk_fill_sources
// mode: write
// params:
//   rows: list[map]  one per source: id, props (the empty lists it carries, e.g. sections: [])
// returns: nothing
// purpose: After a bulk import, give Source nodes the empty lists a normal load gives them (Neo4j's importer
//   cannot write an empty list).
UNWIND $rows AS row
MATCH (s:Source {id: row.id})
SET s += row.props
