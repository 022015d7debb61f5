"""``kb/questionnaires/*.yaml``: self-assessment questionnaires (``kind:
questionnaire``) and the procedure their results speak of (``kind: procedure``).

A questionnaire is pages of questions; each answer names what it makes of a
condition (``decides``). Adding a question, a condition or a whole new
questionnaire is a change to the data only.
"""

from __future__ import annotations

import functools
import re
from string import Formatter
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, model_validator

from .base import Answer, ClauseId, ClauseIds, KbModel, as_answer

QUESTIONNAIRES_GLOB = "questionnaires/*.yaml"
YES, NO, UNSURE = "yes", "no", "unsure"
STATUSES = ("met", "not_met", "to_verify")
DATE_KEYS = ("within", "outside", UNSURE)
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
Status = Literal["met", "not_met", "to_verify"]
ActionKind = Literal["制度", "机构", "规划", "管理体系", "证明材料", "核实", "等待期", "评价"]
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
            for key in ("unsure", "not_before", "window_years"):
                if key in self.model_fields_set:
                    raise ValueError(f"'{key}' is only for date questions")
        elif self.decides and self.window_years is None:
            raise ValueError("a date question that decides a condition needs 'window_years'")
        return self


class Action(KbModel):
    """One line of the remediation checklist of a condition."""

    kind: ActionKind
    """制度 | 机构 | 规划 | 管理体系 | 证明材料 | 核实 | 等待期 | 评价."""
    text: Annotated[str, BeforeValidator(template({"until"}))]
    """What to do; {until} is the date a waiting period ends."""
    source: ClauseIds = []
    """Clauses the action rests on, if other than the condition's."""
    if_any: AnswerLists = {}
    """Listed only when one of these questions got one of the listed answers."""
    if_status: list[Status] = []
    """Listed only when the condition has one of these statuses."""


class Within(KbModel):
    question: str
    """A date question."""
    years: int
    """How many years after that date the note holds."""


class Note(KbModel):
    """A remark added to a condition's reason while a date is recent (成立不足三年)."""

    within: Within
    """While the date answered to ``question`` is less than ``years`` ago."""
    text: Annotated[str, BeforeValidator(template({"date", "years"}))]
    """The remark; {date} and {years} are filled in."""

    @property
    def question(self) -> str:
        return self.within.question

    @property
    def years(self) -> int:
        return self.within.years


class Condition(KbModel):
    """A basic condition (a 项 of 第六条/第七条, or the bar of 第十八条): its failure blocks the application."""

    kind: ClassVar[str] = "condition"
    id: str
    """Unique across ``conditions`` and ``readiness``; questions name it in ``decides``."""
    source: ClauseId
    """The one clause the condition is."""
    title: Text
    """Its short name."""
    met: Text
    """The reason when every answer meets it."""
    checklist: list[Action] = []
    """What to do when it is not met or to verify."""
    notes: list[Note] = []
    """Remarks while a date is recent."""


class Readiness(Condition):
    """A step of preparation (第九条: 自评价, 第三方评价): feeds the checklist and the next steps."""

    kind: ClassVar[str] = "readiness"


class Page(KbModel):
    """A page of the questionnaire."""

    id: Slug
    """Unique in the questionnaire; part of the wizard's address."""
    title: Text
    """The page heading."""
    intro: Text = ""
    """A sentence under the heading."""
    questions: Annotated[list[Question], Field(min_length=1)]
    """Its questions, in order."""

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)


class Questionnaire(KbModel):
    """One self-assessment (``kind: questionnaire``); its ``type`` is how the CLI, the API and the web
    app name it."""

    kind: Literal["questionnaire"]
    """Always ``questionnaire``."""
    type: Slug
    """Its name in commands and addresses (factory, park)."""
    label: Text
    """What is assessed, in a few words (绿色工厂): the choice on the start page."""
    title: Text
    """The questionnaire's title (绿色工厂申报自评)."""
    intro: str = ""
    """Who it is for, on the start page."""
    subject: Text
    """Who answers (企业, 园区)."""
    source: ClauseId
    """The article whose conditions it checks."""
    unsure_reason: Annotated[str, BeforeValidator(template({"question"}))]
    """Reason for a 不确定 answer that no outcome covers."""
    unanswered_reason: Annotated[str, BeforeValidator(template({"question"}))]
    """Reason for a question not answered yet."""
    unanswered_action: Annotated[str, BeforeValidator(template({"questions"}))]
    """Checklist line listing the unanswered questions."""
    conditions: Annotated[list[Condition], Field(min_length=1)]
    """The basic conditions."""
    readiness: list[Readiness] = []
    """The preparation steps."""
    pages: Annotated[list[Page], Field(min_length=1)]
    """The pages, in order."""

    @model_validator(mode="after")
    def _links(self) -> Questionnaire:
        from .questionnaire_links import check_links

        check_links(self)
        for page in self.pages:
            for question in page.questions:
                question._page = page.id
        return self

    # -- use ---------------------------------------------------------------
    @functools.cached_property
    def questions(self) -> list[Question]:
        return [q for page in self.pages for q in page.questions]

    @functools.cached_property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @property
    def templates(self) -> dict[str, str]:
        return {"unsure_reason": self.unsure_reason, "unanswered_reason": self.unanswered_reason,
                "unanswered_action": self.unanswered_action}

    def question(self, question_id: str) -> Question:
        if question_id not in self._by_id:
            from ..errors import NotFound

            raise NotFound(f"问卷中没有这个问题：{question_id}")
        return self._by_id[question_id]

    def has(self, question_id: str) -> bool:
        return question_id in self._by_id

    def page(self, page_id: str) -> Page:
        return next(p for p in self.pages if p.id == page_id)

    def specs(self) -> list[Condition]:
        return [*self.conditions, *self.readiness]

    def visible_questions(self, answers: dict[str, Any]) -> list[Question]:
        """The questions to ask given *answers*, in order.

        A question is shown when every ``show_if`` question is itself shown
        and was answered with one of the listed values; a stale answer to a
        hidden question never reveals anything.
        """
        shown: set[str] = set()
        out: list[Question] = []
        for question in self.questions:
            if all(parent in shown and answers.get(parent) in values for parent, values in question.show_if.items()):
                shown.add(question.id)
                out.append(question)
        return out

    def visible_pages(self, answers: dict[str, Any]) -> list[tuple[Page, list[Question]]]:
        """Pages with their visible questions (a page left empty is skipped)."""
        visible = {q.id for q in self.visible_questions(answers)}
        pages = []
        for page in self.pages:
            questions = [q for q in page.questions if q.id in visible]
            if questions:
                pages.append((page, questions))
        return pages

    def unanswered(self, answers: dict[str, Any]) -> list[Question]:
        return [q for q in self.visible_questions(answers) if q.required and answers.get(q.id) in (None, "")]
