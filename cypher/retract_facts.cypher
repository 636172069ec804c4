// name: retract_facts
// mode: write
// params:
//   fact_ids: list[str]  facts the source no longer asserts
//   source_id: str  the source whose claims are withdrawn
// returns: nothing
// purpose: Withdraw one source's claim to these facts: its id, citations, notes and confidences
//   leave the lists; a fact no source asserts any more is deleted, one other sources assert stays.
MATCH ()-[r]->()
WHERE r.fact_id IN $fact_ids AND $source_id IN r.sources
SET r.sources = [s IN r.sources WHERE s <> $source_id],
    r.cited = [c IN coalesce(r.cited, []) WHERE NOT c STARTS WITH $source_id + '@'],
    r.notes = [c IN coalesce(r.notes, []) WHERE NOT c STARTS WITH $source_id + '@'],
    r.confidences = [c IN coalesce(r.confidences, []) WHERE NOT c STARTS WITH $source_id + '@']
WITH r
WHERE size(r.sources) = 0
DELETE r
