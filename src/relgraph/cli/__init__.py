"""relgraph's command line: one module per command group, each command a few lines.

A command parses its arguments, makes one library call and renders the result with ``common.show``.
Errors are turned into messages and exit codes once, in ``common.RelgraphGroup``.
"""

from __future__ import annotations

import sys

from ..core.errors import RelgraphError
from . import explore, loading, queries, questions, seed, server  # noqa: F401  (they register their commands, in help order)
from .common import app, report_error

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except RelgraphError as exc:  # raised outside a command (should not happen), still no traceback
        report_error(exc)
        sys.exit(exc.exit_code)
