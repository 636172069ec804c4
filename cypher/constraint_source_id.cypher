// name: constraint_source_id
// mode: schema
// params:
// returns: nothing
// purpose: One Source node per seed source id.
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE
