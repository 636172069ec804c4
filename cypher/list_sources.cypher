// name: list_sources
// mode: read
// params:
// returns: one row per loaded source: id, title, kind, path, content_hash, loaded_at, entity_count, fact_count
// purpose: What has been loaded, from which files, and when.
MATCH (s:Source)
RETURN s.id AS id, s.title AS title, s.kind AS kind, s.path AS path, s.content_hash AS content_hash,
       s.loaded_at AS loaded_at, s.entity_count AS entity_count, s.fact_count AS fact_count
ORDER BY id
