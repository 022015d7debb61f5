"""Helpers for validating curated knowledge files: text with only the
allowed ``{placeholders}``, clause ids that exist, answer values that a
question can take. Errors name the file and the line (:class:`Context`)."""

from __future__ import annotations

import re
from string import Formatter
from typing import Any

from ..kbschema import Context
from .questionnaire import UNSURE

STATUSES = ("met", "not_met", "to_verify")
STEP_STATUSES = ("done", "next", "todo")
VERDICTS = ("not_yet_eligible", "pending_evaluation", "incomplete")
ACTION_KINDS = ("制度", "机构", "规划", "管理体系", "证明材料", "核实", "等待期", "评价")
DATE_KEYS = ("within", "outside", UNSURE)
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


def as_answer(value: Any) -> Any:
    return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value


def items_of(mapping: dict) -> list[tuple[Any, Any]]:
    return [(as_answer(k), v) for k, v in mapping.items() if k != "__line__"]


class Checker:
    def __init__(self, context: Context):
        self.context = context

    def text(self, entry: Any, key: str, fields: set[str] = frozenset(), required: bool = True) -> str | None:
        if not isinstance(entry, dict):
            raise self.context.fail(entry, f"expected a mapping with '{key}'")
        value = entry.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.context.fail(entry, f"'{key}' must be non-empty text")
        try:
            used = {name for _, name, _, _ in Formatter().parse(value) if name is not None}
        except ValueError as error:
            raise self.context.fail(entry, f"'{key}' has a broken {{placeholder}}: {error}") from error
        if used - fields:
            allowed = "、".join(sorted(fields)) or "none"
            raise self.context.fail(entry, f"'{key}' uses {sorted(used - fields)}; allowed placeholders: {allowed}")
        return value

    def ids(self, entry: dict, key: str, required: bool = True) -> list[str]:
        if key not in entry and not required:
            return []
        ids = self.context.check_ids(entry, entry.get(key), key)
        if not ids:
            raise self.context.fail(entry, f"'{key}' must name at least one clause")
        return ids

    def mapping(self, entry: dict, key: str, required: bool = False) -> dict:
        value = entry.get(key, None if required else {})
        if not isinstance(value, dict):
            raise self.context.fail(entry, f"'{key}' must be a mapping")
        return value

    def entries(self, entry: dict, key: str, required: bool = True) -> list[dict]:
        value = entry.get(key, None if required else [])
        if not isinstance(value, list) or (required and not value):
            raise self.context.fail(entry, f"'{key}' must be a non-empty list")
        for item in value:
            if not isinstance(item, dict):
                raise self.context.fail(entry, f"every entry of '{key}' must be a mapping")
        return value

    def answer_lists(self, entry: dict, key: str, questions: dict[str, dict], before: str | None = None) -> None:
        """``{question_id: [values]}``: known questions (earlier ones for show_if), valid values."""
        mapping = self.mapping(entry, key)
        order = list(questions)
        for qid, values in items_of(mapping):
            if qid not in questions:
                raise self.context.fail(entry, f"'{key}' names question '{qid}', which is not in this questionnaire")
            if before is not None and order.index(qid) >= order.index(before):
                raise self.context.fail(entry, f"'{key}' of '{before}' must name an earlier question, not '{qid}'")
            if not isinstance(values, list) or not values:
                raise self.context.fail(entry, f"'{key}' → '{qid}' must be a non-empty list of answers")
            values[:] = [as_answer(v) for v in values]
            valid = answer_values(questions[qid])
            bad = [v for v in values if v not in valid]
            if bad:
                raise self.context.fail(entry, f"'{key}' → '{qid}' has {bad}; valid answers: {sorted(valid)}")
            mapping[qid] = values


def answer_values(question: dict) -> set[str]:
    if question["type"] == "yesno":
        return {"yes", "no", UNSURE}
    if question["type"] == "choice":
        return {o["value"] for o in question["options"]}
    return {UNSURE} if question.get("unsure") else set()
