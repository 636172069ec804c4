// name: schema_source_facts_source
// mode: schema
// params:
// returns: nothing
// purpose: Finds a source's record of facts.
CREATE INDEX source_facts_source IF NOT EXISTS FOR (n:SourceFacts) ON (n.source)
