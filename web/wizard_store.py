"""Saved self-assessments (the database of :mod:`assistant.db`: SQLite or a shared PostgreSQL): answers
are written after every page, so a reload, a closed browser or a crash loses nothing already sent.

A change that depends on what is stored (a page's answers merged into the others, 清空重来 and its undo)
reads the row, merges in Python and writes it back in one transaction with the row locked: SQLite's write
lock (taken at BEGIN), or ``SELECT … FOR UPDATE`` on PostgreSQL, so that two saves at once, on one server
or two, both keep their answers."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from assistant import db
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
    enterprise_name: str | None = None  # 申报单位名称, typed on the result page for the reports


def new(data_dir: Path, kind: str) -> SavedAssessment:
    token = secrets.token_urlsafe(16)  # 128 random bits: the link is the key
    stamp = db.now()
    with transaction(data_dir) as store:
        store.execute("INSERT INTO assessments (id, type, answers, created, updated) VALUES (?, ?, '{}', ?, ?)",
                      (token, kind, stamp, stamp))
    return SavedAssessment(token, kind, {}, None)


def load(data_dir: Path, token: str) -> SavedAssessment:
    if not _ID.match(token or ""):
        raise NotFound("没有这份自评记录，请检查链接是否完整")
    try:
        with transaction(data_dir, write=False) as store:
            row = store.execute("SELECT id, type, answers, date, undo IS NOT NULL AS can_undo, enterprise_name "
                             "FROM assessments WHERE id = ?", (token,)).fetchone()
    except db.Error as error:
        raise NotFound("暂时无法读取自评记录，请稍后再试") from error
    if row is None:
        raise NotFound("没有这份自评记录，请检查链接是否完整")
    return SavedAssessment(row["id"], row["type"], _object(row["answers"]), row["date"],
                           bool(row["can_undo"]), row["enterprise_name"] or None)


def _object(text: str | None) -> dict:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _merge(base: dict, patch: dict) -> dict:
    """*patch* applied to *base* as an RFC 7396 merge patch (None removes a key)."""
    merged = dict(base)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _locked(store: db.Db, token: str):
    """The row of *token*, locked until the transaction ends (see the module's docstring), or None."""
    query = "SELECT answers, date, undo FROM assessments WHERE id = ?" + store.for_update  # noqa: S608 - constants
    return store.execute(query, (token,)).fetchone()


def save_answers(data_dir: Path, token: str, answers: dict, question_ids: list[str]) -> None:
    """Write the answers to *question_ids* (a missing one is removed) and nothing else, merged into what is
    stored with the row locked: two pages of one assessment saved at the same time (two tabs, a double
    submit) both keep their answers, where writing the whole answer set read before would lose the other's."""
    patch = {qid: answers.get(qid) for qid in question_ids}
    with transaction(data_dir) as store:
        row = _locked(store, token)
        if row is not None:
            store.execute("UPDATE assessments SET answers = ?, updated = ? WHERE id = ?",
                          (_dumps(_merge(_object(row["answers"]), patch)), db.now(), token))


def save_date(data_dir: Path, token: str, date: str | None) -> None:
    with transaction(data_dir) as store:
        store.execute("UPDATE assessments SET date = ?, updated = ? WHERE id = ?", (date, db.now(), token))


def save_enterprise_name(data_dir: Path, token: str, name: str | None) -> None:
    """The name is not an answer: 清空重来 keeps it, deleting the assessment removes it."""
    with transaction(data_dir) as store:
        store.execute("UPDATE assessments SET enterprise_name = ?, updated = ? WHERE id = ?", (name, db.now(), token))


def save(data_dir: Path, saved: SavedAssessment) -> None:
    """Replace the whole assessment (starting again)."""
    with transaction(data_dir) as store:
        store.execute("UPDATE assessments SET answers = ?, date = ?, updated = ? WHERE id = ?",
                      (_dumps(saved.answers), saved.date, db.now(), saved.id))


def clear(data_dir: Path, token: str) -> None:
    """清空重来, keeping what was there so that it can be undone."""
    with transaction(data_dir) as store:
        row = _locked(store, token)
        if row is not None:
            undo = _dumps({"answers": _object(row["answers"]), "date": row["date"]})
            store.execute("UPDATE assessments SET undo = ?, answers = '{}', date = NULL, updated = ? WHERE id = ?",
                          (undo, db.now(), token))


def undo_clear(data_dir: Path, token: str) -> None:
    """Bring back the answers 清空重来 removed (answers given since are kept on top of them)."""
    with transaction(data_dir) as store:
        row = _locked(store, token)
        if row is None or row["undo"] is None:
            return
        before = _object(row["undo"])
        answers = _merge(before.get("answers") if isinstance(before.get("answers"), dict) else {},
                         _object(row["answers"]))
        store.execute("UPDATE assessments SET answers = ?, date = ?, undo = NULL, updated = ? WHERE id = ?",
                      (_dumps(answers), row["date"] or before.get("date"), db.now(), token))


def delete(data_dir: Path, token: str) -> None:
    """The applicant's own "delete my answers": the row is gone, not marked."""
    with transaction(data_dir) as store:
        store.execute("DELETE FROM assessments WHERE id = ?", (token,))
