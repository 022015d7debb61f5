"""Security at the edges: unguessable ids, no path traversal, tokens never logged."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS, KB, form_token
from tests.live import Browser, LiveServer


def test_assessment_ids_are_unguessable(client):
    tokens = set()
    for _ in range(20):
        page = client.get("/assess/")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
        response = client.post("/assess/new", data={"type": "factory", "csrf_token": token})
        tokens.add(response.headers["Location"].split("/assess/")[1].strip("/"))
    assert len(tokens) == 20
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", token)  # 128 random bits, URL-safe


def test_chat_session_ids_are_unguessable(client):
    sessions = {client.post("/api/ask", json={"question": "公示期多长？", "session": "new"}).json["session"]
                for _ in range(20)}
    assert len(sessions) == 20
    assert all(len(s) >= 24 for s in sessions)


@pytest.mark.parametrize("path", [
    "/articles/..%2F..%2Fcorpus%2Fcq-green-certification-2024.txt", "/api/articles/..%2F..%2Fetc%2Fpasswd",
    "/static/..%2F..%2Fassistant%2Fconfig.py", "/assess/..%2F..%2Finstance/report.pdf",
])
def test_no_path_traversal(client, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "PROJECT_ROOT" not in body and "重庆市经济和信息化委员会\n关于" not in body


def test_report_formats_are_a_fixed_list(client):
    token = form_token(client, "/assess/")
    location = client.post("/assess/new", data={"type": "park", "csrf_token": token}).headers["Location"]
    saved = location.split("/assess/")[1].strip("/")
    assert client.get(f"/assess/{saved}/report.exe").status_code == 404
    assert client.get(f"/assess/{saved}/report.json").status_code == 200


def test_admin_token_is_never_logged(tmp_path):
    token = "tok-" + "x7" * 16
    corpus, kb = tmp_path / "corpus", tmp_path / "kb"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(KB, kb)
    live = LiveServer(tmp_path / "instance", corpus, kb, env={"ASSISTANT_ADMIN_TOKEN": token}, access_log=True)
    live.start()
    try:
        client = Browser(live.base)
        client.get("/admin/login")
        status, _, _ = client.post("/admin/login", {"token": token})
        assert status == 302
        status, page, _ = client.get("/admin/unanswered")
        assert status == 200 and "未能回答的问题" in page
        wrong = Browser(live.base)
        wrong.get("/admin/login")
        assert wrong.post("/admin/login", {"token": token + "-wrong"})[0] == 401
        client.get("/ask?q=%E7%94%B5%E8%AF%9D13812345678")
        client.get("/search?q=13812345678")
    finally:
        live.stop()
    log = live.log()
    assert "/admin/unanswered" in log  # the access log is on
    assert token not in log
    assert "13812345678" not in log and "/search" in log  # paths are logged, queries are not


def test_a_read_only_data_directory_never_caches_in_a_shared_predictable_place(tmp_path, monkeypatch):
    """Finding: the cache fell back to /tmp/green-assistant-cache and loaded what was planted there."""
    import os
    import stat
    import tempfile

    from assistant import storage

    monkeypatch.setattr(storage, "is_writable", lambda directory: False)  # as for a read-only data directory
    chosen = storage.cache_dir(tmp_path / "data")
    assert chosen.parent == Path(tempfile.gettempdir()) and chosen.name != "green-assistant-cache"
    info = chosen.stat()
    assert info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) == 0o700
    assert storage.cache_dir(tmp_path / "data") == chosen  # one per process
    chosen.chmod(0o777)  # someone loosened it: it is not used again
    assert storage.cache_dir(tmp_path / "data") != chosen


def test_the_database_is_readable_only_by_the_server(tmp_path):
    """Finding: the SQLite file was world-readable."""
    import stat

    from assistant.db import connect, db_path

    connect(tmp_path).close()
    assert stat.S_IMODE(db_path(tmp_path).stat().st_mode) == 0o600
