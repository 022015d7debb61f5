"""Two production servers behind one (imagined) load balancer, their state in one PostgreSQL: whatever
a client did on one is there on the other, the rate limit counts requests to both, and a server killed
while saving loses nothing it acknowledged. Needs ASSISTANT_TEST_DATABASE_URL (``dev.py test`` sets it)."""

from __future__ import annotations

import re
import threading
import time

import pytest

from tests.conftest import CORPUS, KB, postgresql_schema
from tests.live import Browser, LiveServer, start_pair
from tests.test_faults import _answer_pages, _wait

pytestmark = pytest.mark.faults
RATE_LIMIT = 60


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Two servers with data directories of their own, their state in one PostgreSQL schema."""
    with postgresql_schema("multi") as url:
        env = {"ASSISTANT_DATABASE_URL": url,
               "ASSISTANT_SECRET_KEY": "k" * 48,  # one key for all servers: a session cookie works on each
               "ASSISTANT_RATE_LIMIT": str(RATE_LIMIT)}
        pair = start_pair(tmp_path_factory.mktemp("two-servers"), CORPUS, KB, env)
        yield pair
        for server in pair:
            server.stop()


def test_both_report_postgresql(servers):
    for server in servers:
        assert server.get_json("/api/status")["database"] == {"backend": "postgresql"}
        assert server.get_json("/healthz")["ready"] is True


def test_an_assessment_started_on_one_is_finished_on_the_other(servers):
    first, second = servers
    client = Browser(first.base)
    client.get("/assess/")
    status, _, headers = client.post("/assess/new", {"type": "factory"})
    assert status == 302
    token = headers["Location"].rstrip("/").split("/assess/")[1].split("/")[0]
    _, _, headers = client.get(f"/assess/{token}")
    saved: list[tuple[str, str]] = []
    _answer_pages(client, headers["Location"].replace(first.base, ""), saved, 3)
    assert saved
    client.base = second.base  # the load balancer sends the next request elsewhere
    _, _, headers = client.get(f"/assess/{token}")
    path = headers["Location"].replace(second.base, "")
    _answer_pages(client, path, saved, 1000)
    status, review, _ = client.get(f"/assess/{token}/review")
    assert status == 200
    kept = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", review, re.S))
    assert len([v for v in kept.values() if "未回答" not in v]) >= len({qid for qid, _ in saved})
    status, _, _ = Browser(first.base).get(f"/assess/{token}/result")  # the first server has it too
    assert status == 200


def test_a_follow_up_on_the_other_server_is_understood(servers):
    first, second = servers
    opened = first.post_json("/api/ask", {"question": "申报绿色工厂需要什么条件？", "session": "new"})
    follow = second.post_json("/api/ask", {"question": "那园区呢？", "session": opened["session"]})
    assert follow["session"] == opened["session"]
    assert follow["answered"] and follow["citations"][0]["id"] == "art-6"


def test_sigkill_while_saving_loses_nothing_acknowledged(servers):
    first, second = servers
    client = Browser(first.base)
    client.get("/assess/")
    status, _, headers = client.post("/assess/new", {"type": "factory"})
    token = headers["Location"].rstrip("/").split("/assess/")[1].split("/")[0]
    _, _, headers = client.get(f"/assess/{token}")
    saved: list[tuple[str, str]] = []
    worker = threading.Thread(target=_answer_pages,
                              args=(client, headers["Location"].replace(first.base, ""), saved, 100))
    worker.start()
    _wait(lambda: len(saved) >= 6, timeout=30, step=0.05)
    first.kill()
    worker.join(timeout=30)
    assert saved, "nothing was saved before the kill"
    status, review, _ = Browser(second.base).get(f"/assess/{token}/review")
    assert status == 200
    kept = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", review, re.S))
    assert len([v for v in kept.values() if "未回答" not in v]) >= len({qid for qid, _ in saved})
    servers[0] = LiveServer(first.data, first.corpus, first.kb, port=first.port, env=first.extra_env).start()


def test_the_rate_limit_counts_requests_to_both(servers):
    """Alternating between the servers, a client is refused once the one allowance is spent: with an
    allowance per server it would get twice as far."""
    started, admitted, refused = time.monotonic(), 0, []
    for n in range(3 * RATE_LIMIT):
        server = servers[n % 2]
        try:
            server.get_json("/api/search?q=公示")
            admitted += 1
        except OSError as error:  # urllib's HTTPError for the 429
            assert getattr(error, "code", None) == 429, error
            refused.append(n % 2)
            if len(refused) >= 4:
                break
    elapsed = time.monotonic() - started
    assert set(refused) == {0, 1}, "both servers refuse once the shared allowance is spent"
    assert admitted <= RATE_LIMIT + elapsed * RATE_LIMIT / 60 + 2
