// name: manifests
// mode: read
// params:
// returns: one row per loaded source: id, path, content_hash, kind, rank, fact_count, entity_count
// purpose: What every source was loaded from (its files and their content hashes), to skip unchanged
//   files without reading them and to refuse a file that would silently take over another's source.
MATCH (s:Source)
RETURN s.id AS id, s.path AS path, s.content_hash AS content_hash, s.kind AS kind, s.rank AS rank,
       s.fact_count AS fact_count, s.entity_count AS entity_count
ORDER BY id
