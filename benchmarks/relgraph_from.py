"""Run relgraph's command line from a source tree, whatever relgraph is installed.

    python benchmarks/relgraph_from.py TREE [relgraph arguments...]
    python benchmarks/run.py --size 10k --relgraph "python benchmarks/relgraph_from.py /work/wt-bench"

``PYTHONPATH=TREE/src python -m relgraph.cli`` is not enough when relgraph is pip-installed in editable
mode from another checkout: the package ships ``cypher/`` as ``relgraph.cypher`` (a package-dir mapping
in pyproject.toml), and since ``TREE/src/relgraph`` has no ``cypher`` folder, Python finds
``relgraph.cypher`` through the editable install's finder, i.e. in the *other* checkout. The code would
come from TREE and the queries from elsewhere. This launcher maps both to TREE.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def use_tree(tree: Path) -> None:
    """Make ``relgraph`` come from TREE/src and ``relgraph.cypher`` from TREE/cypher."""
    src, cypher = tree / "src", tree / "cypher"
    if not (src / "relgraph" / "__init__.py").exists() or not (cypher / "__init__.py").exists():
        raise SystemExit(f"{tree} does not look like a relgraph checkout (no src/relgraph or cypher/)")
    sys.path.insert(0, str(src))
    import relgraph

    if not Path(relgraph.__file__).resolve().is_relative_to(src.resolve()):
        raise SystemExit(f"relgraph was imported from {relgraph.__file__}, not from {src}")
    spec = importlib.util.spec_from_file_location(
        "relgraph.cypher", cypher / "__init__.py", submodule_search_locations=[str(cypher)]
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["relgraph.cypher"] = module
    spec.loader.exec_module(module)
    relgraph.cypher = module  # type: ignore[attr-defined]


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    use_tree(Path(sys.argv[1]).resolve())
    sys.argv = ["relgraph", *sys.argv[2:]]
    from relgraph.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
