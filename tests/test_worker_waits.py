"""How a gevent worker waits for PostgreSQL (web/worker.py): briefly blocking, then letting the worker's
other requests run. Checked in a child process, where gevent may patch everything."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import gevent.monkey
    gevent.monkey.patch_all()
    import socket, time, gevent
    import psycopg.waiting as waiting
    from web.worker import BRIEF_WAIT_MS, brief_postgresql_waits

    brief_postgresql_waits()
    assert waiting.wait is waiting.wait_poll
    ours, theirs = socket.socketpair()
    poll = waiting.select.poll()
    poll.register(ours.fileno(), waiting.select.POLLIN)

    # An answer already there comes back at once, without giving the CPU away.
    theirs.send(b"x")
    assert poll.poll(100)
    ours.recv(1)

    # A slow answer: after the brief block, the worker's other requests run while it waits.
    ran = []
    gevent.get_hub().loop.update_now()  # the loop's clock stood still while the app was imported
    other = gevent.spawn(lambda: ran.append(time.monotonic()))
    gevent.spawn_later(0.05, theirs.send, b"y")
    started = time.monotonic()
    assert poll.poll(1000), "the answer that came after 50 ms was missed"
    waited = time.monotonic() - started
    assert ran and ran[0] - started < 0.05, "nothing else ran while waiting"
    assert 0.04 < waited < 0.5, waited
    ours.recv(1)

    # Nothing comes: the timeout holds.
    started = time.monotonic()
    assert not poll.poll(30)
    assert 0.02 < time.monotonic() - started < 0.3
    other.join()
    print("ok", BRIEF_WAIT_MS)
""")


def test_a_worker_blocks_briefly_then_lets_other_requests_run():
    from tests.conftest import PROJECT_ROOT

    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok")
