"""Help-desk conversations: the transcripts (the database, :mod:`assistant.db`) and which of them this
browser started (the signed session cookie), so the chat page works without
JavaScript and a conversation survives a reload.

A conversation id is made here, never taken from the client: a `c` that the
session does not list is no conversation at all, so one browser cannot open
another's transcript by guessing or sharing a link. Questions are stored
masked (assistant/masking.py): a transcript keeps no phone or ID number.
"""

from __future__ import annotations

import json
import re
import secrets

from flask import session

from assistant import db as database
from assistant.db import transaction
from assistant.errors import ReadOnlyError
from assistant.masking import mask

MAX_MESSAGES = 50
SESSION_KEY = "chats"
REMEMBERED = 20  # conversations a browser can come back to (keeps the cookie small)
_ID = re.compile(r"[A-Za-z0-9_-]{24}")


def new_id() -> str:
    """A fresh conversation id (also the engine's follow-up session id)."""
    return secrets.token_urlsafe(18)


def known(conversation: str | None) -> str | None:
    """*conversation* if this browser started it, else None (a new one starts)."""
    if not conversation or not _ID.fullmatch(conversation):
        return None
    return conversation if conversation in session.get(SESSION_KEY, []) else None


def remember(conversation: str) -> None:
    started = [c for c in session.get(SESSION_KEY, []) if c != conversation]
    session[SESSION_KEY] = [*started, conversation][-REMEMBERED:]
    session.pop("chat", None)  # the single conversation of older cookies


def transcript(data_dir, conversation: str) -> list[dict]:
    try:
        with transaction(data_dir, write=False) as db:
            rows = db.execute("SELECT question, answer FROM chat_messages WHERE session_id = ? "
                              "ORDER BY seq DESC LIMIT ?", (conversation, MAX_MESSAGES)).fetchall()
    except (ReadOnlyError, database.Error):
        return []
    return [{"question": r["question"], "answer": json.loads(r["answer"])} for r in reversed(rows)]


def _masked(turn: dict) -> dict:
    """*turn* (an answer or one of its parts) with what repeats the question masked: the question and
    the answer text, which may quote it (“{phrase}”出自…, 日期“{date}”不存在). The regulation's own
    wording is never changed by masking (tests/test_masking.py checks the whole corpus)."""
    masked = {key: mask(turn[key]) for key in ("question", "answer") if isinstance(turn.get(key), str)}
    if turn.get("parts"):
        masked["parts"] = [_masked(part) if isinstance(part, dict) else part for part in turn["parts"]]
    return {**turn, **masked}


def append(data_dir, conversation: str, question: str, answer: dict) -> None:
    question, answer = mask(question), _masked(answer)
    try:
        with transaction(data_dir) as db:
            # The next number is taken under a lock (SQLite: the write lock; PostgreSQL: a lock on this
            # conversation), so two turns sent at once, to one server or two, cannot both take it.
            db.lock(f"chat:{conversation}")
            db.execute("INSERT INTO chat_messages (session_id, seq, question, answer, created) "
                       "SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM chat_messages WHERE session_id = ?",
                       (conversation, question, json.dumps(answer, ensure_ascii=False), database.now(),
                        conversation))
    except (ReadOnlyError, database.Error):
        pass  # the answer is still shown; only the transcript is not kept
