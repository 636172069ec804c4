// name: source_manifest
// mode: read
// params:
//   source_id: str  a source id
// returns: at most one row: path, content_hash, loaded_at, entity_count, fact_count, relgraph_version
// purpose: The manifest a load left on a Source node: which file, its content hash and counts,
//   so an unchanged file is skipped and a changed one is compared with what it asserted before.
MATCH (s:Source {id: $source_id})
RETURN s.path AS path, s.content_hash AS content_hash, s.loaded_at AS loaded_at,
       s.entity_count AS entity_count, s.fact_count AS fact_count, s.relgraph_version AS relgraph_version
