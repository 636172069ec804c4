// name: pending_facts
// mode: read
// params:
//   pending: str  a staged load's id
// returns: one row per relationship it marked: type, fact_id
// purpose: What a staged load left marked when its process died (a scan of every relationship: this runs
//   only to recover from a crash, before the next load).
MATCH ()-[r]->()
WHERE r.pending = $pending
RETURN type(r) AS type, r.fact_id AS fact_id
