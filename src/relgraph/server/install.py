"""Fetch Neo4j Community's jars and the Browser jar from Maven Central with ``mvn`` (idempotent).

Only ``relgraph server install`` calls this: no other command downloads anything.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ..core.errors import ServerError, ServerNotInstalled
from .java import find_java
from .paths import BROWSER_VERSION, NEO4J_VERSION, lib_dir

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def is_installed(version: str = NEO4J_VERSION) -> bool:
    return (lib_dir(version) / ".complete").is_file()


def classpath(version: str = NEO4J_VERSION) -> str:
    if not is_installed(version):
        raise ServerNotInstalled(
            f"Neo4j {version} is not installed for the managed server.",
            "Run `relgraph server install` (it fetches the jars with mvn), or set NEO4J_URI.",
        )
    return str(lib_dir(version) / "*")


def install(progress: Progress = _quiet, version: str = NEO4J_VERSION) -> Path:
    """Fetch Neo4j's jars and the Browser jar with mvn into the cache. Idempotent."""
    target = lib_dir(version)
    if is_installed(version):
        progress(f"Neo4j {version} is already installed in {target}")
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError(
            "mvn (Apache Maven) was not found; relgraph fetches Neo4j's jars with it.",
            "Install it with `apt-get install maven` (it needs a JDK: `apt-get install openjdk-17-jdk-headless`).",
        )
    find_java()  # fail early, with the same message start would give
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="lib-", dir=target.parent))
    progress(f"Fetching Neo4j {version} Community and Neo4j Browser {BROWSER_VERSION} from Maven Central...")
    with resources.as_file(resources.files("relgraph.server") / "pom.xml") as pom:
        command = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={staging}",
            f"-Dneo4j.version={version}",
            f"-Dbrowser.version={BROWSER_VERSION}",
        ]
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not any(staging.glob("neo4j-bolt-*.jar")):
        shutil.rmtree(staging, ignore_errors=True)
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise ServerError(
            f"mvn could not fetch Neo4j {version} (exit code {result.returncode}):\n{tail}",
            "Check that Maven Central is reachable (mvn honours ~/.m2/settings.xml).",
        )
    (staging / ".complete").write_text(f"neo4j {version}\nbrowser {BROWSER_VERSION}\n")
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    progress(f"Installed {len(list(target.glob('*.jar')))} jars in {target}")
    return target
