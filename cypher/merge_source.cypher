// name: merge_source
// mode: write
// params:
//   source: map  the source's id and its properties (title, kind, document, coverage)
// returns: nothing
// purpose: Create or update the Source node a seed file describes.
MERGE (s:Source {id: $source.id})
SET s += $source
