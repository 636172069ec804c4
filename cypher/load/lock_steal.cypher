// name: lock_steal
// mode: write
// params:
//   holder: str  who asks
//   gone: str  the holder known to be gone (its process no longer runs on this host)
//   host: str  this host
//   pid: int  this process
//   lease_ms: int  lease (milliseconds)
// returns: one row: holder
// purpose: Take the load lock from a holder whose process is known to be dead.
MATCH (l:LoadLock {id: 'relgraph'})
SET l.asked = timestamp()  // the node's write lock before its holder is read (see lock_acquire)
WITH l
CALL (l) {
  WITH l
  WHERE l.holder = $gone
  SET l.holder = $holder, l.host = $host, l.pid = $pid, l.expires = timestamp() + $lease_ms
}
RETURN l.holder AS holder
