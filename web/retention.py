"""Purging expired data while serving (:mod:`assistant.retention`), at most once per interval.

No timer thread is started with the app: under gunicorn the app is made before the workers fork, and a
thread does not survive the fork (nor may a database connection cross it). Instead a request that comes
after the interval starts a short background thread, so no request waits for the purge. Each worker
process checks on its own; a stamp file in the data directory (its modification time) tells the others
that a purge was done recently, and should two purge at once, deleting what has expired twice is harmless.
Several servers sharing one PostgreSQL each have their own data directory and stamp, so each purges once an
interval; that is the same harmless repetition.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from flask import Flask

from assistant import db, retention
from assistant.config import Settings
from assistant.errors import ReadOnlyError

log = logging.getLogger(__name__)
STAMP_FILE = "last-purge"


class Purger:
    def __init__(self, settings: Settings, interval: float, clock: Callable[[], float] = time.monotonic):
        self.settings, self.interval, self.clock = settings, interval, clock
        self.runs = 0  # purges this process did (the tests look)
        self._due = 0.0  # the first request checks
        self._paused = 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def stamp(self) -> Path:
        return self.settings.data_dir / STAMP_FILE

    def poke(self) -> None:
        """Called on every request: start a purge in the background if one is due. Cheap when not."""
        if self._paused or self.clock() < self._due:
            return
        if not self._lock.acquire(blocking=False):
            return  # another request of this process is starting it
        try:
            if self._paused or self.clock() < self._due or (self._thread and self._thread.is_alive()):
                return
            self._due = self.clock() + self.interval
            self._thread = threading.Thread(target=self.run, name="assistant-purge", daemon=True)
            self._thread.start()
        finally:
            self._lock.release()

    def run(self) -> bool:
        """Purge unless another process did within the interval; whether this one did."""
        if not db.exists(self.settings.data_dir):
            return False  # nothing stored yet, and a purge must not create the database
        try:
            recent = time.time() - self.stamp.stat().st_mtime < self.interval
        except OSError:
            recent = False  # never purged
        if recent:
            return False
        try:
            self.stamp.touch()  # claimed before purging, so that workers checking meanwhile skip
            retention.purge(self.settings)
        except (ReadOnlyError, db.Error, OSError) as error:
            # The next interval tries again; serving goes on either way.
            log.warning("could not purge expired data: %s", error)
            return False
        self.runs += 1
        return True

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """No purge while inside (the warm-up's requests, before the workers fork)."""
        self._paused += 1
        try:
            self.wait()
            yield
        finally:
            self._paused -= 1


def init_app(app: Flask) -> None:
    """Purge from requests every ``PURGE_INTERVAL`` seconds (0: never; tests set it to ask for it)."""
    interval = app.config.get("PURGE_INTERVAL", 0)
    if not interval:
        return
    purger = app.extensions["assistant_purger"] = Purger(app.config["ASSISTANT_SETTINGS"], interval)
    app.before_request(purger.poke)


def paused(app: Flask):
    """:meth:`Purger.paused` for *app*, or nothing to pause when it does not purge."""
    purger = app.extensions.get("assistant_purger")
    return purger.paused() if purger else nullcontext()
