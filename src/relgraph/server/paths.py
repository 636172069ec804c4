"""Where the managed server's files live, and the checks that keep other users out of them.

Jars: ``$RELGRAPH_CACHE_DIR``, else the user cache folder (platformdirs: ``~/.cache/relgraph``).
Server home (config, data, logs, password): ``$RELGRAPH_DATA_DIR``, else the user data folder
(``~/.local/share/relgraph/server``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

from ..core.errors import ServerError

NEO4J_VERSION = "5.26.29"
BROWSER_VERSION = "5.24.0"


def cache_dir() -> Path:
    override = os.environ.get("RELGRAPH_CACHE_DIR")
    return Path(override).expanduser() if override else Path(platformdirs.user_cache_dir("relgraph"))


def data_dir() -> Path:
    override = os.environ.get("RELGRAPH_DATA_DIR")
    return Path(override).expanduser() if override else Path(platformdirs.user_data_dir("relgraph")) / "server"


def lib_dir(version: str = NEO4J_VERSION) -> Path:
    return cache_dir() / f"neo4j-{version}" / "lib"


def password_file(home: Path) -> Path:
    return home / "password"


def check_private(path: Path, what: str) -> None:
    """Refuse a file or folder that another user owns or may write, or that is a symlink.

    Neo4j runs with the current user's rights and reads its config, plugins and data from here:
    anyone else who can write there can make it run their code.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise ServerError(
            f"{what} {path} is a symbolic link; relgraph does not follow links in the server's folder.",
            "Remove the link (or choose another folder with RELGRAPH_DATA_DIR).",
        )
    if info.st_uid != os.getuid():
        raise ServerError(
            f"{what} {path} belongs to another user (uid {info.st_uid}), not to you (uid {os.getuid()}).",
            "Use a folder of your own (RELGRAPH_DATA_DIR), or fix its owner.",
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise ServerError(
            f"{what} {path} may be written by other users (mode {stat.S_IMODE(info.st_mode):o}).",
            f"Make it private first: chmod go-w {path}",
        )


def check_ancestors(home: Path) -> None:
    """Every folder above the home must be yours or root's, and writable by others only if sticky (as
    /tmp is): whoever may rename entries in a parent can swap the whole server folder for their own."""
    for parent in home.absolute().parents:
        try:
            info = os.stat(parent)
        except OSError:
            continue  # not there yet: created by this user
        if info.st_uid not in (os.getuid(), 0):
            raise ServerError(
                f"The folder {parent}, which holds the server folder {home}, belongs to another user "
                f"(uid {info.st_uid}); they could replace the server folder.",
                "Use a folder of your own (RELGRAPH_DATA_DIR).",
            )
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not info.st_mode & stat.S_ISVTX:
            raise ServerError(
                f"The folder {parent}, which holds the server folder {home}, may be written by other "
                f"users (mode {stat.S_IMODE(info.st_mode):o}); they could replace the server folder.",
                f"Make it private (chmod go-w {parent}) or choose another folder with RELGRAPH_DATA_DIR.",
            )


def check_home(home: Path) -> None:
    """The server home, the folders above it, its folders and the files in its config, plugins and run
    folders must all be private to you."""
    check_ancestors(home)
    check_private(home, "The server folder")
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        check_private(home / sub, "The server folder")
    for folder in ("conf", "plugins", "run"):
        if (home / folder).is_dir():
            for entry in (home / folder).iterdir():
                check_private(entry, "The file")
    check_private(password_file(home), "The password file")


def make_private_dirs(home: Path) -> None:
    """Create the home and its folders (mode 0700), refusing ones that are not yours."""
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (home / sub).mkdir(exist_ok=True, mode=0o700)
    check_home(home)


def write_private(path: Path, text: str, mode: int = 0o600) -> None:
    """Write a file without following a symlink at its place, readable by you alone."""
    check_private(path.parent, "The folder")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, mode)
    except OSError as exc:
        raise ServerError(
            f"Cannot write {path}: {exc.strerror}.",
            "If it is a symbolic link, remove it; relgraph does not follow links there.",
        ) from None
    with os.fdopen(fd, "w") as handle:
        os.fchmod(handle.fileno(), mode)
        handle.write(text)
