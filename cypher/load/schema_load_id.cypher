// name: schema_load_id
// mode: schema
// params:
// returns: nothing
// purpose: One node per staged load.
CREATE CONSTRAINT load_id IF NOT EXISTS FOR (n:Load) REQUIRE n.id IS UNIQUE
