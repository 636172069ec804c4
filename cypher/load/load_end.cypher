// name: load_end
// mode: write
// params:
//   id: str  the load's id
// returns: nothing
// purpose: Forget a load once its marks are settled or rolled back.
MATCH (l:Load {id: $id})
DELETE l
