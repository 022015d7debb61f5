"""Staff page: the questions the assistant could not answer, most frequent
first. Registered only when ASSISTANT_ADMIN_TOKEN is set."""

from __future__ import annotations

import hmac

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for

from assistant.qa.store import QAStore

from .snapshot import get_snapshot

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _token_ok(candidate: str) -> bool:
    expected = current_app.config["ADMIN_TOKEN"] or ""
    return bool(expected) and hmac.compare_digest(candidate.encode("utf-8"), expected.encode("utf-8"))


def _authorised() -> bool:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and _token_ok(header[7:]):
        return True
    return bool(session.get("admin")) and session.get("admin_key") == _fingerprint()


def _fingerprint() -> str:
    import hashlib

    return hashlib.sha256((current_app.config["ADMIN_TOKEN"] or "").encode("utf-8")).hexdigest()[:16]


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        if _token_ok(request.form.get("token", "")):
            session["admin"] = True
            session["admin_key"] = _fingerprint()
            return redirect(url_for("admin.unanswered"))
        error = "令牌不正确"
    return render_template("admin/login.html", error=error), (401 if error else 200)


@bp.post("/logout")
def logout():
    session.pop("admin", None)
    session.pop("admin_key", None)
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
    return render_template("admin/unanswered.html", rows=rows)


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
