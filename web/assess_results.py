"""The self-assessment's results: the result page, its print view, the 申报单位名称
form, the reports (PDF, JSON, Markdown) and the 一次性告知单 — registered on the
wizard's blueprint by :mod:`web.assess` so that the endpoints keep their names."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from assistant.assess import assess, assessment_date
from assistant.assess.report import NAME_FIELD, NAME_LIMIT, clean_enterprise_name, render_markdown, with_context
from assistant.errors import BadInput

from . import wizard_store
from .snapshot import get_snapshot
from .snapshot import questionnaire as find_questionnaire


def data_dir():
    return current_app.config["ASSISTANT_SETTINGS"].data_dir


def load(token: str):
    saved = wizard_store.load(data_dir(), token)
    return saved, find_questionnaire(saved.type)


def day_of(saved) -> dt.date:
    return assessment_date(saved.date) if saved.date else dt.date.today()


def _result(token: str) -> tuple:
    saved, questionnaire = load(token)
    current = get_snapshot()
    result = assess(current.kb, saved.type, saved.answers, day_of(saved), current.holidays).to_dict()
    return saved, questionnaire, with_context(result, current.kb, saved.enterprise_name)


def _page(saved, questionnaire, data, print_view: bool, name_error: str | None = None, typed: str | None = None):
    return render_template("assess/result.html", saved=saved, result=data, title=questionnaire.label,
                           print_view=print_view, name_error=name_error, name_field=NAME_FIELD,
                           name_limit=NAME_LIMIT,
                           typed_name=typed if typed is not None else (saved.enterprise_name or ""))


def result(token: str):
    saved, questionnaire, data = _result(token)
    return _page(saved, questionnaire, data, print_view=False)


def print_view(token: str):
    saved, questionnaire, data = _result(token)
    return _page(saved, questionnaire, data, print_view=True)


def set_name(token: str):
    """申报单位名称 for the reports: refused in words next to the field, never a bare error page."""
    saved, questionnaire = load(token)
    typed = request.form.get("enterprise_name", "")
    try:
        name = clean_enterprise_name(typed)
    except BadInput as error:
        _, _, data = _result(token)
        return _page(saved, questionnaire, data, print_view=False, name_error=str(error), typed=typed), 400
    wizard_store.save_enterprise_name(data_dir(), saved.id, name)
    return redirect(url_for("assess.result", token=token, _anchor="enterprise"))


def report(token: str, fmt: str):
    _, _, data = _result(token)
    name = f"绿色认定自评-{data['type_label']}-{data['date']}"
    if fmt == "json":
        response = jsonify(data)
    elif fmt == "md":
        response = Response(render_markdown(data), mimetype="text/markdown; charset=utf-8")
    elif fmt == "pdf":
        from assistant.assess.pdf import knowledge_text, render_pdf

        fonts = data_dir() / "cache" / "fonts"
        response = Response(render_pdf(data, fonts, knowledge_text(get_snapshot().kb)), mimetype="application/pdf")
    else:
        abort(404, description="没有这种报告格式（可选：pdf、json、md）")
    response.headers["Content-Disposition"] = _attachment(f"{name}.{fmt}")
    return response


def _attachment(filename: str) -> str:
    return f"attachment; filename=\"assessment.{filename.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(filename)}"


def notice(token: str):
    from assistant.assess.notice import build_notice

    saved, questionnaire, data = _result(token)
    return render_template("assess/notice.html", saved=saved, notice=build_notice(data), title=questionnaire.label)


def calendar(token: str):
    """The result's upcoming deadlines (第十九条, 第十八条) as an iCalendar file."""
    from assistant.assess.ics import render_ics

    _, _, data = _result(token)
    response = Response(render_ics(data), mimetype="text/calendar")
    response.headers["Content-Disposition"] = _attachment(f"期限-{data['type_label']}-{data['date']}.ics")
    return response


NOTICE_TYPES = {"md": "text/markdown; charset=utf-8", "pdf": "application/pdf",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def notice_file(token: str, fmt: str):
    from assistant.assess.notice_docs import render_notice
    from assistant.assess.pdf import knowledge_text

    if fmt not in NOTICE_TYPES:
        abort(404, description="没有这种告知单格式（可选：pdf、docx、md）")
    _, _, data = _result(token)
    extra = knowledge_text(get_snapshot().kb) if fmt == "pdf" else ""
    response = Response(render_notice(data, fmt, data_dir() / "cache" / "fonts", extra), mimetype=NOTICE_TYPES[fmt])
    response.headers["Content-Disposition"] = _attachment(f"一次性告知单-{data['type_label']}-{data['date']}.{fmt}")
    return response


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def nowrap_dates(text) -> Markup:
    """Escaped text whose ISO dates never break at a hyphen (2025-10-/27 on a phone)."""
    text, out, at = str(text or ""), [], 0
    for match in _DAY.finditer(text):
        out += [escape(text[at:match.start()]), Markup('<span class="date">{}</span>').format(match.group(0))]
        at = match.end()
    return Markup("").join([*out, escape(text[at:])])


def register(bp: Blueprint) -> None:
    bp.add_app_template_filter(nowrap_dates, "nowrap_dates")
    bp.add_url_rule("/<token>/result", "result", result)
    bp.add_url_rule("/<token>/print", "print_view", print_view)
    bp.add_url_rule("/<token>/name", "set_name", set_name, methods=["POST"])
    bp.add_url_rule("/<token>/report.<fmt>", "report", report)
    bp.add_url_rule("/<token>/calendar.ics", "calendar", calendar)
    bp.add_url_rule("/<token>/notice", "notice", notice)
    bp.add_url_rule("/<token>/notice.<fmt>", "notice_file", notice_file)
