"""The managed server's configuration: ports, memory sized for the machine, and safe settings.

Memory follows ``neo4j-admin server memory-recommendation`` (on this 24 GiB machine: 8 GB heap,
10 GB page cache) scaled down for a workstation that also runs the analyst's tools: a quarter of the
machine's memory for the heap (at most 8 GB) and a quarter for the page cache (at most 8 GB), with
floors of 1 GB and 512 MB. ``--heap``/``--pagecache`` (or RELGRAPH_HEAP / RELGRAPH_PAGECACHE) override
them. Transaction logs are kept up to ``tx_log_retention`` (1 GB by default) so that repeated loads do
not double the store; Neo4j needs them only for recovery here (no backups, no clustering).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

from ..core.errors import UsageError
from .paths import write_private

GB = 1024**3
MB = 1024**2
LAST_CONFIG = "conf/relgraph-last-start.json"
_SIZE = re.compile(r"^(\d+)([kKmMgG])$")
_RETENTION = re.compile(r"^(true|false|keep_all|keep_none|\d+[kKmMgG]? (files|size|txs|entries|hours|days))$")


def parse_size(text: str) -> int:
    """'512m' -> bytes; '8g' -> bytes."""
    match = _SIZE.match(text.strip())
    if not match:
        raise UsageError(f"{text!r} is not a memory size; write it like 512m or 4g")
    return int(match.group(1)) * {"k": 1024, "m": MB, "g": GB}[match.group(2).lower()]


def format_size(size: int) -> str:
    return f"{size // GB}g" if size % GB == 0 else f"{size // MB}m"


def machine_memory() -> int:
    return int(psutil.virtual_memory().total)


def recommended_memory(total: int | None = None) -> tuple[str, str]:
    """Heap and page cache for a machine with ``total`` bytes of memory."""
    total = machine_memory() if total is None else total
    quarter = (total // 4) // (256 * MB) * (256 * MB)
    heap = min(max(quarter, GB), 8 * GB)
    pagecache = min(max(quarter, 512 * MB), 8 * GB)
    return format_size(heap), format_size(pagecache)


def default_heap() -> str:
    return os.environ.get("RELGRAPH_HEAP") or recommended_memory()[0]


def default_pagecache() -> str:
    return os.environ.get("RELGRAPH_PAGECACHE") or recommended_memory()[1]


@dataclass(frozen=True)
class ServerConfig:
    home: Path
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = field(default_factory=default_heap)
    pagecache: str = field(default_factory=default_pagecache)
    tx_log_retention: str = (
        "1G size"  # Neo4j's db.tx_log.rotation.retention_policy; "false" keeps only what recovery needs
    )

    def check(self) -> None:
        """Refuse sizes that cannot work before anything starts."""
        heap, pagecache = parse_size(self.heap), parse_size(self.pagecache)
        if not _RETENTION.match(self.tx_log_retention):
            raise UsageError(
                f"--tx-log-retention {self.tx_log_retention!r} is not a retention policy",
                "Write it like '1G size', '2 files', '7 days', or 'false' (only what recovery needs).",
            )
        if heap < 512 * MB:
            raise UsageError(f"--heap {self.heap} is too small: Neo4j needs at least 512m")
        total = machine_memory()
        if heap + pagecache > total * 0.9:
            raise UsageError(
                f"--heap {self.heap} plus --pagecache {self.pagecache} is more than this machine's "
                f"memory ({total / GB:.0f} GB) can give.",
                "Choose smaller sizes.",
            )

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
            f"db.tx_log.rotation.retention_policy={self.tx_log_retention}",
            "db.tx_log.rotation.size=256M",
            "dbms.usage_report.enabled=false",
            "client.allow_telemetry=false",
            # LOAD CSV may read neither local files nor any address on the network.
            "dbms.security.allow_csv_import_from_file_urls=false",
            "internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0",
            # Bolt waits 5 s for its threads and 5 s for its connections when the server stops; every
            # transaction has ended by then (the databases stop first), so 1 s each is plenty.
            "internal.server.bolt.thread_pool_shutdown_wait_time=1s",
            "internal.server.bolt.connection_shutdown_wait_time=1s",
            f"server.directories.data={home / 'data'}",
            f"server.directories.logs={home / 'logs'}",
            f"server.directories.run={home / 'run'}",
            f"server.directories.import={home / 'import'}",
            f"server.directories.plugins={home / 'plugins'}",
        ]
        return "\n".join(lines) + "\n"


def remember(config: ServerConfig) -> None:
    """Keep a start's settings, so an automatic start later uses the same ports and sizes."""
    data = {k: v for k, v in asdict(config).items() if k != "home"}
    write_private(config.home / LAST_CONFIG, json.dumps(data))


def last_config(home: Path) -> ServerConfig | None:
    try:
        data = json.loads((home / LAST_CONFIG).read_text())
        return ServerConfig(home=home, **data)
    except (OSError, ValueError, TypeError):
        return None
