"""The help-desk chat: works as a plain form post, and better with JavaScript
(the same endpoint answers fetch() with JSON)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for

from assistant.errors import BadInput
from assistant.textnorm import MAX_QUERY_CHARS

from . import chat
from .snapshot import get_snapshot

bp = Blueprint("ask", __name__)


def _settings():
    return current_app.config["ASSISTANT_SETTINGS"]


def answer_question(question: str) -> dict:
    snapshot = get_snapshot()
    session_id = chat.chat_id()
    answer = snapshot.qa.ask(question, session=session_id).to_dict()
    chat.append(_settings().data_dir, session_id, question, answer)
    return answer


@bp.get("/ask")
def page():
    question = request.args.get("q", "").strip()
    if question:
        # A question from the home page or a suggestion link: answer it, then
        # show the conversation (reloading the page does not ask again).
        try:
            answer_question(question)
        except BadInput as error:
            return _render(error=str(error), draft=question[:MAX_QUERY_CHARS * 5])
        return redirect(url_for("ask.page") + "#latest")
    return _render()


@bp.post("/ask")
def post():
    question = request.form.get("question", "").strip()
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        if not question:
            raise BadInput("请输入问题", field="question")
        answer = answer_question(question)
    except BadInput as error:
        if wants_json:
            return jsonify({"error": str(error), "status": 400, "field": "question"}), 400
        return _render(error=str(error), draft=question), 400
    if wants_json:
        return jsonify(answer)
    return redirect(url_for("ask.page") + "#latest")


@bp.post("/ask/reset")
def reset():
    chat.reset()
    return redirect(url_for("ask.page"))


def _render(error: str | None = None, draft: str = ""):
    messages = chat.transcript(_settings().data_dir, chat.chat_id())
    return render_template("ask.html", messages=messages, error=error, draft=draft, limit=MAX_QUERY_CHARS)
