"""Staff upload an official file into the corpus: choose → preview (a dry run) → confirm → the file is
written and the knowledge base rebuilt in the background, then swapped in (:class:`assistant.runtime.Runtime`).

Every other request is capped at 64 KB before any view runs; only this form's post, and only from someone
logged in, may carry up to ``ASSISTANT_UPLOAD_MAX_MB``.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from assistant.errors import ReadOnlyError
from assistant.knowledge.artifact import source_fingerprint

from .admin import _authorised, _require_login
from .errors import MESSAGES, render_error, wants_json
from .ingest_preview import preview
from .snapshot import get_snapshot, runtime
from .upload_ingest import UploadRejected, apply, corpus_listing, discard, load_pending, stage

# A blueprint of its own under /admin (same login as the other staff pages): its larger upload limit and its
# 413 page apply to these routes only. Registered by create_app next to the admin blueprint.
bp = Blueprint("admin_ingest", __name__, url_prefix="/admin")
UPLOAD_ENDPOINT = "admin_ingest.ingest_upload"
DRAIN_FACTOR = 4  # an over-size body up to this many times the limit is read and dropped, so the browser
# shows the 413 page instead of "connection reset" (it is still sending when the answer comes)


def _settings():
    return current_app.config["ASSISTANT_SETTINGS"]


def _limit_bytes() -> int:
    return _settings().upload_max_mb * 1024 * 1024


@bp.url_value_preprocessor
def _upload_limit(endpoint, values):
    # URL value preprocessors run before every before_request function, so this comes before the CSRF check
    # reads the form: the larger limit applies to this one route, and only for staff already logged in.
    if endpoint == UPLOAD_ENDPOINT and request.method == "POST" and _authorised():
        request.max_content_length = _limit_bytes()


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    if request.endpoint != UPLOAD_ENDPOINT or not _authorised():
        return render_error(413, MESSAGES[413])
    length = request.content_length or 0
    if length <= DRAIN_FACTOR * _limit_bytes():
        stream = request.environ.get("wsgi.input")
        while stream is not None and length > 0:
            chunk = stream.read(min(length, 1 << 16))
            if not chunk:
                break
            length -= len(chunk)
    message = (f"文件太大：上传上限为 {_settings().upload_max_mb} MB"
               f"（本次约 {(request.content_length or 0) / 1048576:.1f} MB），请压缩或拆分后再试。")
    if wants_json():
        return jsonify({"error": message, "status": 413}), 413
    return _form(message, 413)


def _form(error: str | None = None, status: int = 200):
    settings = _settings()
    snapshot = get_snapshot()
    return render_template("admin/ingest.html", error=error, files=corpus_listing(settings),
                           fingerprint=snapshot.kb.fingerprint, limit=settings.upload_max_mb,
                           shared=settings.database_url is not None), status


@bp.get("/ingest")
def ingest_form():
    if (refused := _require_login()) is not None:
        return refused
    return _form()


@bp.post("/ingest")
def ingest_upload():
    if (refused := _require_login()) is not None:
        return refused
    upload = request.files.get("file")
    if upload is None:
        return _form("请选择要上传的文件。", 400)
    try:
        token = stage(upload, request.form.get("name", ""), _settings(), get_snapshot().kb, preview)
    except UploadRejected as error:
        return _form(str(error), 400)
    except (ReadOnlyError, OSError) as error:
        return _form(f"数据目录不可写，无法保存预览：{getattr(error, 'strerror', None) or error}。", 503)
    finally:
        upload.close()  # werkzeug's spooled copy goes now, not when the request object is collected
    return redirect(url_for("admin_ingest.ingest_preview", token=token), 303)


@bp.get("/ingest/<token>")
def ingest_preview(token: str):
    if (refused := _require_login()) is not None:
        return refused
    summary = load_pending(token, _settings())
    if summary is None:
        return _form("这次预览已过期或已导入，请重新上传文件。", 404)
    return render_template("admin/ingest_preview.html", p=summary, token=token)


@bp.post("/ingest/<token>/confirm")
def ingest_confirm(token: str):
    if (refused := _require_login()) is not None:
        return refused
    before = get_snapshot().kb.fingerprint
    try:
        done = apply(token, _settings())
    except UploadRejected as error:
        return _form(str(error), 409)
    current = runtime()
    current.get()
    # The usual reload, started now instead of at the next request's check: built aside, swapped in whole.
    current.check_now()
    return redirect(url_for("admin_ingest.ingest_done", file=done["target"], backup=done["backup"] or "",
                            was=before), 303)


@bp.post("/ingest/<token>/cancel")
def ingest_cancel(token: str):
    if (refused := _require_login()) is not None:
        return refused
    discard(token, _settings())
    return redirect(url_for("admin_ingest.ingest_form"), 303)


@bp.get("/ingest/done")
def ingest_done():
    if (refused := _require_login()) is not None:
        return refused
    snapshot = get_snapshot()
    failed = runtime().last_error or next((w for w in snapshot.warnings if "知识库构建失败" in w), None)
    if snapshot.kb.fingerprint == source_fingerprint(_settings()):
        state = "ready"
    else:
        state = "failed" if failed else "building"
    return render_template("admin/ingest_done.html", state=state, failed=failed,
                           file=request.args.get("file", "")[:200], backup=request.args.get("backup", "")[:300],
                           was=request.args.get("was", "")[:64], fingerprint=snapshot.kb.fingerprint)
