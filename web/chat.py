"""The help-desk transcript of one browser session (SQLite), so the chat page
works without JavaScript and survives a reload."""

from __future__ import annotations

import json
import sqlite3

from assistant.db import transaction
from assistant.errors import ReadOnlyError

from .security import session_token

MAX_MESSAGES = 50


def chat_id() -> str:
    return session_token("chat", 18)


def reset() -> None:
    session_token("chat", 18, renew=True)


def transcript(data_dir, session_id: str) -> list[dict]:
    try:
        with transaction(data_dir) as db:
            rows = db.execute("SELECT question, answer FROM chat_messages WHERE session_id = ? "
                              "ORDER BY seq DESC LIMIT ?", (session_id, MAX_MESSAGES)).fetchall()
    except (ReadOnlyError, sqlite3.Error):
        return []
    return [{"question": r["question"], "answer": json.loads(r["answer"])} for r in reversed(rows)]


def append(data_dir, session_id: str, question: str, answer: dict) -> None:
    try:
        with transaction(data_dir) as db:
            row = db.execute("SELECT COALESCE(MAX(seq), 0) AS seq FROM chat_messages WHERE session_id = ?",
                             (session_id,)).fetchone()
            db.execute("INSERT INTO chat_messages (session_id, seq, question, answer) VALUES (?, ?, ?, ?)",
                       (session_id, row["seq"] + 1, question, json.dumps(answer, ensure_ascii=False)))
    except (ReadOnlyError, sqlite3.Error):
        pass  # the answer is still shown; only the transcript is not kept
