"""Answers: one value per question id, checked before anything is judged.

Stored values are plain strings so an answer set is the same JSON whether it
comes from a file, the terminal or a web form: ``yes`` / ``no`` / ``unsure``
for yes-no questions, the option value for choices, ``YYYY-MM-DD`` (or
``unsure`` where allowed) for dates. Every error is a :class:`BadInput` whose
``field`` is the question id and whose message names it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..errors import BadInput
from ..knowledge.questionnaires import UNSURE, Question, Questionnaire
from ..periods import parse_iso_date

_JSON_TYPES = {bool: "true/false", int: "数字", float: "数字", list: "列表", dict: "对象"}


def where(question: Question) -> str:
    """The question by id and words: an answers file is written with ids."""
    return f"答案 {question.id}（{question.text}）"


def in_words(question: Question, message: str = "") -> str:
    """*message* (or just the question) for someone filling in the form: the question in words, no id."""
    words = f"“{question.text.rstrip('？?')}”"
    return message.replace(where(question), words) if message else words


def _expected(question: Question) -> str:
    choices = "、".join(f"{o.value}（{o.label}）" for o in question.options)
    if question.type == "date":
        return "YYYY-MM-DD 格式的真实日期（如 2023-06-01）" + (f"，或 {choices}" if choices else "")
    return choices


def parse_answer(question: Question, raw: Any) -> str | None:
    """The stored value for *raw*; None when nothing was answered."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) and question.type == "yesno":
        return "yes" if raw else "no"
    if not isinstance(raw, str):
        kind = _JSON_TYPES.get(type(raw), type(raw).__name__)
        raise BadInput(f"{where(question)}：应为 {_expected(question)}，而不是{kind} {raw!r}", field=question.id)
    text = raw.strip()
    for option in question.options:
        if text in (option.value, option.label):
            return option.value
    if question.type == "date":
        day = parse_iso_date(text)
        if day is None:
            raise BadInput(f"{where(question)}：“{text}”不是有效日期，应为 {_expected(question)}", field=question.id)
        return day.isoformat()
    raise BadInput(f"{where(question)}：“{text}”不是有效回答，应为 {_expected(question)}", field=question.id)


def answer_date(value: str | None) -> dt.date | None:
    """The date of a stored date answer (None for unanswered or ``unsure``)."""
    if value in (None, UNSURE):
        return None
    return dt.date.fromisoformat(value)


def validate_answers(questionnaire: Questionnaire, answers: Any, today: dt.date) -> dict[str, str]:
    """Normalised answers in questionnaire order, or :class:`BadInput` naming the field.

    Checks: the question exists; the value fits its type; a date is a real
    day, not after the assessment date, and not before the date it must
    follow (an accident before the enterprise was founded). Answers to
    questions hidden by earlier answers are kept but never judged.
    """
    if not isinstance(answers, dict):
        raise BadInput("答案应为 {\"问题 id\": 回答} 形式的 JSON 对象", field="answers")
    parsed: dict[str, str] = {}
    for key, raw in answers.items():
        if not isinstance(key, str) or not questionnaire.has(key):
            kind = questionnaire.label
            raise BadInput(f"答案 {key}：{kind}问卷中没有这个问题（问题 id 可用 questions 命令查看）", field=str(key))
        value = parse_answer(questionnaire.question(key), raw)
        if value is not None:
            parsed[key] = value
    normalised = {q.id: parsed[q.id] for q in questionnaire.questions if q.id in parsed}
    for question in questionnaire.questions:
        day = answer_date(normalised.get(question.id)) if question.type == "date" else None
        if day is not None and day > today:
            raise BadInput(f"{where(question)}：{day} 晚于评估日期 {today}，不能填将来的日期", field=question.id)
    visible = {q.id for q in questionnaire.visible_questions(normalised)}
    for question in questionnaire.questions:
        if not question.not_before or not {question.id, question.not_before} <= visible:
            continue
        day, earliest = answer_date(normalised.get(question.id)), answer_date(normalised.get(question.not_before))
        if day is not None and earliest is not None and day < earliest:
            other = questionnaire.question(question.not_before)
            raise BadInput(f"{where(question)}：{day} 早于“{other.text}”的回答 {earliest}，请核对", field=question.id)
    return normalised


def read_answers_file(path: Path) -> dict:
    """``{"question_id": value}`` (or ``{"answers": {...}}``) from a JSON file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise BadInput(f"答案文件 {path} 不是 UTF-8 文本", field="answers") from error
    except OSError as error:
        raise BadInput(f"读不了答案文件 {path}：{error.strerror}", field="answers") from error
    try:
        data = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", None)
        at = f"第 {line} 行" if line else ""
        raise BadInput(f"答案文件 {path} 不是有效的 JSON（{at}{error}）", field="answers") from error
    if isinstance(data, dict) and set(data) == {"answers"}:
        data = data["answers"]
    if not isinstance(data, dict):
        raise BadInput(f"答案文件 {path} 应为 {{\"问题 id\": 回答}} 形式的 JSON 对象", field="answers")
    return data
