"""Chat sessions and the log of unanswered questions (the database of :mod:`assistant.db`).

The log keeps the question, when it was first and last asked and how often,
and nothing about who asked: every question is masked (assistant/masking.py:
phone, ID, bank card and credit-code numbers, e-mail, QQ/WeChat ids, long digit
runs, names and addresses it recognises) before it is written, in the log and
in a session's history. Questions that probably still name a person or an
address are flagged for staff (``flags``).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from .. import db as database
from ..db import transaction
from ..errors import ReadOnlyError
from ..masking import mask, scan
from ..textnorm import fold

log = logging.getLogger(__name__)

MAX_STATE_BYTES = 20_000


def redact(question: str) -> str:
    """*question* as it may be stored: personal data masked, outer spaces removed."""
    return mask(question).strip()


def log_key(question: str) -> str:
    return re.sub(r"[\s\W_]+", "", fold(question))[:200]


class QAStore:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self._memory: dict[str, dict] = {}  # used when the data directory is read-only

    def has_session(self, session_id: str) -> bool:
        """Whether the conversation *session_id* was started here (ids are issued, never chosen)."""
        try:
            with transaction(self.data_dir, write=False) as db:
                row = db.execute("SELECT 1 FROM chat_sessions WHERE id = ?", (session_id,)).fetchone()
        except (ReadOnlyError, database.Error):
            row = None
        return row is not None or session_id in self._memory

    def load_session(self, session_id: str) -> dict:
        try:
            with transaction(self.data_dir, write=False) as db:
                row = db.execute("SELECT state FROM chat_sessions WHERE id = ?", (session_id,)).fetchone()
        except (ReadOnlyError, database.Error):
            return dict(self._memory.get(session_id, {}))
        if row is None:
            return dict(self._memory.get(session_id, {}))
        try:
            return json.loads(row["state"])
        except ValueError:
            return {}

    def save_session(self, session_id: str, state: dict) -> None:
        if state.get("history"):  # the questions asked, kept as the log keeps them
            state = {**state, "history": [mask(q) if isinstance(q, str) else q for q in state["history"]]}
        payload = json.dumps(state, ensure_ascii=False)
        if len(payload.encode("utf-8")) > MAX_STATE_BYTES:
            state = {**state, "history": state.get("history", [])[-3:]}
            payload = json.dumps(state, ensure_ascii=False)
        try:
            with transaction(self.data_dir) as db:
                db.execute(
                    "INSERT INTO chat_sessions (id, state, updated) VALUES (?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated = excluded.updated",
                    (session_id, payload, database.now()))
        except (ReadOnlyError, database.Error) as error:
            log.warning("session kept in memory only: %s", error)
            self._memory[session_id] = state

    def log_unanswered(self, question: str) -> None:
        masked = scan(question)
        cleaned = masked.text.strip()[:500]
        key = log_key(cleaned)
        if not key:
            return
        try:
            with transaction(self.data_dir) as db:
                if not masked.flags:
                    # The usual case, in one statement: nothing to merge, so no lock and no read (on a busy
                    # server every round trip to PostgreSQL waits its turn behind the other requests).
                    stamp = database.now()
                    db.execute(
                        "INSERT INTO unanswered (key, question, flags, first_seen, last_seen) VALUES (?, ?, '', ?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET count = unanswered.count + 1, last_seen = excluded.last_seen",
                        (key, cleaned, stamp, stamp))
                    return
                db.lock(f"unanswered:{key}")  # two servers logging one question: neither's flags are lost
                row = db.execute("SELECT flags FROM unanswered WHERE key = ?", (key,)).fetchone()
                # Flags only accumulate: one asking with a name is reason enough for staff to look.
                flags = ",".join(sorted(masked.flags | set(filter(None, (row["flags"] if row else "").split(",")))))
                stamp = database.now()
                db.execute(
                    "INSERT INTO unanswered (key, question, flags, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET count = unanswered.count + 1, last_seen = excluded.last_seen, "
                    "flags = excluded.flags", (key, cleaned, flags, stamp, stamp))
        except (ReadOnlyError, database.Error) as error:
            log.warning("could not log an unanswered question: %s", error)

    def unanswered(self, limit: int = 50) -> list[dict]:
        try:
            with transaction(self.data_dir, write=False) as db:
                rows = db.execute("SELECT question, count, first_seen, last_seen, flags FROM unanswered "
                                  "ORDER BY count DESC, last_seen DESC LIMIT ?", (limit,)).fetchall()
        except (ReadOnlyError, database.Error):
            return []
        # flags: what the question probably still holds ("name", "address"), for staff to check.
        return [{**dict(row), "flags": [f for f in row["flags"].split(",") if f]} for row in rows]
