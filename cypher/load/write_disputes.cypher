// name: write_disputes
// mode: write
// params:
//   rows: list[map]  one per slot sources disagree on: slot, type, subject, object, fact_ids
//   gone: list[str]  slots they no longer disagree on
// returns: nothing
// purpose: Keep the record of disagreements up to date as sources are loaded and unloaded, so
//   `relgraph disputes` reads it instead of scanning every fact.
CALL () {
  UNWIND $gone AS slot
  MATCH (d:Dispute {slot: slot})
  DELETE d
}
UNWIND $rows AS row
MERGE (d:Dispute {slot: row.slot})
SET d.type = row.type, d.subject = row.subject, d.object = row.object, d.fact_ids = row.fact_ids
