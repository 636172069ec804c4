// name: bulk_fill_claims
// mode: write
// params:
//   batch: int  facts changed per transaction
// returns: nothing
// purpose: After a bulk import, give every fact the claim lists a normal load gives it, empty ones included
//   (Neo4j's importer cannot write an empty list). Commits in parts: run it as an auto-commit query.
MATCH ()-[r]->()
WHERE r.fact_id IS NOT NULL
  AND (r.sources IS NULL OR r.cited IS NULL OR r.notes IS NULL OR r.confidences IS NULL)
CALL (r) {
  SET r.sources = coalesce(r.sources, []), r.cited = coalesce(r.cited, []), r.notes = coalesce(r.notes, []),
      r.confidences = coalesce(r.confidences, [])
} IN TRANSACTIONS OF $batch ROWS
