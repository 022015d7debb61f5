"""A transaction on a data directory's database, in the form every store uses.

``with transaction(data_dir) as db: db.execute(sql, params)`` takes a pooled connection, brings the schema
up to date the first time, and commits at the end (rolls back on an error). SQL is written once for both
backends: ``:name`` or ``?`` parameters, upserts (``ON CONFLICT … DO UPDATE``, ``RETURNING``), timestamps
from :func:`now`; rows answer to ``row["column"]`` and ``row[0]``. Where a transaction reads before it
writes, ``db.lock(…)`` / ``db.for_update`` keep another server from writing in between (SQLite needs
neither: a writing transaction holds the database's write lock from its start).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ..errors import ReadOnlyError
from . import migrations
from .engine import Database, locate

log = logging.getLogger(__name__)
Error = SQLAlchemyError  # what a store catches when the database fails in a way it can ride out
_STORAGE_FAILURES = re.compile(r"full|readonly|read-only|disk I/O|unable to open|no space left|DiskFull",
                               re.IGNORECASE)
FAILED: dict[str, float] = {}  # database → when a write last failed for want of storage


def now() -> str:
    """The time as every table stores it: UTC, ``YYYY-MM-DD HH:MM:SS``."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def ago(days: float, since: str | None = None) -> str:
    """The timestamp *days* before *since* (default: now), in the stored form."""
    start = dt.datetime.strptime(since, "%Y-%m-%d %H:%M:%S") if since else dt.datetime.now(dt.UTC)
    return (start - dt.timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")


class Row(tuple):
    """A result row by position and by column name (``dict(row)`` works, as with ``sqlite3.Row``)."""

    def __new__(cls, values, names):
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


class Result:
    def __init__(self, result):
        self._result = result
        self.rowcount = result.rowcount
        self._names = tuple(result.keys()) if result.returns_rows else ()

    def fetchone(self) -> Row | None:
        row = self._result.fetchone()
        return None if row is None else Row(row, self._names)

    def fetchall(self) -> list[Row]:
        return [Row(row, self._names) for row in self._result.fetchall()]

    def __iter__(self):
        return iter(self.fetchall())


_QMARK = re.compile(r"\?")


class Db:
    """The transaction's connection, with the portable helpers."""

    def __init__(self, connection: Connection, database: Database):
        self.connection, self.backend = connection, database.backend
        # Appended to a SELECT that reads a row the transaction will rewrite.
        self.for_update = " FOR UPDATE" if self.backend == "postgresql" else ""

    def execute(self, sql: str, params=()) -> Result:
        if isinstance(params, (tuple, list)):
            names = iter(range(len(params)))
            sql = _QMARK.sub(lambda _: f":p{next(names)}", sql)
            params = {f"p{i}": value for i, value in enumerate(params)}
        return Result(self.connection.execute(text(sql), params))

    def lock(self, name: str) -> None:
        """Hold *name* until the transaction ends, against every server (PostgreSQL); a no-op on SQLite."""
        if self.backend == "postgresql":
            self.connection.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:n, 0))"), {"n": name})


def _open(database: Database, write: bool) -> Connection:
    if database.path is not None and not database.path.exists():
        database.engine.dispose()  # the data directory was deleted: pooled connections point at nothing
        database.migrated = False
        database.path.parent.mkdir(parents=True, exist_ok=True)
        # Only the server's user reads what callers and applicants wrote (SQLite gives its -wal and
        # -shm files the database file's mode).
        os.close(os.open(database.path, os.O_CREAT | os.O_WRONLY, 0o600))
    connection = database.engine.connect()
    try:
        if not database.migrated:
            with database.lock:
                if not database.migrated:
                    migrations.migrate(connection, database.backend)
                    database.migrated = True
    except BaseException:
        connection.close()
        raise
    return connection.execution_options(write=write)


@contextmanager
def transaction(data_dir: Path, write: bool = True) -> Iterator[Db]:
    """One transaction on *data_dir*'s database. ``write=False`` for reading only: on SQLite it does not
    wait for the write lock. A store that cannot be written raises :class:`ReadOnlyError` (→ 503)."""
    database = locate(data_dir)
    try:
        connection = _open(database, write)
    except (OSError, DBAPIError, PoolTimeout) as error:  # PoolTimeout: every pooled connection busy for 10 s
        raise _unavailable(database, error, "cannot open") from error
    try:
        with connection, connection.begin():
            yield Db(connection, database)
    except OperationalError as error:
        if _STORAGE_FAILURES.search(str(error.orig)) or database.backend == "postgresql":
            raise _unavailable(database, error, "write failed") from error
        raise


def _unavailable(database: Database, error: Exception, what: str) -> ReadOnlyError:
    # A full disk, a file turned read-only, PostgreSQL gone: the change was not saved and the caller is
    # told so (503), and /api/status says so for a while.
    FAILED[database.key] = time.time()
    log.warning("%s in %s: %s", what, database.backend, error)
    if database.backend == "postgresql" and not _STORAGE_FAILURES.search(str(error)):
        return ReadOnlyError("暂时无法写入数据（数据库暂时无法连接）")
    return ReadOnlyError("暂时无法写入数据（存储不可写或已满）")
