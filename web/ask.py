"""The help-desk chat: works as a plain form post, and better with JavaScript
(the same endpoint answers fetch() with JSON).

Every visit starts a new conversation. Its id is made by the server on the
first post and remembered in the session cookie (web/chat.py); the page then
lives at /ask?c=<id>. A GET never writes: a question in a link (/ask?q=…) is
answered without a session and only carried along by the form, and the first
post of that page asks it again in the new conversation before the new
question, so that a follow-up such as “那园区呢？” is understood.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for

from assistant.errors import BadInput
from assistant.textnorm import MAX_QUERY_CHARS

from . import chat
from .snapshot import get_snapshot

bp = Blueprint("ask", __name__)


def _settings():
    return current_app.config["ASSISTANT_SETTINGS"]


def answer_question(question: str, conversation: str) -> dict:
    """Ask *question* in *conversation* and keep both in its transcript."""
    answer = get_snapshot().qa.ask(question, session=conversation).to_dict()
    chat.append(_settings().data_dir, conversation, question, answer)
    chat.remember(conversation)
    return answer


def preview(question: str) -> dict:
    """Answer *question* on its own, without a session: nothing is saved."""
    return {"question": question, "answer": get_snapshot().qa.ask(question, record=False).to_dict()}


@bp.get("/ask")
def page():
    question = request.args.get("q", "").strip()
    if question:
        # A question from a link (常见问题, a suggestion, the home page): a new,
        # not yet saved conversation that starts with it.
        try:
            turn = preview(question)
        except BadInput as error:
            return _render(error=str(error), draft=question[:MAX_QUERY_CHARS * 5])
        return _render(turn=turn, draft=question)
    return _render(chat.known(request.args.get("c")))


@bp.post("/ask")
def post():
    question = request.form.get("question", "").strip()
    context = request.form.get("context", "").strip()
    wants_json = request.accept_mimetypes.best == "application/json"
    conversation = chat.known(request.form.get("c"))
    replayed = False
    try:
        if not question:
            raise BadInput("请输入问题", field="question")
        if conversation is None:
            conversation = chat.new_id()
            if context and context != question:
                replayed = _replay(context, conversation)
        answer = answer_question(question, conversation)
    except BadInput as error:
        # The conversation exists only if something was saved in it (the replay).
        conversation = chat.known(conversation)
        if wants_json:
            body = {"error": str(error), "status": 400, "field": "question"}
            if conversation:
                body["conversation"] = conversation
            return jsonify(body), 400
        turn = None
        if conversation is None and context:
            try:
                turn = preview(context)
            except BadInput:
                turn = None
        return _render(conversation, turn=turn, error=str(error), draft=question), 400
    if wants_json:
        return jsonify({**answer, "conversation": conversation, "replayed": replayed})
    return redirect(url_for("ask.page", c=conversation) + "#latest")


@bp.post("/ask/reset")
def reset():
    # Kept for old pages and bookmarks: a new conversation is simply /ask.
    return redirect(url_for("ask.page"))


def _replay(context: str, conversation: str) -> bool:
    """Ask the question the page was opened with first; False if it is no question."""
    try:
        answer_question(context, conversation)
    except BadInput:
        return False  # e.g. an edited form: the context is dropped, the question still asked
    return True


def _render(conversation: str | None = None, turn: dict | None = None, error: str | None = None,
            draft: str = ""):
    """The chat page: the saved *conversation*, or a new one (opened with the unsaved *turn*)."""
    messages = chat.transcript(_settings().data_dir, conversation) if conversation else []
    if turn is not None and not messages:
        messages = [{**turn, "preview": True}]
    else:
        turn = None
    return render_template("ask.html", messages=messages, conversation=conversation,
                           context=turn["question"] if turn else "", error=error, draft=draft,
                           limit=MAX_QUERY_CHARS)
