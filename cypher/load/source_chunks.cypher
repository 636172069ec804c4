// name: source_chunks
// mode: read
// params:
//   source_id: str  a source id
// returns: one row per chunk: chunk, ids (fact ids), digests (of this source's claims on each fact)
// purpose: Every fact a source asserts, kept beside the graph, so a reload compares fact ids and
//   claim digests instead of scanning the relationships (a reload's work follows the size of the change).
MATCH (c:SourceFacts {source: $source_id})
RETURN c.chunk AS chunk, c.ids AS ids, c.digests AS digests
ORDER BY chunk
