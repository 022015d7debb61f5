"""The self-assessment wizard: a few questions per page with their clause,
back and forward, progress, review, result, print view and downloads — on
the same engine as the command line (:mod:`assistant.assess`)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for

from assistant.assess import TYPES, assess, assessment_date, load_questionnaire, questionnaire_to_dict
from assistant.assess.pdf import knowledge_text, render_pdf
from assistant.assess.report import render_markdown
from assistant.errors import BadInput

from . import get_snapshot, wizard_store

bp = Blueprint("assess", __name__, url_prefix="/assess")


def _data_dir():
    return current_app.config["ASSISTANT_SETTINGS"].data_dir


def _load(token: str):
    saved = wizard_store.load(_data_dir(), token)
    questionnaire = load_questionnaire(get_snapshot().kb, saved.type)
    return saved, questionnaire


def _date(saved) -> dt.date:
    return assessment_date(saved.date) if saved.date else dt.date.today()


@bp.get("/")
def start():
    kind = request.args.get("type")
    if kind is not None and kind not in TYPES:
        abort(404, description="没有这种自评问卷（可选：绿色工厂、绿色园区）")
    return render_template("assess/start.html", kind=kind, types=TYPES)


@bp.post("/new")
def new():
    kind = request.form.get("type", "")
    if kind not in TYPES:
        raise BadInput("请选择自评类型：绿色工厂或绿色园区", field="type")
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
        page_obj, questions = pages[ids.index(page_id)]
        errors, draft = _take_answers(saved, questionnaire, questions)
        wizard_store.save(_data_dir(), saved)  # what was valid is kept, even when something was not
        if not errors:
            return _after_save(saved, questionnaire, page_id, request.form.get("nav", "next"))
        pages = questionnaire.visible_pages(saved.answers)
        ids = [p.id for p, _ in pages]
        if page_id not in ids:
            return redirect(url_for("assess.resume", token=token))
    index = ids.index(page_id)
    page_obj, questions = pages[index]
    kb = get_snapshot().kb
    quotes = {q.id: [kb.clause(s) for s in q.source if kb.has(s)] for q in questions}
    status = 400 if errors else 200
    return render_template("assess/page.html", saved=saved, questionnaire=questionnaire, page=page_obj,
                           questions=questions, quotes=quotes, index=index, total=len(pages), errors=errors,
                           draft=draft, previous=ids[index - 1] if index else None,
                           title=TYPES[saved.type]), status


def _take_answers(saved, questionnaire, questions) -> tuple[dict[str, str], dict[str, str]]:
    errors: dict[str, str] = {}
    draft: dict[str, str] = {}
    for question in questions:
        raw = request.form.get(f"q_{question.id}", "").strip()
        if request.form.get(f"u_{question.id}") == "unsure":
            raw = "unsure"
        draft[question.id] = raw
        if raw == "":
            saved.answers.pop(question.id, None)
            continue
        try:
            saved.answers[question.id] = questionnaire.parse_answer(question.id, raw)
        except BadInput as error:
            errors[question.id] = str(error)
            saved.answers.pop(question.id, None)
    if not errors:
        try:
            questionnaire.validate(saved.answers, _date(saved))
        except BadInput as error:
            field = error.field if error.field in draft else questions[0].id
            errors[field] = str(error)
            saved.answers.pop(field, None)
    return errors, draft


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
        if nav == "next" and any(q.id not in shown for q in questions):
            return redirect(url_for("assess.page", token=saved.id, page_id=page_id))
        if index + 1 < len(ids):
            return redirect(url_for("assess.page", token=saved.id, page_id=ids[index + 1]))
    return redirect(url_for("assess.review", token=saved.id))


@bp.get("/<token>/review")
def review(token: str):
    saved, questionnaire = _load(token)
    pages = questionnaire.visible_pages(saved.answers)
    unanswered = questionnaire.unanswered(saved.answers)
    return render_template("assess/review.html", saved=saved, questionnaire=questionnaire, pages=pages,
                           unanswered=unanswered, date=_date(saved).isoformat(), title=TYPES[saved.type])


@bp.post("/<token>/date")
def set_date(token: str):
    saved, questionnaire = _load(token)
    raw = request.form.get("date", "").strip()
    day = assessment_date(raw or None)
    if day > dt.date.today():
        raise BadInput("评估日期不能晚于今天", field="date")
    questionnaire.validate(saved.answers, day)
    saved.date = day.isoformat()
    wizard_store.save(_data_dir(), saved)
    return redirect(url_for("assess.review", token=token))


@bp.post("/<token>/restart")
def restart(token: str):
    saved, questionnaire = _load(token)
    saved.answers, saved.date = {}, None
    wizard_store.save(_data_dir(), saved)
    return redirect(url_for("assess.page", token=token, page_id=questionnaire.pages[0].id))


def _result(token: str) -> tuple:
    saved, questionnaire = _load(token)
    result = assess(get_snapshot().kb, saved.type, saved.answers, _date(saved)).to_dict()
    return saved, questionnaire, result


@bp.get("/<token>/result")
def result(token: str):
    saved, _, data = _result(token)
    return render_template("assess/result.html", saved=saved, result=data, title=TYPES[saved.type],
                           print_view=False)


@bp.get("/<token>/print")
def print_view(token: str):
    saved, _, data = _result(token)
    return render_template("assess/result.html", saved=saved, result=data, title=TYPES[saved.type],
                           print_view=True)


@bp.get("/<token>/report.<fmt>")
def report(token: str, fmt: str):
    saved, _, data = _result(token)
    name = f"绿色认定自评-{TYPES[saved.type]}-{data['date']}"
    if fmt == "json":
        response = jsonify(data)
    elif fmt == "md":
        response = Response(render_markdown(data), mimetype="text/markdown; charset=utf-8")
    elif fmt == "pdf":
        fonts = _data_dir() / "cache" / "fonts"
        response = Response(render_pdf(data, fonts, knowledge_text(get_snapshot().kb)), mimetype="application/pdf")
    else:
        abort(404, description="没有这种报告格式（可选：pdf、json、md）")
    response.headers["Content-Disposition"] = _attachment(f"{name}.{fmt}")
    return response


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"assessment.{filename.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(filename)}"


@bp.get("/questions/<kind>.json")
def questions_json(kind: str):
    if kind not in TYPES:
        abort(404)
    kb = get_snapshot().kb
    return jsonify(questionnaire_to_dict(kb, load_questionnaire(kb, kind)))
