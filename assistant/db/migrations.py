"""The schema, as numbered migrations recorded in ``schema_version``.

Each database is brought up to date the first time a process uses it. Two servers starting at once are
serialised: on PostgreSQL by a transaction-scoped advisory lock, on SQLite by ``BEGIN IMMEDIATE`` (the write
lock); whoever comes second finds the migrations done. A SQLite database of the release before migrations
(the five tables, perhaps without the columns added since, no ``schema_version``) is upgraded in place:
migration 1 creates only what is missing and migration 2 adds only the missing columns, so no row is lost.

Timestamps are text, UTC, ``YYYY-MM-DD HH:MM:SS`` on both backends: it is what the SQLite databases
already hold, it sorts and compares as time, and the code writes it itself (:func:`assistant.db.now`).
The defaults remain for rows inserted without one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import Connection, text

log = logging.getLogger(__name__)

_ADVISORY_KEY = 0x67726E61  # "grna": any fixed number, the same in every server
_NOW = {"sqlite": "(datetime('now'))", "postgresql": "(to_char(timezone('UTC', now()), 'YYYY-MM-DD HH24:MI:SS'))"}
_FLOAT = {"sqlite": "REAL", "postgresql": "DOUBLE PRECISION"}  # PostgreSQL's REAL has 6 digits: no timestamps

FIRST_RELEASE = """
CREATE TABLE IF NOT EXISTS chat_sessions (
    id TEXT PRIMARY KEY, state TEXT NOT NULL, updated TEXT NOT NULL DEFAULT {now});
CREATE TABLE IF NOT EXISTS chat_messages (
    session_id TEXT NOT NULL, seq INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT {now}, PRIMARY KEY (session_id, seq));
CREATE TABLE IF NOT EXISTS unanswered (
    key TEXT PRIMARY KEY, question TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL DEFAULT {now}, last_seen TEXT NOT NULL DEFAULT {now});
CREATE TABLE IF NOT EXISTS admin_sessions (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, created {float} NOT NULL);
CREATE TABLE IF NOT EXISTS assessments (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, answers TEXT NOT NULL, date TEXT,
    created TEXT NOT NULL DEFAULT {now}, updated TEXT NOT NULL DEFAULT {now})
"""

# Columns added after a table was first released (the release before migrations added them as it went).
ADDED_COLUMNS = {"unanswered": [("flags", "TEXT NOT NULL DEFAULT ''")],
                 "assessments": [("undo", "TEXT"),  # the answers before 清空重来, until undone or answered
                                 ("enterprise_name", "TEXT")]}  # 申报单位名称 shown on the reports (optional)


def _first_release(connection: Connection, backend: str) -> None:
    for statement in FIRST_RELEASE.format(now=_NOW[backend], float=_FLOAT[backend]).split(";"):
        connection.exec_driver_sql(statement)


def _added_columns(connection: Connection, backend: str) -> None:
    for table, columns in ADDED_COLUMNS.items():
        if backend == "sqlite":
            present = {row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({table})")}
        else:
            present = set(connection.execute(text(
                "SELECT column_name FROM information_schema.columns WHERE table_name = :t "
                "AND table_schema = current_schema()"), {"t": table}).scalars())
        for name, declaration in columns:
            if name not in present:
                connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")


def _rate_buckets(connection: Connection, backend: str) -> None:
    # Shared token buckets (web/ratelimit.py). On SQLite they stay in their own file, ratelimit.sqlite3:
    # written on every request without waiting for the disk, apart from what people saved.
    if backend == "postgresql":
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS rate_buckets (key TEXT PRIMARY KEY, "
                                   "tokens DOUBLE PRECISION NOT NULL, updated DOUBLE PRECISION NOT NULL, "
                                   "admitted INTEGER NOT NULL DEFAULT 1)")


MIGRATIONS: list[tuple[int, str, Callable[[Connection, str], None]]] = [
    (1, "tables of the first release", _first_release),
    (2, "columns added since: unanswered.flags, assessments.undo, assessments.enterprise_name", _added_columns),
    (3, "rate-limit buckets shared by several servers (PostgreSQL)", _rate_buckets),
]
LATEST = MIGRATIONS[-1][0]


def _version(connection: Connection) -> int:
    return connection.exec_driver_sql("SELECT COALESCE(MAX(version), 0) FROM schema_version").scalar_one()


def current(connection: Connection) -> int | None:
    """The version recorded, or None when there is no version table yet."""
    connection.execution_options(write=False)  # SQLite: a plain BEGIN, no write lock to look
    try:
        with connection.begin():
            return _version(connection)
    except Exception:  # no table yet (the error names it differently on each backend)
        return None


def migrate(connection: Connection, backend: str) -> int:
    """Apply the migrations this database lacks, in one transaction; the version it is at."""
    if current(connection) == LATEST:
        return LATEST  # the usual case: nothing to lock
    connection.execution_options(write=True)  # SQLite: BEGIN IMMEDIATE, the write lock
    with connection.begin():
        if backend == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_KEY})
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                                   f"description TEXT NOT NULL, applied TEXT NOT NULL DEFAULT {_NOW[backend]})")
        version = _version(connection)  # read under the lock: another server may just have migrated
        if version > LATEST:
            log.warning("database schema %s is newer than this release (%s)", version, LATEST)
        for number, description, apply in MIGRATIONS:
            if number > version:
                apply(connection, backend)
                connection.execute(text("INSERT INTO schema_version (version, description) VALUES (:v, :d)"),
                                   {"v": number, "d": description})
                log.info("database migrated to %s: %s", number, description)
        return max(version, LATEST)
