"""SQLite in the data directory: one database file, WAL mode, created on
first use. Holds chat sessions, the unanswered-question log and saved
self-assessment answers; nothing here is needed to rebuild the knowledge base."""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ReadOnlyError

DB_FILE = "assistant.sqlite3"
log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS chat_sessions (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS chat_messages (
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (session_id, seq)
);
CREATE TABLE IF NOT EXISTS unanswered (
    key TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL DEFAULT (datetime('now')),
    last_seen TEXT NOT NULL DEFAULT (datetime('now')),
    flags TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS admin_sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS assessments (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    answers TEXT NOT NULL,
    date TEXT,
    created TEXT NOT NULL DEFAULT (datetime('now')),
    updated TEXT NOT NULL DEFAULT (datetime('now'))
);
"""


def db_path(data_dir: Path) -> Path:
    return data_dir / DB_FILE


def connect(data_dir: Path, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the schema in place. WAL keeps every committed write
    across a crash and lets readers run while one writer writes."""
    path = db_path(data_dir)
    try:
        if readonly:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            # Only the server's user reads what callers and applicants wrote (SQLite gives its -wal and
            # -shm files the database file's mode).
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            connection = sqlite3.connect(path, timeout=5)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(SCHEMA)
            _add_missing_columns(connection)
    except (sqlite3.OperationalError, OSError) as error:
        log.warning("cannot open %s: %s", path, error)
        raise ReadOnlyError("暂时无法写入数据（存储不可写或已满）") from error
    connection.row_factory = sqlite3.Row
    return connection


# Columns added after a table was first released: CREATE TABLE IF NOT EXISTS leaves an older
# database as it was, so each is added once where it is missing (SQLite has no ADD COLUMN IF NOT EXISTS).
ADDED_COLUMNS = {"unanswered": [("flags", "TEXT NOT NULL DEFAULT ''")],
                 "assessments": [("undo", "TEXT")]}  # the answers before 清空重来, until undone or answered


def _add_missing_columns(connection: sqlite3.Connection) -> None:
    for table, columns in ADDED_COLUMNS.items():
        present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        for name, declaration in columns:
            if name not in present:
                try:
                    connection.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")
                except sqlite3.OperationalError as error:
                    if "duplicate column" not in str(error):  # another process added it first
                        raise


_LOCAL = threading.local()


@contextmanager
def transaction(data_dir: Path) -> Iterator[sqlite3.Connection]:
    """A per-thread connection, reused across calls, inside one transaction.

    Opening a connection and checking the schema on every request costs more
    than the query itself, so each thread keeps its own open connection.
    """
    connections = getattr(_LOCAL, "connections", None)
    if connections is None:
        connections = _LOCAL.connections = {}
    key = str(db_path(data_dir))
    connection = connections.get(key)
    if connection is None or not db_path(data_dir).exists():
        if connection is not None:
            connection.close()
        connection = connections[key] = connect(data_dir)
    try:
        with connection:
            yield connection
    except sqlite3.OperationalError as error:
        connections.pop(key, None)
        connection.close()
        if _STORAGE_FAILURES.search(str(error)):
            # A full disk or a file turned read-only: the change was not saved and the caller is told so
            # (503), and /api/status says so for a while.
            _FAILED[key] = time.time()
            log.warning("write failed in %s: %s", data_dir, error)
            raise ReadOnlyError("暂时无法写入数据（存储不可写或已满）") from error
        raise
    except sqlite3.DatabaseError:
        connections.pop(key, None)
        connection.close()
        raise


_STORAGE_FAILURES = re.compile(r"full|readonly|read-only|disk I/O|unable to open", re.IGNORECASE)
_FAILED: dict[str, float] = {}  # database path → when a write last failed for want of storage
RECENT = 600  # seconds a failed write is reported by ``storage_warning``
LOW_SPACE = 50 * 1024 * 1024


def storage_warning(data_dir: Path) -> str | None:
    """Why saving may fail now (a recent failed write, a read-only directory, little free space), or None."""
    failed = _FAILED.get(str(db_path(data_dir)))
    if failed is not None and time.time() - failed < RECENT:
        return "最近有数据写入失败（存储不可写或已满），自评和会话暂时无法保存"
    target = data_dir if data_dir.exists() else data_dir.parent
    if target.exists() and not os.access(target, os.W_OK):
        return "数据目录不可写，自评和会话暂时无法保存"
    try:
        free = shutil.disk_usage(target).free if target.exists() else None
    except OSError:
        return None
    if free is not None and free < LOW_SPACE:
        return f"数据目录所在磁盘剩余空间不足（{free // (1024 * 1024)} MB），自评和会话可能无法保存"
    return None


def close_thread_connections() -> None:
    for connection in getattr(_LOCAL, "connections", {}).values():
        connection.close()
    _LOCAL.connections = {}
