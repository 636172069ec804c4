"""Queries: the catalogue of Cypher files, the analysts' questions, and ad-hoc Cypher, read-only."""
