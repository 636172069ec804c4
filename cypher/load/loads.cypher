// name: loads
// mode: read
// params:
// returns: one row per load not yet finished: id, state, sources, holder
// purpose: Staged loads left behind (a crash before publishing or before settling), to finish or undo them.
MATCH (l:Load)
RETURN l.id AS id, l.state AS state, l.sources AS sources, l.holder AS holder
ORDER BY l.started_at
