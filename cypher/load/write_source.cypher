// name: write_source
// mode: write
// params:
//   source: map  the source's properties and the manifest of this load (path, content_hash, loaded_at,
//     counts, relgraph_version, rank)
//   chunks: list[map]  chunk, ids, digests: every fact the source now asserts
// returns: nothing
// purpose: Record a source and what it asserts, replacing its previous record.
MERGE (s:Source {id: $source.id})
SET s = $source
WITH s
CALL (s) {
  MATCH (c:SourceFacts {source: s.id})
  DELETE c
}
WITH s
UNWIND $chunks AS chunk
CREATE (:SourceFacts {source: s.id, chunk: chunk.chunk, ids: chunk.ids, digests: chunk.digests})
