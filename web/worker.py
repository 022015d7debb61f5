"""The gunicorn worker the server runs: gevent's, with a deadline on each connection.

gevent's workers wait for sockets cooperatively, so a slow client (a request sent a byte at a time, an
answer never read) holds a greenlet, not one of a few threads. Connections are not kept alive: a worker
takes a new connection only when it is free, so the two workers share the load evenly instead of
serving the clients each happened to accept (bench/README.md, Load). Without keep-alive gunicorn sets no
deadline on reading a request; this worker sets one on the whole connection, so that slow clients cannot
pile up either."""

from __future__ import annotations

import gevent
from gunicorn.workers.ggevent import GeventWorker

CONNECTION_DEADLINE = 30  # seconds from accepting a connection to closing it; answers take milliseconds


class DeadlineGeventWorker(GeventWorker):
    def handle(self, listener, client, addr):
        # On expiry the greenlet leaves handle(), whose own clean-up closes the socket.
        with gevent.Timeout(CONNECTION_DEADLINE, False):
            super().handle(listener, client, addr)
