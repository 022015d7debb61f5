"""The self-assessment wizard: a few questions per page with their clause,
back and forward, progress, review, clearing and deleting — on the same
engine as the command line (:mod:`assistant.assess`); the result, print view
and downloads are in :mod:`web.assess_results`."""

from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for

from assistant.assess import assessment_date, parse_answer, questionnaire_to_dict, validate_answers
from assistant.assess.answers import in_words
from assistant.errors import BadInput

from . import assess_results, wizard_store
from .snapshot import get_snapshot, questionnaires
from .snapshot import questionnaire as find_questionnaire

bp = Blueprint("assess", __name__, url_prefix="/assess")


_data_dir, _load, _date = assess_results.data_dir, assess_results.load, assess_results.day_of
assess_results.register(bp)


@bp.context_processor
def _page_settings() -> dict:
    # Full links come from the configured address, never from the request's Host header.
    settings = current_app.config["ASSISTANT_SETTINGS"]
    return {"base_url": settings.base_url, "retention_days": settings.assessment_retention_days}


@bp.get("/")
def start():
    kind = request.args.get("type")
    if kind is not None:
        find_questionnaire(kind)  # 404 naming the questionnaires there are
    return render_template("assess/start.html", kind=kind, questionnaires=questionnaires())


@bp.post("/new")
def new():
    kind = request.form.get("type", "")
    found = questionnaires()
    if kind not in found:
        raise BadInput(f"请选择自评类型：{'或'.join(q.label for q in found.values())}", field="type")
    saved = wizard_store.new(_data_dir(), kind)
    return redirect(url_for("assess.resume", token=saved.id))


@bp.get("/<token>")
def resume(token: str):
    saved, questionnaire = _load(token)
    pages = questionnaire.visible_pages(saved.answers)
    for page, questions in pages:
        if any(q.id not in saved.answers for q in questions):
            return redirect(url_for("assess.page", token=token, page_id=page.id))
    return redirect(url_for("assess.review", token=token))


@bp.route("/<token>/p/<page_id>", methods=["GET", "POST"])
def page(token: str, page_id: str):
    saved, questionnaire = _load(token)
    pages = questionnaire.visible_pages(saved.answers)
    ids = [p.id for p, _ in pages]
    if page_id not in ids:
        abort(404, description="这一页在当前答案下不需要填写")
    errors: dict[str, str] = {}
    draft: dict[str, str] = {}
    if request.method == "POST":
        errors, draft = _take_answers(saved, questionnaire, page_id)
        # what was valid is kept, even when something was not
        wizard_store.save_answers(_data_dir(), saved.id, saved.answers, list(draft))
        if not errors:
            return _after_save(saved, questionnaire, page_id, request.form.get("nav", "next"))
        pages = questionnaire.visible_pages(saved.answers)
        ids = [p.id for p, _ in pages]
        if page_id not in ids:
            return redirect(url_for("assess.resume", token=token))
    index = ids.index(page_id)
    page_obj, questions = pages[index]
    kb = get_snapshot().kb
    items = _page_items(questionnaire, page_obj, saved.answers, questions)
    quotes = {q.id: [kb.clause(s) for s in q.source if kb.has(s)] for q, _, _ in items}
    status = 400 if errors else 200
    return render_template("assess/page.html", saved=saved, questionnaire=questionnaire, page=page_obj,
                           items=items, quotes=quotes, index=index, total=len(pages), errors=errors,
                           draft=draft, previous=ids[index - 1] if index else None,
                           title=questionnaire.label), status


def _page_items(questionnaire, page_obj, answers: dict, visible: list) -> list[tuple]:
    """Every question of the page as (question, hidden, show_if on this page): a question that an answer
    on this same page would reveal is sent hidden (and disabled, so never submitted), for the script to
    show in place; without the script the server reveals it after saving, as before."""
    on_page = {q.id for q in page_obj.questions}
    shown = {q.id for q in visible}
    items, sent = [], set()
    for question in page_obj.questions:
        local = {parent: list(values) for parent, values in question.show_if.items() if parent in on_page}
        elsewhere_ok = all(answers.get(parent) in values for parent, values in question.show_if.items()
                           if parent not in on_page)
        hidden = question.id not in shown
        if hidden and not (local and elsewhere_ok and all(parent in sent for parent in local)):
            continue
        sent.add(question.id)
        items.append((question, hidden, json.dumps(local) if local else None))
    return items


def _take_answers(saved, questionnaire, page_id: str) -> tuple[dict[str, str], dict[str, str]]:
    """Read the page's answers, including those to questions the script revealed in place: the
    questions to read grow with the answers read, and only those the applicant saw are touched."""
    shown = set(request.form.getlist("shown"))
    draft: dict[str, str] = {}
    errors: dict[str, str] = {}
    while True:
        visible = {p.id: qs for p, qs in questionnaire.visible_pages(saved.answers)}.get(page_id, [])
        shown = shown or {q.id for q in visible}  # a form without the list (an old tab): the page as served
        batch = [q for q in visible if q.id in shown and q.id not in draft]
        if not batch:
            break
        _read(saved, batch, draft, errors)
    if not errors and draft:
        try:
            validate_answers(questionnaire, saved.answers, _date(saved))
        except BadInput as error:
            field = error.field if error.field in draft else next(iter(draft))
            errors[field] = in_words(questionnaire.question(field), str(error))
            saved.answers.pop(field, None)
    return errors, draft


