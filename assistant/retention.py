"""How long stored data is kept, and the purge that deletes what has expired.

Three kinds of data are kept in the database (:mod:`assistant.db`: SQLite or PostgreSQL), each for a number of
days since it was last used (:class:`assistant.config.Settings`, 0 = kept for ever):

- conversations: ``chat_sessions`` (the follow-up state) and ``chat_messages`` (the transcript), since the
  last question asked in them;
- saved self-assessments: ``assessments``, since the answers were last changed;
- the unanswered-question log: ``unanswered``, since the question was last asked.

Timestamps are UTC text, ``YYYY-MM-DD HH:MM:SS`` (:func:`assistant.db.now`), so the cut-off is computed in
the same form and compared as text, the same on both backends. Deleting what has expired is idempotent:
several server workers, several servers, or the command line may purge at the same time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from . import db
from .config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Table:
    name: str
    label: str  # for people (the command line)
    setting: str  # the Settings field with its retention in days
    expired: str  # SQL condition on the table's rows; ``:cutoff`` is the oldest timestamp kept


# A conversation lives as long as its latest activity in either table: the web chat writes both, the API and
# ``ask --session`` only the state, and a transcript may outlive a state that could not be saved.
_CHAT_RECENT = ("NOT EXISTS (SELECT 1 FROM chat_sessions s WHERE s.id = {id} AND s.updated >= :cutoff) "
                "AND NOT EXISTS (SELECT 1 FROM chat_messages m WHERE m.session_id = {id} AND m.created >= :cutoff)")

TABLES = (
    Table("chat_sessions", "对话会话", "chat_retention_days", _CHAT_RECENT.format(id="chat_sessions.id")),
    Table("chat_messages", "对话记录", "chat_retention_days",
          _CHAT_RECENT.format(id="chat_messages.session_id")),
    Table("assessments", "自评记录", "assessment_retention_days", "updated < :cutoff"),
    Table("unanswered", "未回答问题", "unanswered_retention_days", "last_seen < :cutoff"),
)
# What is deleted together: a conversation's state and transcript go in one transaction, so that no reader
# sees one without the other; every other table has a transaction of its own.
GROUPS = (("chat_sessions", "chat_messages"), ("assessments",), ("unanswered",))


def retention_days(settings: Settings) -> dict[str, int]:
    """Days each table keeps its rows (0 = for ever)."""
    return {table.name: getattr(settings, table.setting) for table in TABLES}


def purge(settings: Settings, dry_run: bool = False) -> dict[str, int]:
    """Delete the expired rows of every table; the number of rows deleted per table.

    With *dry_run*, nothing is deleted and the counts are those that would be. A database that does not
    exist yet is not created (nothing is stored, nothing expires).
    """
    counts = {table.name: 0 for table in TABLES}
    days = retention_days(settings)
    if not db.exists(settings.data_dir) or not any(days.values()):
        return counts
    by_name = {table.name: table for table in TABLES}
    # One "now" for every cut-off: a conversation's state and transcript are judged at the same instant.
    now = db.now()
    for group in GROUPS:
        tables = [by_name[name] for name in group if days[name] > 0]
        if not tables:
            continue
        with db.transaction(settings.data_dir, write=not dry_run) as connection:
            for table in tables:
                counts[table.name] = _expire(connection, table, db.ago(days[table.name], now), dry_run)
    if not dry_run and any(counts.values()):
        log.info("purged expired rows: %s", ", ".join(f"{name} {n}" for name, n in counts.items() if n))
    return counts


def _expire(connection: db.Db, table: Table, cutoff: str, dry_run: bool) -> int:
    # The table and its condition are the constants above; the cut-off is a bound parameter.
    if dry_run:
        query = f"SELECT COUNT(*) FROM {table.name} WHERE {table.expired}"  # noqa: S608 - constants only
        return connection.execute(query, {"cutoff": cutoff}).fetchone()[0]
    query = f"DELETE FROM {table.name} WHERE {table.expired}"  # noqa: S608 - constants only
    return connection.execute(query, {"cutoff": cutoff}).rowcount
