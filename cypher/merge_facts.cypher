// name: merge_facts
// mode: write
// params:
//   rows: list[map]  one per fact: type (from the closed vocabulary, checked before sending),
//     fact_id, subject and object (entity or dyad ids), cited (source@section:paragraph), props
//   source_id: str  the seed's source id, added to each fact's sources
// returns: nothing
// purpose: Create or update facts (claims) in one batch. A fact is keyed by fact_id, so the
//   same fact asserted by two sources is one relationship with both in its sources.
UNWIND $rows AS row
OPTIONAL MATCH (se:Entity {id: row.subject})
OPTIONAL MATCH (sd:Dyad {id: row.subject})
OPTIONAL MATCH (oe:Entity {id: row.object})
OPTIONAL MATCH (od:Dyad {id: row.object})
WITH row, coalesce(se, sd) AS a, coalesce(oe, od) AS b
MERGE (a)-[r:$(row.type) {fact_id: row.fact_id}]->(b)
SET r += row.props,
    r.sources = CASE WHEN $source_id IN coalesce(r.sources, []) THEN r.sources ELSE coalesce(r.sources, []) + $source_id END,
    r.cited = CASE WHEN row.cited IN coalesce(r.cited, []) THEN r.cited ELSE coalesce(r.cited, []) + row.cited END
