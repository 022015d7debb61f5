"""``kb/questionnaires/*.yaml``: self-assessment questionnaires (``kind:
questionnaire``) and the procedure their results speak of (``kind: procedure``).

A questionnaire is pages of questions (:mod:`.questions`); each answer names
what it makes of a condition (``decides``). Adding a question, a condition or
a whole new questionnaire is a change to the data only.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, model_validator

from .base import ClauseId, ClauseIds, KbModel
from .questions import UNSURE, AnswerLists, Question, Slug, Status, Text, template

QUESTIONNAIRES_GLOB = "questionnaires/*.yaml"
ActionKind = Literal["制度", "机构", "规划", "管理体系", "证明材料", "核实", "等待期", "评价"]

__all__ = ["QUESTIONNAIRES_GLOB", "UNSURE", "Action", "Condition", "Question", "Questionnaire", "StatusLabels",
           "Text", "VerdictRule", "template"]


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
    show_if: AnswerLists = {}
    """Judged only when each named question is shown and got one of the listed values (a title already
    revoked is not judged against the grounds for revoking it)."""


class Readiness(Condition):
    """A step of preparation (第九条: 自评价, 第三方评价): feeds the checklist and the next steps."""

    kind: ClassVar[str] = "readiness"


class StatusLabels(KbModel):
    met: Text
    not_met: Text
    to_verify: Text


class VerdictRule(KbModel):
    """One verdict of a questionnaire that words its own (``verdicts``): the first rule whose tests all hold
    is the verdict; the last rule has no test."""

    id: Slug
    """The ``verdict`` value in the result JSON."""
    label: Text
    """The verdict in a few words."""
    text: Text
    """What it means for the one who answered."""
    source: Annotated[ClauseIds, Field(min_length=1)]
    """The clauses it rests on."""
    tone: Status
    """How it is coloured: not_met (red), to_verify (amber) or met (green)."""
    when: Literal["blocked", "incomplete", "open"] | None = None
    """blocked: a condition (or a readiness outcome marked ``blocks``) is not met; incomplete: a required
    question is unanswered; open: some condition or readiness item is not met or to verify."""
    when_met: list[str] = []
    """Conditions or readiness items that must all be met."""
    if_any: AnswerLists = {}
    """One of these questions got one of the listed answers."""

    @property
    def unconditional(self) -> bool:
        return self.when is None and not self.when_met and not self.if_any


Phase = Literal["note", "procedure", "benefit", "duty"]


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
    audience: Literal["applicant", "certified"] = "applicant"
    """applicant: before applying (申报前自评); certified: for parks and factories already certified
    (认定后自查). The start page lists them apart."""
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
    verdicts: list[VerdictRule] = []
    """Its own verdicts, tried in order (the last without a test); left out: the application verdicts of
    the procedure (not_yet_eligible, incomplete, may_apply, pending_evaluation)."""
    statuses: StatusLabels | None = None
    """How a condition's status is shown, if not as the procedure says (符合 / 不符合 / 待核实)."""
    readiness_statuses: StatusLabels | None = None
    """How a readiness item's status is shown, if not as the procedure says."""
    sections: dict[Literal["conditions", "readiness"], Text] = {"conditions": "申报条件",
                                                                "readiness": "申报准备（第九条）"}
    """Headings of the two parts of the result (the conditions' heading is followed by the article it checks:
    申报条件（第七条等）)."""
    notice_title: Text | None = None
    """The 一次性告知单's title, if not "{label}申报一次性告知单"."""
    notice_intro: Text | None = None
    """The sentence over the notice's list, if not the application's."""
    phases: list[Phase] = ["note", "procedure", "benefit", "duty"]
    """Which parts of the procedure the result lists: note (开始之前), procedure (申报流程), benefit (认定后可获得),
    duty (认定后的义务)."""

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