def _read(saved, questions, draft: dict[str, str], errors: dict[str, str]) -> None:
    for question in questions:
        raw = request.form.get(f"q_{question.id}", "").strip()
        if request.form.get(f"u_{question.id}") == "unsure":
            if raw and raw != "unsure":  # a date and 不确定 both: which one was meant cannot be guessed
                draft[question.id] = raw
                errors[question.id] = (f"{in_words(question)}：填了日期又勾选了“不确定”，请只保留一个"
                                       "（记得日期就填日期，不记得就只勾选“不确定”）")
                saved.answers.pop(question.id, None)
                continue
            raw = "unsure"
        draft[question.id] = raw
        if raw == "":
            saved.answers.pop(question.id, None)
            continue
        try:
            saved.answers[question.id] = parse_answer(question, raw)
        except BadInput as error:
            errors[question.id] = in_words(question, str(error))
            saved.answers.pop(question.id, None)


def _after_save(saved, questionnaire, page_id: str, nav: str):
    pages = questionnaire.visible_pages(saved.answers)
    ids = [p.id for p, _ in pages]
    if page_id in ids:
        index = ids.index(page_id)
        _, questions = pages[index]
        if nav == "back":
            target = ids[index - 1] if index else page_id
            return redirect(url_for("assess.page", token=saved.id, page_id=target))
        # A question that appeared on this page because of an answer just given
        # (the date after "yes, there was an accident") is asked here and now.
        shown = set(request.form.getlist("shown"))
        came_from_review = request.form.get("back") == "review"
        if nav == "next" and any(q.id not in shown for q in questions):
            return redirect(url_for("assess.page", token=saved.id, page_id=page_id, added=1,
                                    back="review" if came_from_review else None))
        if nav == "next" and came_from_review:  # a change made from 查看全部答案 goes back there
            return redirect(url_for("assess.review", token=saved.id))
        if index + 1 < len(ids):
            return redirect(url_for("assess.page", token=saved.id, page_id=ids[index + 1]))
    return redirect(url_for("assess.review", token=saved.id))


@bp.get("/<token>/review")
def review(token: str):
    saved, questionnaire = _load(token)
    pages = questionnaire.visible_pages(saved.answers)
    unanswered = questionnaire.unanswered(saved.answers)
    return render_template("assess/review.html", saved=saved, questionnaire=questionnaire, pages=pages,
                           unanswered=unanswered, date=_date(saved).isoformat(), title=questionnaire.label)


@bp.post("/<token>/date")
def set_date(token: str):
    saved, questionnaire = _load(token)
    raw = request.form.get("date", "").strip()
    day = assessment_date(raw or None)
    if day > dt.date.today():
        raise BadInput("评估日期不能晚于今天", field="date")
    validate_answers(questionnaire, saved.answers, day)
    saved.date = day.isoformat()
    wizard_store.save_date(_data_dir(), saved.id, saved.date)
    return redirect(url_for("assess.review", token=token))


@bp.route("/<token>/restart", methods=["GET", "POST"])
def restart(token: str):
    """清空重来: asked first (GET), then done (POST) in a way that can be undone."""
    saved, questionnaire = _load(token)
    if request.method == "GET":
        return _confirm(saved, "清空重来", "assess.restart", "确认清空",
                        "清空后所有回答和评估日期都会删除，从第一页重新填写。清空后可以撤销。")
    wizard_store.clear(_data_dir(), saved.id)
    return redirect(url_for("assess.page", token=token, page_id=questionnaire.pages[0].id))


@bp.post("/<token>/undo")
def undo(token: str):
    saved, _ = _load(token)
    wizard_store.undo_clear(_data_dir(), saved.id)
    return redirect(url_for("assess.review", token=token))


@bp.route("/<token>/delete", methods=["GET", "POST"])
def delete(token: str):
    """The applicant deletes the saved answers: asked first, then gone for good."""
    saved, _ = _load(token)
    if request.method == "GET":
        return _confirm(saved, "删除我的回答", "assess.delete", "确认删除",
                        "删除后这份自评的回答会从服务器上彻底删除，链接随即失效，无法恢复。")
    wizard_store.delete(_data_dir(), saved.id)
    return render_template("assess/confirm.html", saved=None, title="已删除", action=None, button=None,
                           message="这份自评的回答已从服务器上删除。")


def _confirm(saved, title: str, endpoint: str, button: str, message: str):
    """A page that asks before something is destroyed (GOV.UK: confirm, with a way back)."""
    return render_template("assess/confirm.html", saved=saved, title=title, button=button, message=message,
                           action=url_for(endpoint, token=saved.id))


@bp.get("/questions/<kind>.json")
def questions_json(kind: str):
    return jsonify(questionnaire_to_dict(get_snapshot().kb, find_questionnaire(kind)))
