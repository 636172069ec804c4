"""The local Neo4j server relgraph manages itself, for machines without Docker.

``paths`` (where its files live, and who may touch them), ``java`` (finding Java 17 or 21),
``install`` (fetching the jars with mvn), ``config`` (ports, memory, settings) and ``process``
(start, stop, status). Progress goes through callbacks; nothing here prints.
"""
