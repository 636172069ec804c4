// name: constraint_dyad_id
// mode: schema
// params:
// returns: nothing
// purpose: One Dyad node per pair of states (id: the two codes in alphabetical order, e.g. PAK-RUS).
CREATE CONSTRAINT dyad_id IF NOT EXISTS FOR (d:Dyad) REQUIRE d.id IS UNIQUE
