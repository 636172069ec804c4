// name: constraint_state_id
// mode: schema
// params:
// returns: nothing
// purpose: States are found by id in most questions (`:State {id: ...}`): their own index, not a scan of states.
CREATE CONSTRAINT state_id IF NOT EXISTS FOR (n:State) REQUIRE n.id IS UNIQUE
