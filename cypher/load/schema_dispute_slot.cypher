// name: schema_dispute_slot
// mode: schema
// params:
// returns: nothing
// purpose: One Dispute node per slot sources disagree on.
CREATE CONSTRAINT dispute_slot IF NOT EXISTS FOR (d:Dispute) REQUIRE d.slot IS UNIQUE
