"""Build-time validation of ``kb/questionnaires/*.yaml``.

A questionnaire (``kind: questionnaire``) or the procedure (``kind:
procedure``) that is malformed, cites a clause the measures do not have, or
refers to a question or condition that does not exist stops the build with
the file, the line and the reason.

YAML 1.1 reads a bare ``yes`` / ``no`` as a boolean; answer values are
strings, so booleans in answer positions are turned back into ``yes`` /
``no`` here and the stored data always holds strings.
"""

from __future__ import annotations

from typing import Any

from ..kbschema import Context, validator
from .kbcheck import (
    ACTION_KINDS,
    DATE_KEYS,
    SLUG,
    STATUSES,
    STEP_STATUSES,
    VERDICTS,
    Checker,
    answer_values,
    items_of,
)
from .questionnaire import QUESTION_TYPES, TYPES

TEMPLATES = {"unsure_reason": {"question"}, "unanswered_reason": {"question"}, "unanswered_action": {"questions"}}
REASON_FIELDS = {"date", "until", "years", "question", "answer"}


@validator("questionnaires/*.yaml")
def questionnaire_file(data: Any, context: Context) -> Any:
    if not isinstance(data, dict) or data.get("kind") not in ("questionnaire", "procedure"):
        raise context.fail(data, "expected 'kind: questionnaire' or 'kind: procedure' at the top")
    check = Checker(context)
    if data["kind"] == "procedure":
        check_procedure(data, check)
    else:
        check_questionnaire(data, check)
    return data


def check_questionnaire(data: dict, check: Checker) -> None:
    fail = check.context.fail
    if data.get("type") not in TYPES:
        raise fail(data, f"'type' must be one of {sorted(TYPES)}")
    for key in ("title", "subject"):
        check.text(data, key)
    check.ids(data, "source")
    for key, fields in TEMPLATES.items():
        check.text(data, key, fields)
    conditions = check.entries(data, "conditions")
    readiness = check.entries(data, "readiness", required=False)
    specs = conditions + readiness
    _unique(check, specs, "condition")
    kinds = {s["id"]: "condition" for s in conditions} | {s["id"]: "readiness" for s in readiness}
    questions = _questions(data, check)
    for question in questions.values():
        _check_question(question, questions, kinds, check)
    decided = {cid for q in questions.values() for cid, _ in items_of(q.get("decides", {}))}
    for spec in specs:
        _check_spec(spec, questions, check)
        if spec["id"] not in decided:
            raise fail(spec, f"no question decides '{spec['id']}'")


def _unique(check: Checker, entries: list[dict], what: str) -> set[str]:
    seen: set[str] = set()
    for entry in entries:
        ident = entry.get("id")
        if not isinstance(ident, str) or not ident:
            raise check.context.fail(entry, f"every {what} needs an 'id'")
        if ident in seen:
            raise check.context.fail(entry, f"{what} id '{ident}' is used twice")
        seen.add(ident)
    return seen


def _questions(data: dict, check: Checker) -> dict[str, dict]:
    """Every question in page order, keyed by id (ids unique across pages)."""
    pages = check.entries(data, "pages")
    _unique(check, pages, "page")
    questions: dict[str, dict] = {}
    for page in pages:
        check.text(page, "title")
        check.text(page, "intro", required=False)
        for question in check.entries(page, "questions"):
            ident = question.get("id")
            if not isinstance(ident, str) or not SLUG.match(ident):
                raise check.context.fail(question, "question 'id' must be lower_case_with_underscores")
            if ident in questions:
                raise check.context.fail(question, f"question id '{ident}' is used twice")
            questions[ident] = question
    return questions


