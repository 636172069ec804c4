"""The pure core: constrained types, the closed vocabulary, the seed models, name resolution, results.

Nothing here opens a file, a socket or a terminal, or imports the Neo4j driver: a test checks it.
"""
