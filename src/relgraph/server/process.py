"""Start, stop and watch the managed Neo4j process.

The server runs Neo4j's own entry point (``org.neo4j.server.CommunityEntryPoint``) on Java 17 or 21,
listening on 127.0.0.1 only. A state file records its pid and start time; a process is ours only if
psutil finds that pid alive with that start time and Neo4j's entry point and this home on its command
line (a stale file, or a pid reused by another program, is never trusted). The password is generated
at first start, kept in a 0600 file, and given to Neo4j's admin tool through a 0600 argument file, so
it never shows in ``ps``; the JVM does not inherit NEO4J_PASSWORD.
"""

from __future__ import annotations

import json
import os
import secrets
import string
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from ..core.errors import ServerError
from ..db.connection import Connection
from ..db.graph import probe
from .config import ServerConfig, remember
from .install import classpath
from .java import JAVA_HINT, Java, find_java
from .paths import NEO4J_VERSION, check_home, data_dir, make_private_dirs, password_file, write_private
from .probes import listens, log_tail, port_answers, port_free, read_from

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
USER = "neo4j"
STATE_FILE = "run/relgraph-server.json"
IMPORT_MARK = "run/relgraph-import.pid"  # a bulk load is importing (server.admin): nothing else starts the server
CONSOLE_LOG = "logs/console.log"
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
]
# Variables the JVM must not see: relgraph's own connection settings, the password above all (and every other
# NEO4J_* variable: Neo4j's JVMs get only the NEO4J_HOME and NEO4J_CONF relgraph sets).
HIDDEN_ENV = ("NEO4J_PASSWORD", "NEO4J_USER", "NEO4J_URI", "NEO4J_DATABASE", "NEO4J_AUTH")

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class ServerStatus:
    pid: int
    home: str
    bolt_port: int
    http_port: int
    version: str
    java: str
    started_at: float
    heap: str = ""
    pagecache: str = ""
    create_time: float = 0.0  # the process's start time as psutil sees it

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    def as_row(self) -> dict[str, object]:
        return {
            "running": True,
            "uri": self.uri,
            "user": USER,
            "password_file": str(password_file(Path(self.home))),
            "pid": self.pid,
            "data_folder": self.home,
            "browser": self.browser_url,
            "neo4j": self.version,
            "java": self.java,
            "heap": self.heap,
            "pagecache": self.pagecache,
        }


def read_password(home: Path) -> str:
    path = password_file(home)
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        raise ServerError(
            f"No password file at {path}.", "Start the server once with `relgraph server start`, which creates it."
        ) from None


def connection(info: ServerStatus, database: str | None = None) -> Connection:
    """How to reach a running managed server."""
    return Connection(
        uri=info.uri,
        user=USER,
        password=read_password(Path(info.home)),
        database=database,
        managed=True,
        browser_url=info.browser_url,
    )


def _is_our_server(pid: int, create_time: float, home: Path) -> bool:
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        if create_time and abs(process.create_time() - create_time) > 1.0:
            return False  # the pid was reused by another process
        cmdline = process.cmdline()
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return False
    except psutil.AccessDenied:
        return False
    return ENTRY_POINT in cmdline and f"--home-dir={home}" in cmdline


def status(home: Path | None = None) -> ServerStatus | None:
    """The running server for this home, or None (a stale state file is removed)."""
    home = home or data_dir()
    state = home / STATE_FILE
    try:
        info = ServerStatus(**json.loads(state.read_text()))
    except (FileNotFoundError, NotADirectoryError, ValueError, TypeError):
        return None
    if _is_our_server(info.pid, info.create_time, home):
        return info
    try:
        state.unlink(missing_ok=True)
    except OSError:
        pass
    return None


def logs(home: Path | None = None, lines: int = 40) -> list[str]:
    """The last lines of the server's console log."""
    home = home or data_dir()
    path = home / CONSOLE_LOG
    if not path.exists():
        raise ServerError(f"No log yet at {path}.", "The server has not been started with this data folder.")
    return path.read_text(errors="replace").splitlines()[-lines:]


