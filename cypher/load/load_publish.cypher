// name: load_publish
// mode: write
// params:
//   id: str  the load's id
// returns: nothing
// purpose: Make everything a staged load wrote visible at once (one small transaction).
MATCH (l:Load {id: $id})
SET l.state = 'published', l.published_at = timestamp()
