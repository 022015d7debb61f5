"""JSON API with the same shapes as the CLI; errors are JSON too."""

from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, Response, current_app, jsonify, request

from assistant.assess import assess, assessment_date, questionnaire_to_dict, validate_answers
from assistant.assess.report import with_context
from assistant.db import backend, storage_warning
from assistant.errors import BadInput, NotFound
from assistant.knowledge.lookup import lookup

from .openapi import openapi_document
from .search import int_arg
from .snapshot import get_snapshot, questionnaires, subjects
from .snapshot import questionnaire as find_questionnaire

bp = Blueprint("api", __name__, url_prefix="/api")
NEW = "new"  # the session of a request that starts a conversation
MAX_DEPTH = 32  # of a request's JSON: no form this API takes is deeper
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _json_body() -> dict:
    try:
        data = request.get_json(silent=True)
    except RecursionError as error:
        raise BadInput("请求体的 JSON 嵌套过深", field="body") from error
    if not isinstance(data, dict):
        raise BadInput("请求体应为 JSON 对象", field="body")
    unusable = next((key for key, value in data.items() if not _clean(key) or not _clean(value)), None)
    if unusable is not None:
        raise BadInput(f"{_safe(unusable)} 含有无效字符（不成对的代理项）", field=_safe(unusable))
    return data


def _clean(value, depth: int = 0) -> bool:
    """No lone surrogate (\\ud800) anywhere in *value*: it cannot be stored nor shown."""
    if depth > MAX_DEPTH:
        raise BadInput("请求体的 JSON 嵌套过深", field="body")
    if isinstance(value, str):
        return not _SURROGATE.search(value)
    if isinstance(value, dict):
        return all(_clean(k, depth + 1) and _clean(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_clean(v, depth + 1) for v in value)
    return True


def _safe(text: str) -> str:
    return _SURROGATE.sub("\ufffd", str(text))


@bp.get("/search")
def search():
    query = request.args.get("q")
    if query is None:
        raise BadInput("缺少参数 q", field="q")
    subject = request.args.get("subject") or None
    tags = subjects()
    if subject is not None and subject not in tags:
        raise BadInput(f"subject 应为：{'、'.join(tags)}", field="subject")
    result = get_snapshot().search.search(
        query, limit=int_arg("limit", 10, 1, 100), offset=int_arg("offset", 0, 0, 10_000),
        chapter=int_arg("chapter", None, 1, 99), subject=subject, document=request.args.get("doc") or None)
    return jsonify(result.to_dict())


@bp.post("/ask")
def ask():
    data = _json_body()
    question = data.get("question")
    if not isinstance(question, str):
        raise BadInput("question 应为字符串", field="question")
    session = data.get("session")
    if session is not None and session != NEW and (
            not isinstance(session, str) or not 8 <= len(session) <= 64
            or not session.replace("-", "").replace("_", "").isalnum()):
        raise BadInput(f"session 应为 \"{NEW}\"（开始一段对话）或上一次回答返回的 session", field="session")
    qa = get_snapshot().qa
    # Conversations are started by the server: "new", or an id it never issued, gets a fresh one; a
    # question without a session is answered on its own and leaves no conversation behind.
    if session is not None and (session == NEW or not qa.store.has_session(session)):
        session = qa.new_session()
    answer = qa.ask(question, session=session)
    return jsonify(answer.to_dict())


@bp.get("/articles/<path:ref>")
def article(ref: str):
    snapshot = get_snapshot()
    try:
        clause = lookup(snapshot.kb, ref)
    except BadInput as error:
        raise NotFound(str(error)) from error
    data = clause.to_dict()
    data["url"] = f"/articles#{clause.id}"
    return jsonify(data)


@bp.get("/questions/<kind>")
def questions(kind: str):
    found = questionnaires()
    if kind not in found:
        raise NotFound(f"没有这种问卷：{kind}（可选：{'、'.join(found)}）")
    return jsonify(questionnaire_to_dict(get_snapshot().kb, found[kind]))


@bp.post("/assess")
def assess_answers():
    return jsonify(_assessed())


@bp.post("/assess/calendar")
def assess_calendar():
    """The assessment's upcoming deadlines as an iCalendar file (the same request body as /api/assess)."""
    from assistant.assess.ics import render_ics

    return Response(render_ics(_assessed()), mimetype="text/calendar",
                    headers={"Content-Disposition": "attachment; filename=deadlines.ics"})


def _assessed() -> dict:
    data = _json_body()
    kind = data.get("type")
    found = questionnaires()
    if not isinstance(kind, str) or kind not in found:
        raise BadInput(f"type 应为 {' 或 '.join(found)}", field="type")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise BadInput("answers 应为对象：{问题 id: 答案}", field="answers")
    day = assessment_date(data.get("date")) if data.get("date") is not None else dt.date.today()
    if day > dt.date.today():
        raise BadInput("评估日期 date 不能晚于今天", field="date")
    current = get_snapshot()
    normalised = validate_answers(find_questionnaire(kind), answers, day)
    return with_context(assess(current.kb, kind, normalised, day, current.holidays).to_dict(), current.kb)


@bp.get("/status")
def status():
    snapshot = get_snapshot()
    doc = snapshot.kb.main
    storage = storage_warning(current_app.config["ASSISTANT_SETTINGS"].data_dir)
    return jsonify({"title": doc["title"], "doc_number": doc["doc_number"], "effective": doc["effective"],
                    "status": snapshot.kb.status(dt.date.today()), "fingerprint": snapshot.kb.fingerprint,
                    "warnings": [*snapshot.warnings, *([storage] if storage else [])],
                    "storage": {"writable": storage is None, "warning": storage},
                    "database": {"backend": backend(current_app.config["ASSISTANT_SETTINGS"].data_dir)}})


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(list(questionnaires()), subjects(), get_snapshot().kb.main["title"]))