def jvm_env(home: Path) -> dict[str, str]:
    """The environment of the JVMs relgraph runs for this home (the server, the admin tool): this process's,
    without any NEO4J_* variable, with NEO4J_HOME and NEO4J_CONF naming the home."""
    env = {k: v for k, v in os.environ.items() if k not in HIDDEN_ENV and not k.startswith("NEO4J_")}
    return {**env, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}


def _set_initial_password(java: Java, config: ServerConfig, cp: str) -> None:
    """Before the first start, give user neo4j a generated password (kept in a 0600 file).

    The admin tool gets its arguments from a 0600 argument file (``java @file``), so the password
    never appears on a command line.
    """
    home = config.home
    pw_path = password_file(home)
    if pw_path.exists():
        return
    if (home / "data" / "databases").exists():
        raise ServerError(
            f"{home} holds a database but no password file ({pw_path}).",
            "Remove that folder to start afresh, or restore the password file.",
        )
    # Letters and digits only: a password starting with "-" would be read as an option by neo4j-admin.
    password = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(24))
    argfile = home / "run" / "set-initial-password.args"
    write_private(argfile, "\n".join(["-cp", f'"{cp}"', ADMIN_TOOL, "dbms", "set-initial-password", password]) + "\n")
    try:
        result = subprocess.run(
            [java.path, f"@{argfile}"], capture_output=True, text=True, env=jvm_env(home), timeout=120
        )
    finally:
        argfile.unlink(missing_ok=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).replace(password, "***").strip()
        raise ServerError(f"Setting the initial password failed:\n{output}")
    write_private(pw_path, password + "\n")


def _explain_failure(text: str, config: ServerConfig) -> str | None:
    if "locked by another process" in text or "store_lock" in text:
        return (
            f"The store in {config.home} is locked by another process: another Neo4j is using this data folder. "
            "Stop it first (`relgraph server stop`), or use another folder with RELGRAPH_DATA_DIR."
        )
    if "Address already in use" in text or "BindException" in text:
        return (
            f"A port is already in use (Bolt {config.bolt_port}, HTTP {config.http_port}). "
            "Stop what uses it or choose others with --bolt-port/--http-port."
        )
    if "UnsupportedClassVersionError" in text:
        return "The Java in use is too old for Neo4j 5.26. " + JAVA_HINT
    if "OutOfMemoryError" in text:
        return "Neo4j ran out of memory while starting; give it more with --heap."
    return None


def importing(home: Path) -> int | None:
    """The process id of a bulk load importing into this home's database right now, or None."""
    try:
        pid = int((home / IMPORT_MARK).read_text())
    except (OSError, ValueError):
        return None
    return pid if psutil.pid_exists(pid) else None


