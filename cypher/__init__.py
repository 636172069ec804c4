"""relgraph's query catalogue: one Cypher statement per .cypher file (see relgraph.catalogue)."""
