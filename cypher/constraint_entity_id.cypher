// name: constraint_entity_id
// mode: schema
// params:
// returns: nothing
// purpose: Every entity (state, organisation, project, treaty, event, person) has one unique id;
//   loads MERGE on it, so concurrent loads cannot create duplicates.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE
