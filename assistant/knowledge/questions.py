"""The questions of a questionnaire (``kb/questionnaires/*.yaml``): their answers, and what each answer
makes of a condition (``decides`` → :class:`Outcome`); the text types whose ``{placeholders}`` are
checked when the knowledge base is built."""

from __future__ import annotations

import re
from string import Formatter
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, model_validator

from .base import Answer, ClauseIds, KbModel, as_answer

YES, NO, UNSURE = "yes", "no", "unsure"
STATUSES = ("met", "not_met", "to_verify")
DATE_KEYS = ("within", "outside", UNSURE)
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
Status = Literal["met", "not_met", "to_verify"]
Slug = Annotated[str, Field(pattern=SLUG.pattern)]


def _answer_keys(value: Any) -> Any:
    return {as_answer(k): v for k, v in value.items()} if isinstance(value, dict) else value


def _answer_lists(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return {k: [as_answer(v) for v in vs] if isinstance(vs, list) else vs for k, vs in value.items()}


AnswerLists = Annotated[dict[str, Annotated[list[Answer], Field(min_length=1)]], BeforeValidator(_answer_lists)]


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise ValueError(f"broken {{placeholder}}: {error}") from error


def template(allowed: set[str]):
    def check(value: str) -> str:
        if not value.strip():
            raise ValueError("must be non-empty text")
        used = placeholders(value)
        if used - allowed:
            names = "、".join(sorted(allowed)) or "none"
            raise ValueError(f"uses {sorted(used - allowed)}; allowed placeholders: {names}")
        return value
    return check


Text = Annotated[str, BeforeValidator(template(set()))]
ReasonText = Annotated[str, BeforeValidator(template({"date", "until", "years", "question", "answer"}))]


class Option(KbModel):
    """A choice of a choice question."""

    value: Slug
    """Stored answer value (lower_case_with_underscores)."""
    label: Text
    """What the person reads and clicks."""


YESNO_OPTIONS = (Option(value=YES, label="是"), Option(value=NO, label="否"), Option(value=UNSURE, label="不确定"))
DATE_UNSURE = Option(value=UNSURE, label="不确定")


class Outcome(KbModel):
    """What one answer makes of one condition."""

    status: Status
    """met | not_met | to_verify."""
    reason: ReasonText
    """One sentence; {date} {until} {years} {question} {answer} are filled in ({until} for ``within`` only)."""
    blocks: bool = False
    """A readiness outcome (not_met) that stops the application (评价结论不合格)."""
    evidence: Text | None = None
    """The document this answer shows (第三方评价报告): a ``met`` outcome that settles the condition, whatever
    the self-assessed answers to it say; the result names the document and cites the question's clauses."""
    calendar: Text | None = None
    """Date questions with a window: the title of a calendar entry on the window's end ({until}), listed in
    the result's ``deadlines`` and its .ics file (申请调整的截止日)."""


class Question(KbModel):
    """One question of a page."""

    id: Slug
    """Unique in the questionnaire; answers are keyed by it."""
    text: Text
    """The question as asked."""
    type: Literal["yesno", "choice", "date"]
    """yesno (是 / 否 / 不确定), choice (``options``) or date (YYYY-MM-DD)."""
    source: ClauseIds
    """The clauses the question rests on."""
    explain: Text
    """Why it is asked, in plain words."""
    help: Text
    """How to answer it."""
    choices: list[Option] = Field(default=[], alias="options")
    """The options of a choice question (``options:``)."""
    show_if: AnswerLists = {}
    """Asked only when each named earlier question was answered with one of the listed values."""
    decides: dict[str, Annotated[dict[Answer, Outcome], BeforeValidator(_answer_keys)]] = {}
    """Condition id → answer (date questions: within / outside / unsure) → outcome."""
    required: bool = True
    """false: may be left unanswered without making the result incomplete."""
    not_before: str | None = None
    """Date questions: an earlier date question this date may not precede."""
    window_years: int | None = Field(default=None, ge=1)
    """Date questions: the event counts while it is within this many years (近三年)."""
    window_workdays: int | None = Field(default=None, ge=1)
    """Date questions: a window that ends this many Chinese working days after the date (办理相关手续后30个工作日内);
    ``within`` while the assessment date is not past its end, ``outside`` after."""
    unsure: bool = False
    """Date questions: 不确定 is an accepted answer."""
    _page: str = PrivateAttr(default="")

    @property
    def page(self) -> str:
        return self._page

    @property
    def options(self) -> tuple[Option, ...]:
        """Every accepted answer but a date: 是/否/不确定, the choices, or 不确定 for a date."""
        if self.type == "yesno":
            return YESNO_OPTIONS
        if self.type == "choice":
            return tuple(self.choices)
        return (DATE_UNSURE,) if self.unsure else ()

    def answer_values(self) -> set[str]:
        if self.type == "date":
            return set(DATE_KEYS) if self.unsure else set(DATE_KEYS) - {UNSURE}
        return {o.value for o in self.options}

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def display(self, value: str) -> str:
        """The answer as a person reads it (是, 2023-06-01, 已出具，结论合格)."""
        option = self.option(value)
        return option.label if option else value

    @model_validator(mode="after")
    def _by_type(self) -> Question:
        if self.type == "choice":
            if not self.choices:
                raise ValueError("a choice question needs 'options'")
            values = [o.value for o in self.choices]
            if len(set(values)) != len(values):
                raise ValueError("option values must be unique")
        elif self.choices:
            raise ValueError(f"'options' is only for choice questions ({self.type} has fixed answers)")
        if self.type != "date":
            for key in ("unsure", "not_before", "window_years", "window_workdays"):
                if key in self.model_fields_set:
                    raise ValueError(f"'{key}' is only for date questions")
        elif self.window_years is not None and self.window_workdays is not None:
            raise ValueError("a date question has 'window_years' or 'window_workdays', not both")
        elif self.decides and self.window_years is None and self.window_workdays is None:
            raise ValueError("a date question that decides a condition needs 'window_years' or 'window_workdays'")
        return self
