// name: schema_names
// mode: read
// params:
// returns: one row per index (every constraint has one of the same name): name
// purpose: Which constraints and indexes exist, so a load creates only the missing ones.
SHOW INDEXES YIELD name
RETURN name
