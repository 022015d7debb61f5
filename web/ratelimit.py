"""Rate limits shared by every worker process: a token bucket per client address in a small SQLite
file of the data directory (``ratelimit.sqlite3``, apart from the users' data, kept in memory when
the directory cannot be written). Requests cost what they cost the server: a search 1, a saved
assessment page 2, a PDF report 10; failed staff logins have a bucket of their own."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

FILE = "ratelimit.sqlite3"
_SCHEMA = ("CREATE TABLE IF NOT EXISTS buckets (key TEXT PRIMARY KEY, tokens REAL NOT NULL, "
           "updated REAL NOT NULL, admitted INTEGER NOT NULL DEFAULT 1)")
# One statement: refill by the time since the last request, take the cost if there is enough; the
# write lock makes it atomic across processes. ``admitted`` says which happened.
_TAKE = """
INSERT INTO buckets (key, tokens, updated, admitted) VALUES (:key, :capacity - :cost, :now, 1)
ON CONFLICT(key) DO UPDATE SET
    tokens = CASE WHEN MIN(:capacity, tokens + (:now - updated) * :rate) >= :cost
                  THEN MIN(:capacity, tokens + (:now - updated) * :rate) - :cost
                  ELSE MIN(:capacity, tokens + (:now - updated) * :rate) END,
    admitted = MIN(:capacity, tokens + (:now - updated) * :rate) >= :cost,
    updated = :now
RETURNING tokens, admitted
"""


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"请求过于频繁，请在 {retry_after} 秒后再试")


class Buckets:
    """Token buckets of *capacity* tokens refilled at *capacity* per *period* seconds."""

    def __init__(self, data_dir: Path | None):
        self.path = data_dir / FILE if data_dir is not None else None
        self._local = threading.local()
        self._memory: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, cost: float, capacity: float, period: float) -> None:
        """Take *cost* tokens from *key*'s bucket or raise :class:`RateLimited`."""
        if capacity <= 0:
            return
        rate = capacity / period
        cost = min(cost, capacity)  # a costly request is never refused for ever
        try:
            left = self._take_shared(key, cost, capacity, rate)
        except (sqlite3.Error, OSError) as error:
            log.debug("rate limits kept in this process only: %s", error)
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
            # A full bucket says nothing: forget clients idle for a day (addresses are not kept longer).
            connection.execute("DELETE FROM buckets WHERE updated < ?", (time.time() - 86400,))
            self._local.connection = connection
        return connection

    def _take_shared(self, key: str, cost: float, capacity: float, rate: float) -> float | None:
        tokens, admitted = self._connection().execute(
            _TAKE, {"key": key, "cost": cost, "capacity": capacity, "rate": rate, "now": time.time()}).fetchone()
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
        with contextlib.suppress(sqlite3.Error, OSError):
            self._connection().execute("DELETE FROM buckets WHERE key = ?", (key,))
        with self._lock:
            self._memory.pop(key, None)
