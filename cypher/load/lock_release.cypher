// name: lock_release
// mode: write
// params:
//   holder: str  the holder releasing it
// returns: nothing
// purpose: Give the load lock back (only its holder can).
MATCH (l:LoadLock {id: 'relgraph'})
WHERE l.holder = $holder
REMOVE l.holder, l.host, l.pid, l.expires, l.asked