def start(
    config: ServerConfig | None = None,
    progress: Progress = _quiet,
    timeout: float = 180.0,
    version: str = NEO4J_VERSION,
) -> ServerStatus:
    """Start the server in the background and wait until Bolt and HTTP answer. Returns its status.

    Already running: returns the running server's status. While a bulk load imports into this home, only
    its own process may start the server.
    """
    config = config or ServerConfig(home=data_dir())
    home = config.home
    check_home(home)
    running = status(home)
    if running:
        progress(f"Neo4j is already running (pid {running.pid}) at {running.uri}")
        return running
    bulk = importing(home)
    if bulk is not None and bulk != os.getpid():
        raise ServerError(
            f"A bulk load (process {bulk}) is importing into {home}; it starts Neo4j again when it has finished.",
            "Wait for it (it reports its progress), then run the command again.",
        )
    config.check()
    cp = classpath(version)
    java = find_java()
    for name, port in (("Bolt", config.bolt_port), ("HTTP", config.http_port)):
        if not port_free(port):
            raise ServerError(
                f"{name} port {port} on 127.0.0.1 is already in use.",
                f"Stop what listens there, or choose another port with --{name.lower()}-port.",
            )
    make_private_dirs(home)
    write_private(home / "conf" / "neo4j.conf", config.neo4j_conf())
    remember(config)
    _set_initial_password(java, config, cp)

    command = [
        java.path,
        f"-Xms{config.heap}",
        f"-Xmx{config.heap}",
        *JVM_FLAGS,
        *os.environ.get("RELGRAPH_JVM_OPTS", "").split(),
        "-cp",
        cp,
        ENTRY_POINT,
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
        "--console-mode",
    ]
    console = home / CONSOLE_LOG
    progress(
        f"Starting Neo4j {version} (Java {java.major}, heap {config.heap}, page cache {config.pagecache}) in {home} ..."
    )
    fd = os.open(console, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "ab") as out:
        out.write(f"\n==== relgraph server start {time.strftime('%Y-%m-%d %H:%M:%S')} ====\n".encode())
        out.flush()
        offset = out.tell()
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=home,
            start_new_session=True,
            env=jvm_env(home),
        )
    try:
        created = psutil.Process(process.pid).create_time()
    except psutil.NoSuchProcess:
        created = 0.0
    info = ServerStatus(
        pid=process.pid,
        home=str(home),
        bolt_port=config.bolt_port,
        http_port=config.http_port,
        version=version,
        java=f"{java.major} ({java.path})",
        started_at=time.time(),
        heap=config.heap,
        pagecache=config.pagecache,
        create_time=created,
    )
    write_private(home / STATE_FILE, json.dumps(asdict(info)))

    began = time.monotonic()
    last_note = began
    password = read_password(home)
    while True:
        code = process.poll()
        if code is not None:
            (home / STATE_FILE).unlink(missing_ok=True)
            text = read_from(console, offset)
            reason = _explain_failure(text, config) or f"Neo4j exited with code {code} during start."
            raise ServerError(reason, f"Last lines of {console}:\n{log_tail(text)}")
        # The password goes only to a port our JVM listens on: a local user who took the port between the
        # check above and Neo4j's bind would otherwise be sent it.
        if (
            listens(process.pid, config.bolt_port)
            and port_answers(config.http_port)
            and probe(info.uri, USER, password)
        ):
            progress(f"Neo4j is up at {info.uri} (Browser: {info.browser_url})")
            return info
        if time.monotonic() - began > timeout:
            _terminate(process.pid, 60)
            (home / STATE_FILE).unlink(missing_ok=True)
            raise ServerError(
                f"Neo4j did not answer on {info.uri} within {timeout:.0f} s; it was stopped.",
                f"Last lines of {console}:\n{log_tail(read_from(console, offset))}",
            )
        if time.monotonic() - last_note > 10:
            progress(f"  still starting ({time.monotonic() - began:.0f} s) ...")
            last_note = time.monotonic()
        time.sleep(0.5)


def _gone(process: psutil.Process, timeout: float) -> bool:
    """Wait until the process has exited. One that exited but was not yet reaped by its parent (a zombie:
    the server started by this very process, or by a test) counts as gone; psutil's own wait would wait
    for the parent, not for the server."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def _terminate(pid: int, timeout: float) -> bool:
    """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL. True if it stopped cleanly."""
    try:
        process = psutil.Process(pid)
        process.terminate()
    except psutil.NoSuchProcess:
        return True
    if _gone(process, timeout):
        return True
    try:
        process.kill()
    except psutil.NoSuchProcess:
        return True
    _gone(process, 30)
    return False


def stop(home: Path | None = None, progress: Progress = _quiet, timeout: float = 90.0) -> ServerStatus | None:
    """Stop the running server cleanly (SIGTERM; SIGKILL after ``timeout``). Returns what was stopped, or None."""
    home = home or data_dir()
    running = status(home)
    if running is None:
        progress(f"No relgraph-managed Neo4j is running for {home}")
        return None
    progress(f"Stopping Neo4j (pid {running.pid}) ...")
    clean = _terminate(running.pid, timeout)
    (home / STATE_FILE).unlink(missing_ok=True)
    progress("Stopped." if clean else f"Neo4j did not stop within {timeout:.0f} s and was killed.")
    return running
