"""A questionnaire as loaded from ``kb/questionnaires/*.yaml``: pages of
questions, the conditions they decide, and which questions to ask given the
answers so far.

The YAML was validated at build time (:mod:`assistant.assess.schema`), so
this module only turns it into objects; it holds no knowledge of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import BadInput, NotFound

YES, NO, UNSURE = "yes", "no", "unsure"
TYPES = {"factory": "绿色工厂", "park": "绿色园区"}
QUESTION_TYPES = ("yesno", "choice", "date")


@dataclass(frozen=True)
class Option:
    value: str
    label: str


YESNO_OPTIONS = (Option(YES, "是"), Option(NO, "否"), Option(UNSURE, "不确定"))
DATE_UNSURE = Option(UNSURE, "不确定")


@dataclass(frozen=True)
class Outcome:
    """What one answer makes of one condition."""

    status: str  # met | not_met | to_verify
    reason: str
    blocks: bool = False  # a readiness item that stops the application (report 不合格)


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    type: str  # yesno | choice | date
    page: str
    source: tuple[str, ...]
    explain: str
    help: str
    options: tuple[Option, ...]
    show_if: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # condition id → answer key (value, or within/outside/unsure for dates) → outcome
    decides: dict[str, dict[str, Outcome]] = field(default_factory=dict)
    required: bool = True
    not_before: str | None = None  # id of a date question this date may not precede
    window_years: int | None = None  # a date that blocks for this many years

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def display(self, value: str) -> str:
        """The answer as a person reads it (是, 2023-06-01, 已出具，结论合格)."""
        option = self.option(value)
        return option.label if option else value


@dataclass(frozen=True)
class Action:
    """One line of the remediation checklist."""

    kind: str  # 制度 | 机构 | 规划 | 管理体系 | 证明材料 | 核实 | 等待期 | 评价
    text: str
    source: tuple[str, ...] = ()
    if_any: dict[str, tuple[str, ...]] = field(default_factory=dict)
    if_status: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    """A remark added to a condition's reason while a date is recent (成立不足三年)."""

    question: str
    years: int
    text: str


@dataclass(frozen=True)
class ConditionSpec:
    id: str
    kind: str  # condition | readiness
    source: str
    title: str
    met: str
    checklist: tuple[Action, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    intro: str
    questions: tuple[str, ...]


class Questionnaire:
    def __init__(self, data: dict):
        self.type: str = data["type"]
        self.title: str = data["title"]
        self.subject: str = data["subject"]
        self.source: str = data["source"]
        self.templates = {key: data[key] for key in ("unsure_reason", "unanswered_reason", "unanswered_action")}
        self.conditions = [_spec(c, "condition") for c in data["conditions"]]
        self.readiness = [_spec(c, "readiness") for c in data.get("readiness", [])]
        self.pages: list[Page] = []
        self.questions: list[Question] = []
        for page in data["pages"]:
            questions = [_question(q, page["id"]) for q in page["questions"]]
            self.pages.append(Page(page["id"], page["title"], page.get("intro", ""),
                                   tuple(q.id for q in questions)))
            self.questions.extend(questions)
        self._by_id = {q.id: q for q in self.questions}

    def question(self, question_id: str) -> Question:
        if question_id not in self._by_id:
            raise NotFound(f"问卷中没有这个问题：{question_id}")
        return self._by_id[question_id]

    def has(self, question_id: str) -> bool:
        return question_id in self._by_id

    def page(self, page_id: str) -> Page:
        return next(p for p in self.pages if p.id == page_id)

    def specs(self) -> list[ConditionSpec]:
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
            if all(parent in shown and answers.get(parent) in values
                   for parent, values in question.show_if.items()):
                shown.add(question.id)
                out.append(question)
        return out

    def visible_pages(self, answers: dict[str, Any]) -> list[tuple[Page, list[Question]]]:
        """Pages with their visible questions (a page left empty is skipped)."""
        visible = {q.id: q for q in self.visible_questions(answers)}
        pages = []
        for page in self.pages:
            questions = [visible[qid] for qid in page.questions if qid in visible]
            if questions:
                pages.append((page, questions))
        return pages

    def unanswered(self, answers: dict[str, Any]) -> list[Question]:
        return [q for q in self.visible_questions(answers) if q.required and answers.get(q.id) in (None, "")]

    # The answer checks live in .answers, which imports this module; hence the local imports.
    def validate(self, answers: Any, today) -> dict[str, str]:
        """Normalised answers, or :class:`BadInput` naming the field (see :mod:`.answers`)."""
        from .answers import validate_answers

        return validate_answers(self, answers, today)

    def parse_answer(self, question_id: str, raw: Any) -> str | None:
        """One answer as typed or posted (是, yes, true, 2023-06-01) → its stored value."""
        from .answers import parse_answer

        return parse_answer(self.question(question_id), raw)


def _outcomes(entries: dict) -> dict[str, Outcome]:
    return {key: Outcome(value["status"], value["reason"], bool(value.get("blocks", False)))
            for key, value in entries.items()}


def _question(data: dict, page: str) -> Question:
    kind = data["type"]
    if kind == "yesno":
        options = YESNO_OPTIONS
    elif kind == "choice":
        options = tuple(Option(o["value"], o["label"]) for o in data["options"])
    else:
        options = (DATE_UNSURE,) if data.get("unsure", False) else ()
    return Question(
        id=data["id"], text=data["text"], type=kind, page=page, source=tuple(data["source"]),
        explain=data["explain"], help=data["help"], options=options,
        show_if={k: tuple(v) for k, v in data.get("show_if", {}).items()},
        decides={cid: _outcomes(entries) for cid, entries in data.get("decides", {}).items()},
        required=data.get("required", True), not_before=data.get("not_before"),
        window_years=data.get("window_years"),
    )


def _spec(data: dict, kind: str) -> ConditionSpec:
    actions = tuple(
        Action(a["kind"], a["text"], tuple(a.get("source", [])),
               {k: tuple(v) for k, v in a.get("if_any", {}).items()}, tuple(a.get("if_status", [])))
        for a in data.get("checklist", [])
    )
    notes = tuple(Note(n["within"]["question"], n["within"]["years"], n["text"]) for n in data.get("notes", []))
    return ConditionSpec(data["id"], kind, data["source"], data["title"], data["met"], actions, notes)


def questionnaire_data(kb, type: str) -> dict:
    """The validated YAML of the questionnaire for *type* (factory | park)."""
    if type not in TYPES:
        raise BadInput(f"问卷类型应为 factory（绿色工厂）或 park（绿色园区），而不是“{type}”", field="type")
    for data in kb.curated.values():
        if isinstance(data, dict) and data.get("kind") == "questionnaire" and data.get("type") == type:
            return data
    raise NotFound(f"知识库中没有{TYPES[type]}问卷（kb/questionnaires/）")


def load_questionnaire(kb, type: str) -> Questionnaire:
    """The questionnaire of this knowledge base (built once per knowledge base)."""
    key = ("questionnaire", type)
    if key not in kb.derived:
        kb.derived[key] = Questionnaire(questionnaire_data(kb, type))
    return kb.derived[key]


def load_procedure(kb) -> dict:
    """Verdict labels, next steps, benefits and duties (``kind: procedure``)."""
    for data in kb.curated.values():
        if isinstance(data, dict) and data.get("kind") == "procedure":
            return data
    raise NotFound("知识库中没有申报流程（kb/questionnaires/procedure.yaml）")