def _check_question(question: dict, questions: dict, kinds: dict[str, str], check: Checker) -> None:
    """One question; *kinds* maps each condition id of the file to condition | readiness."""
    fail, ident = check.context.fail, question["id"]
    for key in ("text", "explain", "help"):
        check.text(question, key)
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        raise fail(question, f"'type' must be one of {list(QUESTION_TYPES)}")
    check.ids(question, "source")
    if kind == "choice":
        options = check.entries(question, "options")
        values = [o.get("value") for o in options]
        for option in options:
            check.text(option, "label")
            if not isinstance(option.get("value"), str) or not SLUG.match(option["value"]):
                raise fail(option, "option 'value' must be lower_case_with_underscores")
        if len(set(values)) != len(values):
            raise fail(question, "option values must be unique")
    elif "options" in question:
        raise fail(question, f"'options' is only for choice questions ({kind} has fixed answers)")
    if kind != "date":
        for key in ("unsure", "not_before", "window_years"):
            if key in question:
                raise fail(question, f"'{key}' is only for date questions")
    if not isinstance(question.get("unsure", False), bool) or not isinstance(question.get("required", True), bool):
        raise fail(question, "'unsure' and 'required' must be true or false")
    years = question.get("window_years")
    if years is not None and (not isinstance(years, int) or isinstance(years, bool) or years < 1):
        raise fail(question, "'window_years' must be a whole number of years")
    earlier = question.get("not_before")
    if earlier is not None and (earlier not in questions or questions[earlier].get("type") != "date"
                                or list(questions).index(earlier) >= list(questions).index(ident)):
        raise fail(question, f"'not_before' must name an earlier date question, not '{earlier}'")
    check.answer_lists(question, "show_if", questions, before=ident)
    decides = check.mapping(question, "decides")
    if decides and kind == "date" and years is None:
        raise fail(question, "a date question that decides a condition needs 'window_years'")
    valid = set(DATE_KEYS if kind == "date" else answer_values(question))
    if kind == "date" and not question.get("unsure"):
        valid.discard("unsure")
    for cid, outcomes in items_of(decides):
        if cid not in kinds:
            raise fail(question, f"'decides' names '{cid}', which is not a condition or readiness item of this file")
        if not isinstance(outcomes, dict):
            raise fail(question, f"'decides' → '{cid}' must map answers to outcomes")
        cleaned = {}
        for answer, outcome in items_of(outcomes):
            if answer not in valid:
                raise fail(outcomes, f"'{answer}' is not an answer of '{ident}'; valid: {sorted(valid)}")
            _check_outcome(outcome, answer, kinds[cid], check)
            cleaned[answer] = outcome
        cleaned["__line__"] = outcomes.get("__line__")
        decides[cid] = cleaned


def _check_outcome(outcome: Any, answer: str, kind: str, check: Checker) -> None:
    fail = check.context.fail
    if not isinstance(outcome, dict) or outcome.get("status") not in STATUSES:
        raise fail(outcome, f"the outcome of '{answer}' needs 'status' ({' | '.join(STATUSES)}) and 'reason'")
    fields = REASON_FIELDS if answer == "within" else REASON_FIELDS - {"until"}
    check.text(outcome, "reason", fields)
    if outcome.get("blocks") and (kind != "readiness" or outcome["status"] != "not_met"):
        raise fail(outcome, "'blocks' is only for a readiness outcome that is not_met")


def _check_spec(spec: dict, questions: dict, check: Checker) -> None:
    fail = check.context.fail
    check.ids(spec, "source")
    if not isinstance(spec["source"], str):
        raise fail(spec, "'source' of a condition must be one clause id")
    for key in ("title", "met"):
        check.text(spec, key)
    for action in check.entries(spec, "checklist", required=False):
        if action.get("kind") not in ACTION_KINDS:
            raise fail(action, f"checklist 'kind' must be one of {list(ACTION_KINDS)}")
        check.text(action, "text", {"until"})
        check.ids(action, "source", required=False)
        check.answer_lists(action, "if_any", questions)
        statuses = action.get("if_status", [])
        if not isinstance(statuses, list) or any(s not in STATUSES for s in statuses):
            raise fail(action, f"'if_status' must list statuses among {list(STATUSES)}")
    for note in check.entries(spec, "notes", required=False):
        within = check.mapping(note, "within", required=True)
        target = questions.get(within.get("question"), {})
        if target.get("type") != "date" or not isinstance(within.get("years"), int):
            raise fail(note, "'within' needs 'question' (a date question) and 'years'")
        check.text(note, "text", {"date", "years"})


def check_procedure(data: dict, check: Checker) -> None:
    fail = check.context.fail
    for key in ("statuses", "readiness_statuses"):
        labels = check.mapping(data, key, required=True)
        for status in STATUSES:
            check.text(labels, status)
    step_statuses = check.mapping(data, "step_statuses", required=True)
    for status in STEP_STATUSES:
        check.text(step_statuses, status)
    verdicts = check.mapping(data, "verdicts", required=True)
    for code in VERDICTS:
        entry = verdicts.get(code)
        if not isinstance(entry, dict):
            raise fail(verdicts, f"'verdicts' needs '{code}'")
        check.text(entry, "label")
        check.text(entry, "text")
        check.ids(entry, "source")
    for convention in check.entries(data, "conventions", required=False):
        check.text(convention, "text")
        check.text(convention, "authority")
    disclaimer = check.mapping(data, "disclaimer", required=True)
    check.text(disclaimer, "text")
    check.ids(disclaimer, "source")
    for key in ("notes", "steps", "benefits", "duties"):
        entries = check.entries(data, key, required=key != "notes")
        _unique(check, entries, key[:-1])
        for entry in entries:
            check.text(entry, "text")
            check.ids(entry, "source")
            if key in ("notes", "steps"):
                check.text(entry, "title")
                check.text(entry, "who")
            applies = entry.get("applies_to", list(TYPES))
            if not isinstance(applies, list) or any(t not in TYPES for t in applies):
                raise fail(entry, f"'applies_to' must list types among {sorted(TYPES)}")
