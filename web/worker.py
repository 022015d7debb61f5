"""The gunicorn worker the server runs: gevent's, with a deadline on each connection.

gevent's workers wait for sockets cooperatively, so a slow client (a request sent a byte at a time, an
answer never read) holds a greenlet, not one of a few threads. Connections are not kept alive: a worker
takes a new connection only when it is free, so the two workers share the load evenly instead of
serving the clients each happened to accept (bench/README.md, Load). Without keep-alive gunicorn sets no
deadline on reading a request; this worker sets one on the whole connection, so that slow clients cannot
pile up either. It also decides how the worker waits for PostgreSQL (:func:`brief_postgresql_waits`)."""

from __future__ import annotations

import types

import gevent
import gevent.monkey
import gevent.select
from gunicorn.workers.ggevent import GeventWorker

CONNECTION_DEADLINE = 30  # seconds from accepting a connection to closing it; answers take milliseconds


class DeadlineGeventWorker(GeventWorker):
    def patch(self):
        super().patch()
        brief_postgresql_waits()

    def handle(self, listener, client, addr):
        # On expiry the greenlet leaves handle(), whose own clean-up closes the socket.
        with gevent.Timeout(CONNECTION_DEADLINE, False):
            super().handle(listener, client, addr)


BRIEF_WAIT_MS = 2  # how long a worker may block for PostgreSQL before letting other requests run


def brief_postgresql_waits() -> None:
    """How a worker waits for PostgreSQL. Imported after gevent's patching, psycopg yields on every round
    trip; on a busy worker the request then waits behind every other ready request each time (an
    unanswered question, four round trips, took 200 ms instead of 23 on SQLite). Imported before it (the
    preloaded app), psycopg blocks the whole worker for as long as a wait lasts (a lock held on the other
    server, say). So: block briefly, then yield (bench/README.md, Load on two servers)."""
    import select

    try:
        import psycopg.waiting as waiting
    except ImportError:  # no libpq on this machine: a server on SQLite must still start
        return
    names = {name: getattr(select, name) for name in dir(select) if not name.startswith("_")}
    waiting.select = types.SimpleNamespace(**{**names, "poll": _BriefThenCooperativePoll})
    waiting.wait = waiting.wait_poll


class _BriefThenCooperativePoll:
    """``select.poll`` for psycopg: the first BRIEF_WAIT_MS blocking (a quick answer comes back at once),
    the rest of the wait cooperative (a slow one lets the worker's other requests run)."""

    def __init__(self):
        self._blocking = gevent.monkey.get_original("select", "poll")()
        self._cooperative = gevent.select.poll()

    def register(self, fd, mask):
        self._blocking.register(fd, mask)
        self._cooperative.register(fd, mask)

    def modify(self, fd, mask):
        self._blocking.modify(fd, mask)
        self._cooperative.modify(fd, mask)

    def unregister(self, fd):
        self._blocking.unregister(fd)
        self._cooperative.unregister(fd)

    def poll(self, timeout=None):
        forever = timeout is None or timeout < 0
        brief = BRIEF_WAIT_MS if forever else min(timeout, BRIEF_WAIT_MS)
        events = self._blocking.poll(brief)
        if events or (not forever and timeout <= BRIEF_WAIT_MS):
            return events
        return self._cooperative.poll(None if forever else timeout - BRIEF_WAIT_MS)
