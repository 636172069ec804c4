"""relgraph: bilateral relations between states as cited, time-scoped claims in Neo4j."""

__version__ = "0.1.0"
