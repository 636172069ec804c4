// name: lock_acquire
// mode: write
// params:
//   holder: str  who asks (host, process id and a random part)
//   host: str  the host name, so a holder on this host whose process is gone can be recognised
//   pid: int  the process id
//   lease_ms: int  how long the lock holds without renewal (milliseconds)
// returns: one row: holder (the one holding the lock now), host, pid, expires, now
// purpose: Take the load lock if it is free, expired or already ours (and renew it); say who holds it
//   otherwise. One load writes at a time, so concurrent loads never see each other's half-done work.
MERGE (l:LoadLock {id: 'relgraph'})
// Write first: the node's write lock is taken before its holder is read, so two loads asking at the same
// moment cannot both find it free (reads take no lock; without this both would take the lock).
SET l.asked = timestamp()
WITH l, timestamp() AS now
CALL (l, now) {
  WITH l, now
  WHERE l.holder IS NULL OR l.holder = $holder OR l.expires < now
  SET l.holder = $holder, l.host = $host, l.pid = $pid, l.expires = now + $lease_ms
}
RETURN l.holder AS holder, l.host AS host, l.pid AS pid, l.expires AS expires, now
