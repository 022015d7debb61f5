"""Chat sessions and the log of unanswered questions (SQLite).

The log keeps the question, when it was first and last asked and how often,
and nothing about who asked: phone numbers, ID numbers, e-mail addresses and
long digit runs are masked before anything is written.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from pathlib import Path

from ..db import transaction
from ..errors import ReadOnlyError
from ..textnorm import fold

log = logging.getLogger(__name__)

_PERSONAL = [
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    re.compile(r"\d{17}[\dXx]"),
    re.compile(r"1[3-9]\d{9}"),
    re.compile(r"\d{6,}"),
]
MAX_STATE_BYTES = 20_000


def redact(question: str) -> str:
    for pattern in _PERSONAL:
        question = pattern.sub("＊＊＊", question)
    return question.strip()


def log_key(question: str) -> str:
    return re.sub(r"[\s\W_]+", "", fold(question))[:200]


class QAStore:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self._memory: dict[str, dict] = {}  # used when the data directory is read-only

    def has_session(self, session_id: str) -> bool:
        """Whether the conversation *session_id* was started here (ids are issued, never chosen)."""
        try:
            with transaction(self.data_dir) as db:
                row = db.execute("SELECT 1 FROM chat_sessions WHERE id = ?", (session_id,)).fetchone()
        except (ReadOnlyError, sqlite3.Error):
            row = None
        return row is not None or session_id in self._memory

    def load_session(self, session_id: str) -> dict:
        try:
            with transaction(self.data_dir) as db:
                row = db.execute("SELECT state FROM chat_sessions WHERE id = ?", (session_id,)).fetchone()
        except (ReadOnlyError, sqlite3.Error):
            return dict(self._memory.get(session_id, {}))
        if row is None:
            return dict(self._memory.get(session_id, {}))
        try:
            return json.loads(row["state"])
        except ValueError:
            return {}

    def save_session(self, session_id: str, state: dict) -> None:
        payload = json.dumps(state, ensure_ascii=False)
        if len(payload.encode("utf-8")) > MAX_STATE_BYTES:
            state = {**state, "history": state.get("history", [])[-3:]}
            payload = json.dumps(state, ensure_ascii=False)
        try:
            with transaction(self.data_dir) as db:
                db.execute(
                    "INSERT INTO chat_sessions (id, state, updated) VALUES (?, ?, datetime('now')) "
                    "ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated = excluded.updated",
                    (session_id, payload))
        except (ReadOnlyError, sqlite3.Error) as error:
            log.warning("session kept in memory only: %s", error)
            self._memory[session_id] = state

    def log_unanswered(self, question: str) -> None:
        cleaned = redact(question)[:500]
        key = log_key(cleaned)
        if not key:
            return
        try:
            with transaction(self.data_dir) as db:
                db.execute(
                    "INSERT INTO unanswered (key, question) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                    "SET count = count + 1, last_seen = datetime('now')", (key, cleaned))
        except (ReadOnlyError, sqlite3.Error) as error:
            log.warning("could not log an unanswered question: %s", error)

    def unanswered(self, limit: int = 50) -> list[dict]:
        try:
            with transaction(self.data_dir) as db:
                rows = db.execute("SELECT question, count, first_seen, last_seen FROM unanswered "
                                  "ORDER BY count DESC, last_seen DESC LIMIT ?", (limit,)).fetchall()
        except (ReadOnlyError, sqlite3.Error):
            return []
        return [dict(row) for row in rows]
