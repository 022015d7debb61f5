"""Which database a data directory's state lives in, and one SQLAlchemy engine per database.

The stores address the database by the data directory (as they always have); ``bind`` says once, at start,
which database that means. Without ``ASSISTANT_DATABASE_URL`` it is the SQLite file in the data directory;
with ``postgresql://…`` it is a shared PostgreSQL, so that several app servers behind a load balancer see
the same assessments, conversations, logs, staff sessions and rate limits.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, make_url

from ..errors import ConfigError

DB_FILE = "assistant.sqlite3"
URL_VARIABLE = "ASSISTANT_DATABASE_URL"
_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def db_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_FILE


def parse_url(url: str) -> URL:
    """*url* as SQLAlchemy's URL for psycopg 3; a clear error for anything but PostgreSQL."""
    if not url.startswith(_SCHEMES):
        raise ConfigError(f"环境变量 {URL_VARIABLE} 应以 postgresql:// 开头（不设置则使用数据目录中的 SQLite）",
                          URL_VARIABLE)
    return make_url("postgresql+psycopg://" + url.split("://", 1)[1])


@dataclass
class Database:
    """One database: its engine, what kind it is, and (SQLite) the file, which may be deleted at any time."""

    key: str
    backend: str  # "sqlite" or "postgresql"
    engine: Engine
    path: Path | None = None
    migrated: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def exists(self) -> bool:
        """Whether anything is stored yet (a purge or the serve warm-up must not create the SQLite file)."""
        return self.path is None or self.path.exists()


_BOUND: dict[str, str | None] = {}  # data directory → database URL (None: its SQLite file)
_DATABASES: dict[str, Database] = {}
_LOCK = threading.Lock()


def bind(data_dir: Path, url: str | None) -> None:
    """The state of *data_dir* lives in *url* (None or empty: the SQLite file in *data_dir*)."""
    if url:
        parse_url(url)  # refused at start, not at the first save
    _BOUND[str(Path(data_dir).resolve())] = url or None


def locate(data_dir: Path) -> Database:
    """The database of *data_dir*: as bound, else as ``ASSISTANT_DATABASE_URL`` says (the command line)."""
    key = str(Path(data_dir).resolve())
    url = _BOUND[key] if key in _BOUND else (os.environ.get(URL_VARIABLE) or None)
    name = url or str(db_path(Path(key)))
    database = _DATABASES.get(name)
    if database is None:
        with _LOCK:
            database = _DATABASES.get(name)
            if database is None:
                database = _DATABASES[name] = _postgresql(name, url) if url else _sqlite(name, db_path(Path(key)))
    return database


def _sqlite(key: str, path: Path) -> Database:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 5}, pool_size=8, max_overflow=24)

    @event.listens_for(engine, "connect")
    def configure(dbapi_connection, _record):
        # SQLAlchemy issues BEGIN itself (below): the driver's own transaction handling would start
        # a deferred transaction that cannot wait for the write lock.
        dbapi_connection.isolation_level = None
        # WAL keeps every committed write across a crash and lets readers run while one writer writes.
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def begin(connection):
        # A writing transaction takes the write lock at once (waiting up to the timeout), so that what it
        # reads cannot change before it writes: the JSON merges read, merge in Python and write.
        write = connection.get_execution_options().get("write", True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return Database(key, "sqlite", engine, path=path)


def _postgresql(key: str, url: str) -> Database:
    # pre_ping: a server restarted or a connection cut by a proxy is noticed before a request uses it.
    # A fixed pool: more requests than connections wait for one (up to pool_timeout) rather than open and
    # close connections beyond it, each of which costs PostgreSQL a new backend process.
    engine = create_engine(parse_url(url), pool_pre_ping=True, pool_size=10, max_overflow=0, pool_timeout=10,
                           connect_args={"connect_timeout": 5})
    return Database(key, "postgresql", engine)


def dispose_all(close: bool = True) -> None:
    """Forget every pooled connection: before forking workers (*close*), or in a child after a fork (a
    connection must not be shared by two processes; the child must not close the parent's)."""
    for database in list(_DATABASES.values()):
        database.engine.dispose(close=close)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=lambda: dispose_all(close=False))
