"""Saved self-assessments (SQLite, WAL): answers are written after every
page, so a reload, a closed browser or a crash loses nothing already sent."""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from assistant.db import transaction
from assistant.errors import NotFound

_ID = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


@dataclass
class SavedAssessment:
    id: str
    type: str
    answers: dict
    date: str | None
    can_undo: bool = False  # 清空重来 was just done: the answers before it can come back


def new(data_dir: Path, kind: str) -> SavedAssessment:
    token = secrets.token_urlsafe(16)  # 128 random bits: the link is the key
    with transaction(data_dir) as db:
        db.execute("INSERT INTO assessments (id, type, answers) VALUES (?, ?, '{}')", (token, kind))
    return SavedAssessment(token, kind, {}, None)


def load(data_dir: Path, token: str) -> SavedAssessment:
    if not _ID.match(token or ""):
        raise NotFound("没有这份自评记录，请检查链接是否完整")
    try:
        with transaction(data_dir) as db:
            row = db.execute("SELECT id, type, answers, date, undo IS NOT NULL AS can_undo FROM assessments "
                             "WHERE id = ?", (token,)).fetchone()
    except sqlite3.Error as error:
        raise NotFound("暂时无法读取自评记录，请稍后再试") from error
    if row is None:
        raise NotFound("没有这份自评记录，请检查链接是否完整")
    try:
        answers = json.loads(row["answers"])
    except ValueError:
        answers = {}
    return SavedAssessment(row["id"], row["type"], answers if isinstance(answers, dict) else {}, row["date"],
                           bool(row["can_undo"]))


def save_answers(data_dir: Path, token: str, answers: dict, question_ids: list[str]) -> None:
    """Write the answers to *question_ids* (a missing one is removed) and nothing else, in one statement:
    two pages of one assessment saved at the same time (two tabs, a double submit) both keep their answers,
    where writing the whole answer set read before would lose the other page's."""
    patch = {qid: answers.get(qid) for qid in question_ids}  # JSON null removes (RFC 7396 merge patch)
    with transaction(data_dir) as db:
        db.execute("UPDATE assessments SET answers = json_patch(answers, ?), updated = datetime('now') WHERE id = ?",
                   (json.dumps(patch, ensure_ascii=False), token))


def save_date(data_dir: Path, token: str, date: str | None) -> None:
    with transaction(data_dir) as db:
        db.execute("UPDATE assessments SET date = ?, updated = datetime('now') WHERE id = ?", (date, token))


def save(data_dir: Path, saved: SavedAssessment) -> None:
    """Replace the whole assessment (starting again)."""
    with transaction(data_dir) as db:
        db.execute("UPDATE assessments SET answers = ?, date = ?, updated = datetime('now') WHERE id = ?",
                   (json.dumps(saved.answers, ensure_ascii=False), saved.date, saved.id))


def clear(data_dir: Path, token: str) -> None:
    """清空重来, keeping what was there so that it can be undone."""
    with transaction(data_dir) as db:
        db.execute("UPDATE assessments SET undo = json_object('answers', json(answers), 'date', date), "
                   "answers = '{}', date = NULL, updated = datetime('now') WHERE id = ?", (token,))


def undo_clear(data_dir: Path, token: str) -> None:
    """Bring back the answers 清空重来 removed (answers given since are kept on top of them)."""
    with transaction(data_dir) as db:
        db.execute("UPDATE assessments SET answers = json_patch(json_extract(undo, '$.answers'), answers), "
                   "date = COALESCE(date, json_extract(undo, '$.date')), undo = NULL, updated = datetime('now') "
                   "WHERE id = ? AND undo IS NOT NULL", (token,))


def delete(data_dir: Path, token: str) -> None:
    """The applicant's own "delete my answers": the row is gone, not marked."""
    with transaction(data_dir) as db:
        db.execute("DELETE FROM assessments WHERE id = ?", (token,))
