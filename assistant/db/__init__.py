"""The one storage layer for everything the assistant writes while it runs: chat sessions and transcripts,
the unanswered-question log, saved self-assessments, staff sessions (and, on PostgreSQL, the rate-limit
buckets). Nothing here is needed to rebuild the knowledge base.

Where it lives is set by ``ASSISTANT_DATABASE_URL``: unset, a SQLite file in the data directory
(``assistant.sqlite3``, WAL, mode 0600, created on first use); ``postgresql://…``, a PostgreSQL shared by
several app servers. SQLAlchemy Core with the stdlib sqlite3 or psycopg 3 underneath; see
:mod:`.session` for how stores use it and :mod:`.migrations` for the schema.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .engine import DB_FILE, URL_VARIABLE, Database, bind, db_path, dispose_all, locate, parse_url
from .health import backend, storage_warning
from .migrations import ADDED_COLUMNS
from .session import Db, Error, ago, now, transaction

__all__ = ["ADDED_COLUMNS", "DB_FILE", "URL_VARIABLE", "Database", "Db", "Error", "ago", "backend", "bind",
           "close_thread_connections", "connect", "db_path", "exists", "locate", "now", "parse_url",
           "storage_warning", "transaction"]


def exists(data_dir: Path) -> bool:
    """Whether anything can be stored yet: the SQLite file exists, or the database is PostgreSQL."""
    return locate(data_dir).exists()


def connect(data_dir: Path) -> sqlite3.Connection:
    """A plain ``sqlite3`` connection to the SQLite file of *data_dir*, schema in place: for tests and
    repairs by hand. The application goes through :func:`transaction`."""
    with transaction(data_dir):
        pass  # creates the file (0600) and migrates it
    connection = sqlite3.connect(db_path(data_dir), timeout=5)
    connection.row_factory = sqlite3.Row
    return connection


def close_thread_connections() -> None:
    """Close every pooled connection (before gunicorn forks its workers: none may cross the fork)."""
    dispose_all(close=True)
