"""Staff page: the questions the assistant could not answer, most frequent
first. Registered only when ASSISTANT_ADMIN_TOKEN is set."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for

from assistant import db as database
from assistant.db import transaction
from assistant.errors import ReadOnlyError
from assistant.masking import describe
from assistant.qa.store import QAStore

from .snapshot import get_snapshot

bp = Blueprint("admin", __name__, url_prefix="/admin")


MIN_TOKEN = 32
SESSION_HOURS = 8
LOGIN_ATTEMPTS = 10  # per client address per quarter of an hour
LOGIN_PERIOD = 900.0


def _token_ok(candidate: str) -> bool:
    expected = current_app.config["ADMIN_TOKEN"] or ""
    return bool(expected) and hmac.compare_digest(candidate.encode("utf-8"), expected.encode("utf-8"))


def _token_hash() -> str:
    return hashlib.sha256((current_app.config["ADMIN_TOKEN"] or "").encode("utf-8")).hexdigest()


def _data_dir():
    return current_app.config["ASSISTANT_SETTINGS"].data_dir


def _authorised() -> bool:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and _token_ok(header[7:]):
        return True
    sid = session.get("admin_session")
    if not sid:
        return False
    # The cookie holds a random id and nothing derived from the token; the row says which token it was
    # opened with, so a new token ends every session opened with the old one.
    try:
        with transaction(_data_dir(), write=False) as db:
            row = db.execute("SELECT token_hash, created FROM admin_sessions WHERE id = ?", (sid,)).fetchone()
    except (ReadOnlyError, database.Error):
        return False
    return (row is not None and hmac.compare_digest(row["token_hash"], _token_hash())
            and time.time() - row["created"] < SESSION_HOURS * 3600)


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        client = f"login:{request.remote_addr or 'unknown'}"
        buckets = current_app.extensions["rate_buckets"]
        buckets.take(client, 1, LOGIN_ATTEMPTS, LOGIN_PERIOD)  # 429 after ten tries in 15 minutes
        if _token_ok(request.form.get("token", "")):
            buckets.clear(client)
            sid = secrets.token_urlsafe(32)
            with transaction(_data_dir()) as db:
                db.execute("DELETE FROM admin_sessions WHERE created < ?", (time.time() - SESSION_HOURS * 3600,))
                db.execute("INSERT INTO admin_sessions (id, token_hash, created) VALUES (?, ?, ?)",
                           (sid, _token_hash(), time.time()))
            session.clear()  # a new session id after login: no fixation
            session["admin_session"] = sid
            return redirect(url_for("admin.unanswered"))
        error = "令牌不正确"
    return render_template("admin/login.html", error=error), (401 if error else 200)


@bp.post("/logout")
def logout():
    sid = session.pop("admin_session", None)
    if sid:
        with transaction(_data_dir()) as db:  # revoked on the server: a copied cookie is useless after this
            db.execute("DELETE FROM admin_sessions WHERE id = ?", (sid,))
    return redirect(url_for("home.index"))


def _require_login():
    if not _authorised():
        if request.accept_mimetypes.best == "application/json":
            abort(401)
        return redirect(url_for("admin.login"))
    return None


@bp.get("/unanswered")
def unanswered():
    if (refused := _require_login()) is not None:
        return refused
    rows = QAStore(current_app.config["ASSISTANT_SETTINGS"].data_dir).unanswered(limit=200)
    # 可能含姓名/地址: what masking could only flag, for staff to check before quoting a question.
    return render_template("admin/unanswered.html", rows=[{**row, "note": describe(row["flags"])} for row in rows])


@bp.get("/coverage")
def coverage():
    """Which clauses the rules, the questionnaires and the evaluation cases speak to (``kb coverage``)."""
    if (refused := _require_login()) is not None:
        return refused
    from assistant.config import PROJECT_ROOT
    from assistant.knowledge.coverage import by_article
    from assistant.knowledge.coverage import coverage as clause_coverage

    files = sorted(p for d in (PROJECT_ROOT / "tests", PROJECT_ROOT / "bench" / "sets") if d.is_dir()
                   for p in d.glob("*.yaml"))
    report = clause_coverage(get_snapshot().kb, files)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(report)
    return render_template("admin/coverage.html", report=report, groups=by_article(report))
