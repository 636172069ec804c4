"""relgraph: bilateral relations between states as cited, time-scoped claims in Neo4j.

The version is written here once; ``pyproject.toml`` reads it (``[tool.setuptools.dynamic]``).
"""

__version__ = "0.3.0"
