"""``python -m relgraph``: the same as the ``relgraph`` command."""

from relgraph.cli import main

main()
