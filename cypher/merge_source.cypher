// name: merge_source
// mode: write
// params:
//   source: map  the source's id, its properties (title, kind, document, coverage) and its
//     manifest (path, content_hash, loaded_at, entity_count, fact_count, relgraph_version)
// returns: nothing
// purpose: Create or update the Source node a seed file describes, with the manifest of this load.
MERGE (s:Source {id: $source.id})
SET s += $source
