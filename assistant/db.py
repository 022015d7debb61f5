"""SQLite in the data directory: one database file, WAL mode, created on
first use. Holds chat sessions, the unanswered-question log and saved
self-assessment answers; nothing here is needed to rebuild the knowledge base."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
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
    last_seen TEXT NOT NULL DEFAULT (datetime('now'))
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
    except (sqlite3.OperationalError, OSError) as error:
        log.warning("cannot open %s: %s", path, error)
        raise ReadOnlyError("暂时无法写入数据（存储不可写或已满）") from error
    connection.row_factory = sqlite3.Row
    return connection


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
    except sqlite3.DatabaseError:
        connections.pop(key, None)
        connection.close()
        raise


def close_thread_connections() -> None:
    for connection in getattr(_LOCAL, "connections", {}).values():
        connection.close()
    _LOCAL.connections = {}
