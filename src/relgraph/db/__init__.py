"""The database edge: which Neo4j to talk to (``connection``) and the one owner of the driver (``graph``).

No other module opens a driver; the managed server's readiness probe goes through ``graph.probe``.
"""
