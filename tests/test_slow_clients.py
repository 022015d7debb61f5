"""Slow clients cannot starve the server: fifty connections that send their request a byte at a time
(slowloris) or never read their answer hold no worker thread while normal requests keep being served."""

from __future__ import annotations

import shutil
import socket
import statistics
import threading
import time
import urllib.request

import pytest

from tests.live import LiveServer
from tests.test_faults import CORPUS, KB

SLOW = 50


@pytest.fixture
def server(tmp_path):
    corpus, kb = tmp_path / "corpus", tmp_path / "kb"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(KB, kb)
    live = LiveServer(tmp_path / "instance", corpus, kb, workers=2).start()
    yield live
    live.stop()


def _trickle(port: int, stop: threading.Event, opened: list) -> None:
    """Open a connection and send a request's headers one byte a second, never finishing."""
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return
    opened.append(sock)
    request = b"GET /api/search?q=%E5%85%AC%E7%A4%BA HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
    for byte in request:
        if stop.wait(1.0):
            break
        try:
            sock.send(bytes([byte]))
        except OSError:
            break


def _timed_get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def test_fifty_slow_connections_do_not_starve_normal_requests(server):
    url = f"{server.base}/api/search?q=%E5%85%AC%E7%A4%BA"
    for _ in range(5):
        _timed_get(url)  # warm
    stop, opened = threading.Event(), []
    slow = [threading.Thread(target=_trickle, args=(server.port, stop, opened), daemon=True) for _ in range(SLOW)]
    for thread in slow:
        thread.start()
    try:
        time.sleep(3)  # every slow connection has started its request
        assert len(opened) >= SLOW * 0.9
        latencies = sorted(_timed_get(url) for _ in range(100))
    finally:
        stop.set()
        for sock in opened:
            sock.close()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    assert p99 < 200, f"p50 {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms with {SLOW} slow clients"


def test_a_client_that_never_finishes_its_request_is_cut_off(server):
    """The header of a request has a deadline: a connection still sending it is closed."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=60)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    started = time.monotonic()
    closed = False
    while time.monotonic() - started < 45:
        try:
            sock.send(b"X-a: b\r\n")
        except OSError:
            closed = True
            break
        time.sleep(1)
    sock.close()
    assert closed, "a request still sending its headers after 45 s was not cut off"


def _raw(port: int, request: bytes) -> tuple[str, dict, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return lines[0], headers, body


@pytest.mark.parametrize(("request_bytes", "status"), [
    (b"GET /api/search?q=" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),  # over 4094
    (b"GET /api/status HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),
])
def test_errors_of_the_http_server_itself_are_json(server, request_bytes, status):
    import json

    line, headers, body = _raw(server.port, request_bytes)
    assert line.split()[1] == str(status)
    assert headers["content-type"].startswith("application/json")
    assert json.loads(body) == {"error": json.loads(body)["error"], "status": status}
