"""Retention: stored conversations, assessments and unanswered questions are deleted once expired (by the
``purge`` command or by the server, at most once per interval), and looking at pages stores nothing."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace

import pytest

from assistant import retention
from assistant.config import SETTINGS, Settings
from assistant.db import connect, db_path, transaction
from assistant.errors import ConfigError
from tests.conftest import CORPUS, KB
from web.retention import Purger

VARIABLES = [SETTINGS[name][0] for name in ("chat_retention_days", "assessment_retention_days",
                                            "unanswered_retention_days", "purge_interval_minutes")]
TABLES = ("chat_sessions", "chat_messages", "assessments", "unanswered")


@pytest.fixture
def defaults(monkeypatch):
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def store(tmp_path, defaults) -> Settings:
    """A data directory of its own, with rows on both sides of every default period."""
    settings = Settings.from_env(data_dir=tmp_path / "instance", corpus_dir=CORPUS, kb_dir=KB)
    db = connect(settings.data_dir)
    ago = "datetime('now', ?)"
    with db:
        for session, days in (("old", 40), ("fresh", 1), ("state-old-transcript-new", 40)):
            db.execute(f"INSERT INTO chat_sessions (id, state, updated) VALUES (?, '{{}}', {ago})",
                       (session, f"-{days} days"))
        for session, seq, days in (("old", 1, 45), ("old", 2, 40), ("fresh", 1, 60), ("fresh", 2, 1),
                                   ("state-old-transcript-new", 1, 2), ("transcript-only", 1, 50),
                                   ("transcript-only-new", 1, 3)):
            db.execute(f"INSERT INTO chat_messages (session_id, seq, question, answer, created) "
                       f"VALUES (?, ?, '问', '{{}}', {ago})", (session, seq, f"-{days} days"))
        # Assessments count from their last change, the log from the last time a question was asked.
        for token, created, updated in (("stale", 400, 200), ("long-but-edited", 300, 10)):
            db.execute(f"INSERT INTO assessments (id, type, answers, created, updated) "
                       f"VALUES (?, 'factory', '{{}}', {ago}, {ago})", (token, f"-{created} days", f"-{updated} days"))
        for key, first, last in (("forgotten", 500, 400), ("asked-again", 400, 30)):
            db.execute(f"INSERT INTO unanswered (key, question, first_seen, last_seen) "
                       f"VALUES (?, ?, {ago}, {ago})", (key, key, f"-{first} days", f"-{last} days"))
    db.close()
    return settings


def _ids(settings: Settings) -> dict[str, set]:
    db = connect(settings.data_dir)
    try:
        return {"chat_sessions": {r[0] for r in db.execute("SELECT id FROM chat_sessions")},
                "chat_messages": {tuple(r) for r in db.execute("SELECT session_id, seq FROM chat_messages")},
                "assessments": {r[0] for r in db.execute("SELECT id FROM assessments")},
                "unanswered": {r[0] for r in db.execute("SELECT key FROM unanswered")}}
    finally:
        db.close()


EXPECTED = {"chat_sessions": 1, "chat_messages": 3, "assessments": 1, "unanswered": 1}


def test_the_defaults_are_documented(defaults):
    settings = Settings.from_env()
    assert (settings.chat_retention_days, settings.assessment_retention_days, settings.unanswered_retention_days,
            settings.purge_interval_minutes) == (30, 180, 365, 60)
    assert [SETTINGS[name][1] for name in ("chat_retention_days", "assessment_retention_days",
                                           "unanswered_retention_days", "purge_interval_minutes")] == \
        ["30", "180", "365", "60"]


def test_expired_rows_are_purged_and_fresh_ones_kept(store):
    assert retention.purge(store) == EXPECTED
    assert _ids(store) == {
        # A conversation lives as long as its latest activity, in its state or its transcript.
        "chat_sessions": {"fresh", "state-old-transcript-new"},
        "chat_messages": {("fresh", 1), ("fresh", 2), ("state-old-transcript-new", 1), ("transcript-only-new", 1)},
        "assessments": {"long-but-edited"},
        "unanswered": {"asked-again"},
    }
    # Idempotent: what is left has not expired.
    assert retention.purge(store) == dict.fromkeys(TABLES, 0)


def test_zero_keeps_for_ever(store, monkeypatch):
    monkeypatch.setenv("ASSISTANT_CHAT_RETENTION_DAYS", "0")
    monkeypatch.setenv("ASSISTANT_UNANSWERED_RETENTION_DAYS", "0")
    settings = Settings.from_env(data_dir=store.data_dir, corpus_dir=CORPUS, kb_dir=KB)
    before = _ids(store)
    assert retention.purge(settings) == {**dict.fromkeys(TABLES, 0), "assessments": 1}
    after = _ids(store)
    assert after["chat_sessions"] == before["chat_sessions"] and after["chat_messages"] == before["chat_messages"]
    assert after["unanswered"] == before["unanswered"]
    everything_kept = replace(store, assessment_retention_days=0, chat_retention_days=0, unanswered_retention_days=0)
    assert retention.purge(everything_kept) == dict.fromkeys(TABLES, 0)


def test_a_shorter_period_purges_more(store):
    assert retention.purge(replace(store, assessment_retention_days=5))["assessments"] == 2


def test_dry_run_counts_and_deletes_nothing(store):
    before = _ids(store)
    assert retention.purge(store, dry_run=True) == EXPECTED
    assert _ids(store) == before


def test_no_database_is_created(tmp_path, defaults):
    settings = Settings.from_env(data_dir=tmp_path / "instance", corpus_dir=CORPUS, kb_dir=KB)
    assert retention.purge(settings) == dict.fromkeys(TABLES, 0)
    assert not db_path(settings.data_dir).exists()


@pytest.mark.parametrize("variable", VARIABLES)
@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "30天", "99999999"])
def test_a_bad_value_names_the_variable(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        Settings.from_env()
    assert variable in str(caught.value) and value in str(caught.value)
    assert caught.value.variable == variable


def test_an_empty_value_is_the_default(monkeypatch, defaults):
    monkeypatch.setenv("ASSISTANT_CHAT_RETENTION_DAYS", " ")
    assert Settings.from_env().chat_retention_days == 30


# -- the command ------------------------------------------------------------------------------------------


def test_the_command_purges_and_says_so(runner, store):
    result = runner("purge", env_settings=store)
    assert result.exit_code == 0
    assert "已删除超过保留期限的数据" in result.output
    assert "对话会话（chat_sessions，保留 30 天）：删除 1 条" in result.output
    assert "未回答问题（unanswered，保留 365 天）：删除 1 条" in result.output
    assert retention.purge(store, dry_run=True) == dict.fromkeys(TABLES, 0)


def test_the_command_dry_run_json(runner, store):
    before = _ids(store)
    data = json.loads(runner("purge", "--dry-run", "--json", env_settings=store).stdout)
    assert data == {"dry_run": True, "rows": EXPECTED,
                    "retention_days": {"chat_sessions": 30, "chat_messages": 30, "assessments": 180,
                                       "unanswered": 365}}
    assert _ids(store) == before
    assert "将删除 3 条" in runner("purge", "--dry-run", env_settings=store).output
    assert _ids(store) == before
    data = json.loads(runner("purge", "--json", env_settings=store).stdout)
    assert data["dry_run"] is False and data["rows"] == EXPECTED


def test_the_command_says_what_is_kept_for_ever(runner, store, monkeypatch):
    monkeypatch.setenv("ASSISTANT_ASSESSMENT_RETENTION_DAYS", "0")
    result = runner("purge", env_settings=store)
    assert "自评记录（assessments，永久保留）：不清理" in result.output
    assert "long-but-edited" in _ids(store)["assessments"] and "stale" in _ids(store)["assessments"]


def test_the_command_reports_a_bad_setting(runner, store, monkeypatch):
    monkeypatch.setenv("ASSISTANT_CHAT_RETENTION_DAYS", "thirty")
    result = runner("purge", env_settings=store)
    assert result.exit_code == 1
    assert "错误：环境变量 ASSISTANT_CHAT_RETENTION_DAYS 应为 0 到 36500 之间的整数，现为“thirty”" in result.output
    assert "Traceback" not in result.output


# -- in the server ----------------------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _poke(purger: Purger) -> None:
    purger.poke()
    purger.wait(10)


def test_the_server_purges_at_most_once_per_interval(store):
    clock = Clock()
    purger = Purger(store, interval=3600, clock=clock)
    _poke(purger)
    assert purger.runs == 1 and retention.purge(store, dry_run=True) == dict.fromkeys(TABLES, 0)
    clock.now += 60
    _poke(purger)
    assert purger.runs == 1  # not due yet
    # Another worker process, due on its first request, sees that a purge was just done.
    other = Purger(store, interval=3600, clock=Clock())
    _poke(other)
    assert other.runs == 0
    # An interval later (the stamp file says when), the next request purges again.
    clock.now += 3600
    old = time.time() - 3601
    os.utime(purger.stamp, (old, old))
    _poke(purger)
    assert purger.runs == 2


def test_the_server_does_not_purge_while_paused_nor_create_the_database(store, tmp_path):
    purger = Purger(store, interval=3600, clock=Clock())
    with purger.paused():
        _poke(purger)
    assert purger.runs == 0
    empty = Purger(replace(store, data_dir=tmp_path / "empty"), interval=3600, clock=Clock())
    _poke(empty)
    assert empty.runs == 0 and not (tmp_path / "empty").exists()


def test_the_app_purges_from_a_request_when_asked(store):
    from web import create_app

    app = create_app(store, {"TESTING": True, "PURGE_INTERVAL": 3600})
    with app.test_client().get("/static/style.css") as response:
        assert response.status_code == 200
    app.extensions["assistant_purger"].wait(10)
    assert app.extensions["assistant_purger"].runs == 1
    assert retention.purge(store, dry_run=True) == dict.fromkeys(TABLES, 0)


def test_tests_do_not_purge_unless_they_ask(app):
    assert app.config["PURGE_INTERVAL"] == 0 and "assistant_purger" not in app.extensions


# -- nothing stored by looking ----------------------------------------------------------------------------


def _counts(settings: Settings) -> dict[str, int]:
    with transaction(settings.data_dir) as db:
        return {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in TABLES}


@pytest.mark.parametrize("path", ["/", "/ask", "/ask?q=公示期多长？", "/ask?q=新能源汽车补贴怎么申请",
                                  "/ask?question=公示期多长？", "/search?q=公示", "/search?q=取消资格&subject=园区",
                                  "/articles", "/assess/", "/assess/?type=factory", "/api/search?q=公示",
                                  "/api/articles/17", "/api/questions/factory", "/api/status"])
def test_a_get_stores_nothing(client, settings, path):
    before = _counts(settings)
    assert client.get(path).status_code == 200
    assert _counts(settings) == before


def test_an_api_question_without_a_session_stores_nothing(client, settings):
    before = _counts(settings)
    response = client.post("/api/ask", json={"question": "公示期多长？"})
    assert response.status_code == 200 and response.get_json()["session"] is None
    assert _counts(settings) == before


def test_an_unanswered_api_question_without_a_session_is_only_logged(client, settings):
    # The anonymous log of unanswered questions (masked, no session, no address) is the only trace; it is
    # what the staff page is for, and it has a retention period of its own.
    before = _counts(settings)
    response = client.post("/api/ask", json={"question": "新能源汽车补贴怎么申请？"})
    assert response.status_code == 200 and response.get_json()["answered"] is False
    after = _counts(settings)
    assert {t: after[t] - before[t] for t in TABLES if t != "unanswered"} == dict.fromkeys(TABLES[:3], 0)
    assert after["unanswered"] - before["unanswered"] <= 1
