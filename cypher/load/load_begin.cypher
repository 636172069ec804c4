// name: load_begin
// mode: write
// params:
//   id: str  the load's id
//   sources: list[str]  the sources it writes
//   holder: str  the lock holder writing it
// returns: nothing
// purpose: Register a staged load: what it writes stays invisible to every query until load_publish.
CREATE (:Load {id: $id, state: 'staging', sources: $sources, holder: $holder, started_at: timestamp()})
