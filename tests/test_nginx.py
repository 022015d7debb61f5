"""The shipped nginx configuration (docs/nginx.conf) in front of two production servers on one PostgreSQL:
both servers get traffic, rate limits count the citizen and not the proxy, a rolling restart of the
servers loses no request, and the app's own messages come through. Needs Debian's ``nginx`` (``.ci/run``
installs it) and ASSISTANT_TEST_DATABASE_URL (``dev.py test`` starts a PostgreSQL)."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS, KB, PROJECT_ROOT, postgresql_schema
from tests.live import LiveServer, free_port, start_pair

pytestmark = pytest.mark.faults
RATE_LIMIT = 40
FAIL_TIMEOUT = 5  # docs/nginx.conf
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def _nginx_config(site: str, upstreams: list[int], port: int, tmp: Path) -> str:
    """The shipped site file with this test's addresses, inside a main configuration of its own."""
    servers = iter(upstreams)
    site = re.sub(r"server \d+\.\d+\.\d+\.\d+:\d+", lambda _: f"server 127.0.0.1:{next(servers)}", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers would drop to nobody
    temp = "\n".join(f"{name}_temp_path {tmp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                     "scgi"))
    return (f"{user}worker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\n"
            f"events {{ worker_connections 256; }}\n"
            f"http {{\naccess_log {tmp / 'access.log'};\n{temp}\n{site}\n}}\n")


@pytest.fixture(scope="module")
def farm(tmp_path_factory):
    """nginx on a free port in front of two servers with data directories of their own."""
    if NGINX is None:
        reason = "nginx is not installed (apt-get install nginx)"
        if os.environ.get("CI") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with postgresql_schema("nginx") as url:
        env = {"ASSISTANT_DATABASE_URL": url, "ASSISTANT_SECRET_KEY": "k" * 48,
               "ASSISTANT_RATE_LIMIT": str(RATE_LIMIT), "ASSISTANT_TRUSTED_PROXIES": "1"}
        root = tmp_path_factory.mktemp("nginx")
        servers = start_pair(root, CORPUS, KB, env, access_log=True)
        try:
            yield from _nginx_in_front(root, servers)
        finally:
            for server in servers:  # the list holds the restarted servers too
                server.stop()


def _nginx_in_front(root: Path, servers: list[LiveServer]):
    conf_dir = root / "nginx"
    conf_dir.mkdir()
    port = free_port()
    conf = conf_dir / "nginx.conf"
    site = (PROJECT_ROOT / "docs" / "nginx.conf").read_text(encoding="utf-8")
    assert site.count(f"fail_timeout={FAIL_TIMEOUT}s") == 2
    conf.write_text(_nginx_config(site, [s.port for s in servers], port, conf_dir), encoding="utf-8")
    nginx = subprocess.Popen([NGINX, "-p", str(conf_dir), "-c", str(conf), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while _request(port, "GET", "/healthz")[0] != 200:
            assert nginx.poll() is None, (conf_dir / "error.log").read_text(errors="replace")
            assert time.monotonic() < deadline, "nginx did not answer"
            time.sleep(0.2)
        yield {"port": port, "servers": servers, "root": root}
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


def _request(port: int, method: str, path: str, body: dict | bytes | None = None, source: str = "127.0.0.1",
             headers: dict | None = None) -> tuple[int, bytes]:
    """One request to nginx from the loopback address *source* (each 127.x address is another citizen)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15, source_address=(source, 0))
    try:
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        sent = {"Content-Type": "application/json"} if data is not None else {}
        connection.request(method, path, body=data, headers={**sent, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        connection.close()


def test_health_pages_and_answers_come_through(farm):
    status, body = _request(farm["port"], "GET", "/healthz")
    assert status == 200 and json.loads(body)["ready"] is True
    status, body = _request(farm["port"], "GET", "/search?q=%E5%85%AC%E7%A4%BA")
    assert status == 200 and "公示" in body.decode()
    status, body = _request(farm["port"], "POST", "/api/ask", {"question": "公示期多长？"})
    assert status == 200 and json.loads(body)["answered"]


def test_both_servers_get_traffic(farm):
    line = '"GET /api/search '  # the access log leaves the query out
    before = [server.log().count(line) for server in farm["servers"]]
    for _ in range(10):
        assert _request(farm["port"], "GET", "/api/search?q=spread", source="127.0.0.9")[0] == 200
    time.sleep(0.5)
    served = [server.log().count(line) - was for server, was in zip(farm["servers"], before, strict=True)]
    assert sum(served) == 10 and min(served) >= 3, served


def test_the_rate_limit_counts_the_citizen_not_the_proxy(farm):
    """Both servers see nginx's address; with ASSISTANT_TRUSTED_PROXIES=1 each citizen still has an
    allowance of their own, shared by both servers, and a made-up X-Forwarded-For does not renew it."""
    port, admitted = farm["port"], 0
    for _ in range(3 * RATE_LIMIT):
        status, _ = _request(port, "GET", "/api/search?q=%E5%85%AC%E7%A4%BA", source="127.0.0.2")
        if status == 429:
            break
        assert status == 200
        admitted += 1
    assert RATE_LIMIT - 5 <= admitted <= RATE_LIMIT, admitted  # one allowance, not one per server
    spoofed = _request(port, "GET", "/api/search?q=x", source="127.0.0.2", headers={"X-Forwarded-For": "1.2.3.4"})
    assert spoofed[0] == 429
    assert _request(port, "GET", "/api/search?q=x", source="127.0.0.3")[0] == 200


def test_the_apps_own_size_message_comes_through(farm):
    status, body = _request(farm["port"], "POST", "/api/ask", b'{"question": "' + b"x" * 100_000 + b'"}',
                            source="127.0.0.4", headers={"Content-Type": "application/json"})
    assert status == 413 and json.loads(body)["error"]


def test_a_rolling_restart_loses_no_request(farm):
    """Each server in turn is stopped (SIGTERM: requests in flight finish) and started again while a client
    keeps searching and asking through nginx: every request is answered."""
    port, results, stop = farm["port"], [], threading.Event()

    def client(thread: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            source = f"127.0.{thread}.{n % 250 + 1}"  # many citizens: no one reaches the rate limit
            if n % 2:
                results.append(_request(port, "GET", f"/api/search?q=%E5%85%AC%E7%A4%BA{n}", source=source)[0])
            else:
                results.append(_request(port, "POST", "/api/ask", {"question": "公示期多长？"}, source=source)[0])
            time.sleep(0.02)

    workers = [threading.Thread(target=client, args=(i,)) for i in range(1, 5)]
    for worker in workers:
        worker.start()
    try:
        for i, server in enumerate(list(farm["servers"])):
            server.stop()
            time.sleep(1)  # the other server alone for a moment
            restarted = LiveServer(server.data, server.corpus, server.kb, port=server.port, env=server.extra_env,
                                   access_log=True).start()
            farm["servers"][i] = restarted
            time.sleep(FAIL_TIMEOUT + 1)  # as docs/deploy.md says: nginx tries it again before the next goes

    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
    failed = [status for status in results if status != 200]
    assert len(results) > 50 and not failed, (len(results), failed[:10])
