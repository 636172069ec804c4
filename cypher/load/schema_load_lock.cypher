// name: schema_load_lock
// mode: schema
// params:
// returns: nothing
// purpose: One load lock node.
CREATE CONSTRAINT load_lock IF NOT EXISTS FOR (n:LoadLock) REQUIRE n.id IS UNIQUE
