"""The storage layer on both backends (the ``backend`` fixture: SQLite and a PostgreSQL schema of the test's
own): every store, atomic under concurrency, schema migrations, an older SQLite database upgraded in
place, and what the app reports about its database."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from assistant import db, retention
from assistant.db import engine, migrations, session
from assistant.errors import ReadOnlyError
from assistant.qa.store import QAStore
from tests.racing import race
from web import chat, wizard_store
from web.ratelimit import Buckets, RateLimited


def test_the_schema_is_migrated_once_and_recorded(backend):
    with db.transaction(backend.data_dir) as store:
        versions = [row["version"] for row in store.execute("SELECT version FROM schema_version ORDER BY 1")]
    assert versions == [number for number, _, _ in migrations.MIGRATIONS]
    assert db.backend(backend.data_dir) == backend.name


def test_two_servers_migrating_at_once_apply_each_migration_once(backend):
    """Two engines of their own on one empty database stand for two servers starting together."""
    def server():
        if backend.url:
            return engine._postgresql("server", backend.url)
        return engine._sqlite("server", db.db_path(backend.data_dir))

    servers = [server(), server()]
    try:
        assert race([lambda s=s: session._open(s, write=True).close() for s in servers], threads=2) == []
    finally:
        for database in servers:
            database.engine.dispose()
    with db.transaction(backend.data_dir) as store:
        rows = store.execute("SELECT version, COUNT(*) AS n FROM schema_version "
                             "GROUP BY version ORDER BY version").fetchall()
    assert [(row["version"], row["n"]) for row in rows] == [(n, 1) for n, _, _ in migrations.MIGRATIONS]


def test_an_older_sqlite_database_is_upgraded_in_place(tmp_path):
    """A database of the release before migrations: five tables, no added columns, rows in each."""
    old = sqlite3.connect(tmp_path / db.DB_FILE)
    old.executescript("""
        CREATE TABLE chat_sessions (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated TEXT NOT NULL);
        CREATE TABLE chat_messages (session_id TEXT NOT NULL, seq INTEGER NOT NULL, question TEXT NOT NULL,
            answer TEXT NOT NULL, created TEXT NOT NULL DEFAULT (datetime('now')), PRIMARY KEY (session_id, seq));
        CREATE TABLE unanswered (key TEXT PRIMARY KEY, question TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 1,
            first_seen TEXT NOT NULL DEFAULT (datetime('now')), last_seen TEXT NOT NULL DEFAULT (datetime('now')));
        CREATE TABLE admin_sessions (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, created REAL NOT NULL);
        CREATE TABLE assessments (id TEXT PRIMARY KEY, type TEXT NOT NULL, answers TEXT NOT NULL, date TEXT,
            created TEXT NOT NULL DEFAULT (datetime('now')), updated TEXT NOT NULL DEFAULT (datetime('now')));
        INSERT INTO chat_sessions VALUES ('s', '{"rule": "r"}', '2026-01-01 00:00:00');
        INSERT INTO chat_messages (session_id, seq, question, answer) VALUES ('s', 1, '问', '{"answer": "答"}');
        INSERT INTO unanswered (key, question) VALUES ('天气怎么样', '天气怎么样');
        INSERT INTO admin_sessions VALUES ('a', 'h', 1.5);
        INSERT INTO assessments (id, type, answers) VALUES ('tok_tok_tok_tok_tok_tok', 'factory', '{"q1": "yes"}');
    """)
    old.commit()
    old.close()
    db.bind(tmp_path, None)
    saved = wizard_store.load(tmp_path, "tok_tok_tok_tok_tok_tok")
    assert saved.answers == {"q1": "yes"} and saved.enterprise_name is None and not saved.can_undo
    assert QAStore(tmp_path).load_session("s") == {"rule": "r"}
    assert chat.transcript(tmp_path, "s") == [{"question": "问", "answer": {"answer": "答"}}]
    assert QAStore(tmp_path).unanswered()[0]["flags"] == []
    with db.transaction(tmp_path) as store:
        assert store.execute("SELECT created FROM admin_sessions").fetchone()[0] == 1.5
        assert store.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == migrations.LATEST


def test_assessment_pages_saved_at_once_lose_no_answer(backend):
    tokens = [wizard_store.new(backend.data_dir, "factory").id for _ in range(5)]

    def save_page(token, question):
        def job():
            saved = wizard_store.load(backend.data_dir, token)
            saved.answers[question] = f"answer to {question}"
            wizard_store.save_answers(backend.data_dir, token, saved.answers, [question])
        return job

    assert race([save_page(t, f"q{p}") for p in range(20) for t in tokens]) == []
    assert all(len(wizard_store.load(backend.data_dir, t).answers) == 20 for t in tokens)


def test_clear_undo_date_name_and_delete(backend):
    data_dir = backend.data_dir
    token = wizard_store.new(data_dir, "park").id
    wizard_store.save_answers(data_dir, token, {"a": "yes", "b": 2}, ["a", "b"])
    wizard_store.save_date(data_dir, token, "2025-06-01")
    wizard_store.save_enterprise_name(data_dir, token, "某某公司")
    wizard_store.clear(data_dir, token)
    cleared = wizard_store.load(data_dir, token)
    assert cleared.answers == {} and cleared.date is None and cleared.can_undo
    assert cleared.enterprise_name == "某某公司"
    wizard_store.save_answers(data_dir, token, {"b": 3}, ["b"])  # answered since: kept on top
    wizard_store.undo_clear(data_dir, token)
    restored = wizard_store.load(data_dir, token)
    assert restored.answers == {"a": "yes", "b": 3} and restored.date == "2025-06-01" and not restored.can_undo
    wizard_store.delete(data_dir, token)
    with pytest.raises(Exception, match="没有这份自评记录"):
        wizard_store.load(data_dir, token)


def test_chat_turns_sent_at_once_are_all_kept_in_order(backend):
    conversation = "c" * 24
    assert race([lambda n=n: chat.append(backend.data_dir, conversation, f"问题{n}", {"answer": str(n)})
                  for n in range(200)]) == []
    with db.transaction(backend.data_dir) as store:
        rows = store.execute("SELECT seq, question FROM chat_messages WHERE session_id = ? ORDER BY seq",
                             (conversation,)).fetchall()
    assert [r["seq"] for r in rows] == list(range(1, 201))
    assert {r["question"] for r in rows} == {f"问题{n}" for n in range(200)}
    assert len(chat.transcript(backend.data_dir, conversation)) == chat.MAX_MESSAGES


def test_sessions_and_the_unanswered_log(backend):
    store = QAStore(backend.data_dir)
    jobs = [lambda: store.log_unanswered("我叫张三，社保怎么交")] * 20 + [lambda: store.log_unanswered("天气")]
    assert race(jobs) == []
    rows = store.unanswered()
    assert rows[0]["count"] == 20 and rows[0]["flags"] == ["name"] and "张三" not in rows[0]["question"]
    store.save_session("s1", {"rule": "x", "history": ["电话13812345678"]})
    assert store.has_session("s1") and not store.has_session("s2")
    assert store.load_session("s1") == {"rule": "x", "history": ["电话[电话]"]}


def _take_many(data_dir, url, count, results):
    db.bind(data_dir, url)
    buckets, admitted = Buckets(data_dir), 0
    for _ in range(count):
        try:
            buckets.take("ip:198.51.100.7", 1, 50, 3600)
            admitted += 1
        except RateLimited:
            pass
    results.put(admitted)


def test_processes_taking_tokens_at_once_never_exceed_the_allowance(backend):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_take_many, args=(backend.data_dir, backend.url, 30, results))
               for _ in range(4)]
    db.close_thread_connections()  # no pooled connection may cross the fork
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert sum(results.get(timeout=5) for _ in workers) == 50  # 120 tried, exactly the capacity admitted


def test_purge_deletes_only_what_has_expired(backend, settings):
    own = backend.settings(settings)
    with db.transaction(own.data_dir) as store:
        for token, days in (("old-one", 200), ("fresh-one", 10)):
            store.execute("INSERT INTO assessments (id, type, answers, created, updated) VALUES (?, 'factory', "
                          "'{}', ?, ?)", (token, db.ago(days), db.ago(days)))
        for session, days in (("old", 40), ("new", 1)):
            store.execute("INSERT INTO chat_sessions (id, state, updated) VALUES (?, '{}', ?)",
                          (session, db.ago(days)))
            store.execute("INSERT INTO chat_messages (session_id, seq, question, answer, created) "
                          "VALUES (?, 1, 'q', '{}', ?)", (session, db.ago(days)))
    assert retention.purge(own, dry_run=True)["assessments"] == 1
    counts = retention.purge(own)
    assert counts == {"chat_sessions": 1, "chat_messages": 1, "assessments": 1, "unanswered": 0}
    with db.transaction(own.data_dir) as store:
        assert [r[0] for r in store.execute("SELECT id FROM assessments")] == ["fresh-one"]
        assert [r[0] for r in store.execute("SELECT id FROM chat_sessions")] == ["new"]


def test_the_app_reports_its_database_and_readiness(backend, settings):
    from web import create_app

    app = create_app(backend.settings(settings), {"TESTING": True, "RATE_LIMIT": 0})
    client = app.test_client()
    assert client.get("/api/status").json["database"] == {"backend": backend.name}
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["ready"] is True
    assert health.json["fingerprint"] == client.get("/api/status").json["fingerprint"]


def test_health_is_503_until_the_knowledge_is_loaded(sandbox):
    from web import create_app

    app = create_app(sandbox, {"TESTING": True, "RATE_LIMIT": 0})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["ready"] is False
    app.extensions["assistant_runtime"].get()
    assert app.test_client().get("/healthz").json["ready"] is True


def test_an_unreachable_postgresql_is_a_read_only_store(tmp_path, monkeypatch):
    db.bind(tmp_path, "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1")
    with pytest.raises(ReadOnlyError, match="无法写入"):
        wizard_store.new(tmp_path, "factory")
    assert QAStore(tmp_path).unanswered() == []  # reading goes on without it
    buckets = Buckets(tmp_path)  # rate limits are counted in memory meanwhile
    buckets.take("k", 1, 2, 60)
    buckets.take("k", 1, 2, 60)
    with pytest.raises(RateLimited):
        buckets.take("k", 1, 2, 60)
    assert "写入失败" in db.storage_warning(tmp_path)
    db.session.FAILED.clear()


def test_staff_sessions_live_in_the_database(backend, settings):
    from dataclasses import replace

    from tests.conftest import form_token
    from web import create_app

    token = "s3cret-token-for-tests-0123456789abcdef"
    app = create_app(replace(backend.settings(settings), admin_token=token), {"TESTING": True, "RATE_LIMIT": 5})
    client = app.test_client()
    response = client.post("/admin/login", data={"token": token, "csrf_token": form_token(client, "/admin/login")})
    assert response.status_code == 302
    QAStore(backend.data_dir).log_unanswered("天气怎么样")
    page = client.get("/admin/unanswered")
    assert page.status_code == 200 and "天气怎么样" in page.get_data(as_text=True)
    with db.transaction(backend.data_dir) as store:
        assert store.execute("SELECT COUNT(*) FROM admin_sessions").fetchone()[0] == 1
    client.post("/admin/logout", data={"csrf_token": form_token(client, "/admin/unanswered")})
    assert client.get("/admin/unanswered").status_code == 302
    with db.transaction(backend.data_dir) as store:
        assert store.execute("SELECT COUNT(*) FROM admin_sessions").fetchone()[0] == 0


def test_a_database_url_that_is_not_postgresql_is_refused_at_start(monkeypatch):
    from assistant.config import Settings
    from assistant.errors import ConfigError

    monkeypatch.setenv("ASSISTANT_DATABASE_URL", "mysql://root@localhost/lvse")
    with pytest.raises(ConfigError, match="ASSISTANT_DATABASE_URL"):
        Settings.from_env()
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", "postgresql://u:p@db.internal:5432/lvse")
    assert Settings.from_env().database_url == "postgresql://u:p@db.internal:5432/lvse"
    assert db.parse_url("postgresql://u:p@db.internal/lvse").drivername == "postgresql+psycopg"


def test_every_pooled_connection_busy_is_a_503_not_a_crash(backend, monkeypatch):
    """More requests than pooled connections wait for one; when none frees up in time, the request is
    told the data could not be saved (503), like any other storage failure."""
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    def exhausted(*_args, **_kwargs):
        raise PoolTimeout("QueuePool limit of size 10 overflow 0 reached")

    monkeypatch.setattr(session, "_open", exhausted)
    with pytest.raises(ReadOnlyError, match="暂时无法写入"), db.transaction(backend.data_dir) as store:
        store.execute("SELECT 1")
