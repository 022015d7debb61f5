"""Rate limits shared by every worker process and every server: a token bucket per client address.

With the SQLite default the buckets are a small file of the data directory (``ratelimit.sqlite3``): written
on every request without waiting for the disk (losing the last second of counts is harmless), and apart
from what people saved. With ``ASSISTANT_DATABASE_URL`` they are the ``rate_buckets`` table of the shared
PostgreSQL, so that a client is counted once however the load balancer spreads its requests. Either way one
upsert statement takes the tokens, atomic across processes and servers; when the store cannot be used the
buckets are kept in this process's memory. Requests cost what they cost the server: a search 1, a saved
assessment page 2, a PDF report 10; failed staff logins have a bucket of their own."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

from assistant import db
from assistant.errors import ReadOnlyError

log = logging.getLogger(__name__)

FILE = "ratelimit.sqlite3"
_SCHEMA = ("CREATE TABLE IF NOT EXISTS buckets (key TEXT PRIMARY KEY, tokens REAL NOT NULL, "
           "updated REAL NOT NULL, admitted INTEGER NOT NULL DEFAULT 1)")
# One statement: refill by the time since the last request, take the cost if there is enough; the
# row's write lock makes it atomic across processes (SQLite) and servers (PostgreSQL, where the conflicting
# insert waits for the row and then sees its latest version). ``admitted`` says which happened.
_TAKE = """
INSERT INTO {table} (key, tokens, updated, admitted) VALUES (:key, :capacity - :cost, :now, 1)
ON CONFLICT(key) DO UPDATE SET
    tokens = CASE WHEN {least}(:capacity, {table}.tokens + (:now - {table}.updated) * :rate) >= :cost
                  THEN {least}(:capacity, {table}.tokens + (:now - {table}.updated) * :rate) - :cost
                  ELSE {least}(:capacity, {table}.tokens + (:now - {table}.updated) * :rate) END,
    admitted = CASE WHEN {least}(:capacity, {table}.tokens + (:now - {table}.updated) * :rate) >= :cost
                    THEN 1 ELSE 0 END,
    updated = :now
RETURNING tokens, admitted
"""
_TAKE_SQLITE = _TAKE.format(table="buckets", least="MIN")
_TAKE_POSTGRESQL = _TAKE.format(table="rate_buckets", least="LEAST")
RETRY_SHARED = 30.0  # seconds before a shared store that failed is tried again
IDLE = 86400  # a full bucket says nothing: clients idle for a day are forgotten (addresses are not kept longer)


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"请求过于频繁，请在 {retry_after} 秒后再试")


class Buckets:
    """Token buckets of *capacity* tokens refilled at *capacity* per *period* seconds."""

    def __init__(self, data_dir: Path | None):
        self.data_dir = data_dir
        self.path = data_dir / FILE if data_dir is not None else None
        self._local = threading.local()
        self._shared: bool | None = None  # whether the buckets are in the shared PostgreSQL
        self._swept = False  # PostgreSQL: idle buckets deleted once by this process
        self._shared_down_until = 0.0  # PostgreSQL failed: counted in memory until then
        self._memory: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, cost: float, capacity: float, period: float) -> None:
        """Take *cost* tokens from *key*'s bucket or raise :class:`RateLimited`."""
        if capacity <= 0:
            return
        rate = capacity / period
        cost = min(cost, capacity)  # a costly request is never refused for ever
        if time.monotonic() < self._shared_down_until:
            left = self._take_local(key, cost, capacity, rate)
        else:
            try:
                left = self._take_shared(key, cost, capacity, rate)
            except (sqlite3.Error, OSError, ReadOnlyError, db.Error) as error:
                log.debug("rate limits kept in this process only: %s", error)
                if self._postgresql():
                    # A database that does not answer would make every search wait for the connect timeout.
                    self._shared_down_until = time.monotonic() + RETRY_SHARED
                left = self._take_local(key, cost, capacity, rate)
        if left is not None:
            raise RateLimited(max(1, int((cost - left) / rate) + 1))

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            if self.path is None:
                raise sqlite3.OperationalError("no data directory")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))  # client addresses: the server's only
            connection = sqlite3.connect(self.path, timeout=2, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")  # counters: losing the last second is harmless
            connection.execute(_SCHEMA)
            connection.execute("DELETE FROM buckets WHERE updated < ?", (time.time() - IDLE,))
            self._local.connection = connection
        return connection

    def _postgresql(self) -> bool:
        if self._shared is None:  # asked on the first request, after the app has bound its database
            self._shared = self.data_dir is not None and db.backend(self.data_dir) == "postgresql"
        return self._shared

    def _take_shared(self, key: str, cost: float, capacity: float, rate: float) -> float | None:
        values = {"key": key, "cost": cost, "capacity": capacity, "rate": rate, "now": time.time()}
        if self._postgresql():
            with db.transaction(self.data_dir) as shared:
                if not self._swept:
                    shared.execute("DELETE FROM rate_buckets WHERE updated < :old", {"old": values["now"] - IDLE})
                    self._swept = True
                tokens, admitted = shared.execute(_TAKE_POSTGRESQL, values).fetchone()
        else:
            tokens, admitted = self._connection().execute(_TAKE_SQLITE, values).fetchone()
        return None if admitted else tokens

    def _take_local(self, key: str, cost: float, capacity: float, rate: float) -> float | None:
        now = time.monotonic()
        with self._lock:
            tokens, updated = self._memory.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - updated) * rate)
            admitted = tokens >= cost
            self._memory[key] = (tokens - cost if admitted else tokens, now)
            if len(self._memory) > 10_000:  # forget the oldest clients so the table cannot grow without bound
                for old in sorted(self._memory, key=lambda k: self._memory[k][1])[:5_000]:
                    del self._memory[old]
        return None if admitted else tokens

    def clear(self, key: str) -> None:
        """Forget *key*'s bucket (a staff member who logged in is no longer throttled)."""
        with contextlib.suppress(sqlite3.Error, OSError, ReadOnlyError, db.Error):
            if self._postgresql():
                with db.transaction(self.data_dir) as shared:
                    shared.execute("DELETE FROM rate_buckets WHERE key = :key", {"key": key})
            else:
                self._connection().execute("DELETE FROM buckets WHERE key = ?", (key,))
        with self._lock:
            self._memory.pop(key, None)
