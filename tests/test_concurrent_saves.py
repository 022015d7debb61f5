"""Nothing acknowledged is lost when saves race: pages of one assessment saved at the same time (two
tabs, a double submit) and chat turns of one conversation sent at once, over real SQLite connections
in many threads."""

from __future__ import annotations

import re

from sqlalchemy import event

from assistant import db
from assistant.db import transaction
from tests.racing import race
from web import chat, wizard_store

ASSESSMENTS = 50
PAGES = 20  # concurrent page saves per assessment: 1,000 in all
TURNS = 1000
THREADS = 20




def test_concurrent_page_saves_of_one_assessment_lose_no_answer(tmp_path):
    tokens = [wizard_store.new(tmp_path, "factory").id for _ in range(ASSESSMENTS)]

    def save_page(token: str, question: str):
        def job():
            # what the page view does: read the assessment, take this page's answer, save the page
            saved = wizard_store.load(tmp_path, token)
            saved.answers[question] = f"answer to {question}"
            wizard_store.save_answers(tmp_path, token, saved.answers, [question])
        return job

    jobs = [save_page(token, f"q{page}") for page in range(PAGES) for token in tokens]
    assert len(jobs) >= 1000
    assert race(jobs) == []
    lost = {token: PAGES - len(wizard_store.load(tmp_path, token).answers) for token in tokens}
    assert sum(lost.values()) == 0, lost
    assert wizard_store.load(tmp_path, tokens[0]).answers["q7"] == "answer to q7"


def test_a_page_saved_without_an_answer_removes_only_that_answer(tmp_path):
    token = wizard_store.new(tmp_path, "factory").id
    wizard_store.save_answers(tmp_path, token, {"a": "yes", "b": 3}, ["a", "b"])
    wizard_store.save_answers(tmp_path, token, {}, ["a"])
    assert wizard_store.load(tmp_path, token).answers == {"b": 3}


def test_concurrent_chat_turns_are_all_kept_in_order_of_arrival(tmp_path):
    conversation = "c" * 24
    jobs = [lambda n=n: chat.append(tmp_path, conversation, f"问题{n}", {"answer": f"回答{n}"})
            for n in range(TURNS)]
    assert race(jobs) == []
    kept = chat.transcript(tmp_path, conversation)
    assert len(kept) == min(TURNS, chat.MAX_MESSAGES)
    with transaction(tmp_path) as db:
        rows = db.execute("SELECT seq, question FROM chat_messages WHERE session_id = ? ORDER BY seq",
                          (conversation,)).fetchall()
    assert [r["seq"] for r in rows] == list(range(1, TURNS + 1))
    assert {r["question"] for r in rows} == {f"问题{n}" for n in range(TURNS)}


def test_a_full_disk_is_a_503_that_says_so_and_status_warns(app, client, settings):
    """SQLite's "database or disk is full": the user is told nothing was saved; /api/status warns."""
    def full(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow: SQLITE_FULL

    assert client.get("/api/status").json["storage"] == {"writable": True, "warning": None}
    engine = db.locate(settings.data_dir).engine
    db.close_thread_connections()
    event.listen(engine, "connect", full)
    try:
        page = client.get("/assess/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        failed = 0
        for _ in range(400):  # fill the pages there are; then a write must fail
            response = client.post("/assess/new", data={"type": "factory", "csrf_token": token})
            if response.status_code == 503:
                failed += 1
                assert "无法写入" in response.get_data(as_text=True)
                break
            assert response.status_code in (302, 303)
        assert failed, "a full database never refused a write"
        status = client.get("/api/status").json
        assert status["storage"]["writable"] is False and "写入失败" in status["storage"]["warning"]
        assert status["storage"]["warning"] in status["warnings"]
    finally:
        event.remove(engine, "connect", full)
        db.close_thread_connections()
        db.session.FAILED.clear()
