"""The self-assessment: each condition becomes ``met``, ``not_met`` or
``to_verify`` with a one-sentence reason, and the whole a verdict.

Every judgement comes from the questionnaire data (``decides``): an answer
names the outcome it leads to. The engine only combines them:

- any ``not_met`` → the condition is not met (and blocks, for a basic
  condition of 第六条/第七条 or the bar of 第十八条);
- else any ``to_verify`` (an unsure answer, a point only the third-party
  evaluation can settle) or an unanswered question → ``to_verify``;
- else ``met``.

An outcome marked ``evidence`` in the data (a passing 第三方评价报告 for
第六条/第七条第（八）项) settles its condition: ``met``, with that answer's
reason, whatever the self-assessed answers to it say.

Readiness items (第九条: 自评价, 第三方评价机构, 评价报告) are judged the same
way but only feed the checklist and the next steps: the procedure lets an
enterprise prepare while they are open. The one exception is an evaluation
report that says 不合格: 第九条 lets only those 经第三方评价合格 apply, so
that outcome is marked ``blocks`` in the data and stops the verdict.

A date question with ``window_workdays`` (第十九条: 办理相关手续后30个工作日内)
computes the window's end in Chinese working days; its outcome is ``within``
until that day has passed, and the day is a ``deadline`` of the result
(marked as an estimate where the holiday data ends).

A questionnaire may word its own verdicts (``verdicts``, tried in order);
otherwise the application verdicts apply.
Application verdict: anything blocking → ``not_yet_eligible`` (a definite finding wins
over missing answers); else any required question unanswered →
``incomplete``; else ``may_apply`` when the readiness items the procedure
names for it (``when_met``: the passing evaluation report of 第九条) are
met; else ``pending_evaluation`` (basic conditions met as far as a
self-assessment can tell, pending the third-party evaluation).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..knowledge.questionnaires import UNSURE, Condition, Question, Questionnaire, VerdictRule
from ..periods import Computed, HolidayTable, blocked_until, is_within, workdays_after
from .answers import answer_date

MET, NOT_MET, TO_VERIFY = "met", "not_met", "to_verify"
NOT_YET_ELIGIBLE, PENDING_EVALUATION, INCOMPLETE = "not_yet_eligible", "pending_evaluation", "incomplete"
MAY_APPLY = "may_apply"
VERDICTS = (NOT_YET_ELIGIBLE, PENDING_EVALUATION, INCOMPLETE, MAY_APPLY)


@dataclass(frozen=True)
class Finding:
    """What one answer (or its absence) says about one condition."""

    question: str
    status: str | None  # None: the answer raises no point of its own
    reason: str = ""
    until: dt.date | None = None
    blocks: bool = False
    unanswered: bool = False
    evidence: str | None = None  # the document the answer shows, settling the condition
    deadline: Computed | None = None  # the end of a working-day window, with its estimate flag
    calendar: str | None = None  # the title of the calendar entry on the window's end


@dataclass
class Judgement:
    spec: Condition
    status: str
    reason: str
    until: dt.date | None = None
    blocks: bool = False
    findings: list[Finding] = field(default_factory=list)

    @property
    def questions(self) -> list[str]:
        return [f.question for f in self.findings]

    @property
    def deadlines(self) -> list[Finding]:
        return [f for f in self.findings if f.calendar and (f.deadline or f.until)]

    @property
    def evidence(self) -> Finding | None:
        """The answer that settled the condition (a passing evaluation report), if any."""
        return next((f for f in self.findings if f.evidence and self.status == MET), None)


def _fill(template: str, **values) -> str:
    return template.format(**{k: ("" if v is None else v) for k, v in values.items()})


def _window(question: Question, day: dt.date, today: dt.date,
            holidays: HolidayTable | None) -> tuple[str, dt.date | None, Computed | None]:
    """(within / outside, the window's end, the working-day deadline if the window counts working days)."""
    if question.window_workdays:
        deadline = workdays_after(day, question.window_workdays, holidays)
        return ("within" if today <= deadline.date else "outside"), deadline.date, deadline
    until = blocked_until(day, question.window_years, today) if question.window_years else None
    return ("within" if until else "outside"), until, None


def _finding(questionnaire: Questionnaire, question: Question, condition: str,
             value: str | None, today: dt.date, holidays: HolidayTable | None = None) -> Finding:
    outcomes = question.decides[condition]
    if value is None:
        reason = _fill(questionnaire.templates["unanswered_reason"], question=question.text)
        return Finding(question.id, TO_VERIFY, reason, unanswered=True)
    key, day, until, deadline = value, None, None, None
    if question.type == "date" and value != UNSURE:
        day = answer_date(value)
        key, until, deadline = _window(question, day, today, holidays)
    outcome = outcomes.get(key)
    if outcome is None:
        if value == UNSURE:
            reason = _fill(questionnaire.templates["unsure_reason"], question=question.text)
            return Finding(question.id, TO_VERIFY, reason)
        return Finding(question.id, None)
    reason = _fill(outcome.reason, date=day, until=until, years=question.window_years,
                   question=question.text, answer=question.display(value))
    if deadline is not None and deadline.estimate:
        reason += f"（{deadline.note}）"
    blocked = until if outcome.status == NOT_MET and deadline is None else None
    return Finding(question.id, outcome.status, reason, blocked, outcome.blocks, evidence=outcome.evidence,
                   deadline=deadline, calendar=outcome.calendar if until else None)


def _notes(spec: Condition, answers: dict, visible: set[str], today: dt.date) -> list[str]:
    """Remarks that hold while a date is recent: 企业成立于…，不足三年."""
    out = []
    for note in spec.notes:
        day = answer_date(answers.get(note.question)) if note.question in visible else None
        if day is not None and is_within(day, note.years, today):
            out.append(_fill(note.text, date=day, years=note.years))
    return out


def judge(questionnaire: Questionnaire, spec: Condition, answers: dict[str, str],
          visible: list[Question], today: dt.date, holidays: HolidayTable | None = None) -> Judgement:
    findings = [_finding(questionnaire, q, spec.id, answers.get(q.id), today, holidays)
                for q in visible if spec.id in q.decides and (q.required or q.id in answers)]
    not_met = [f for f in findings if f.status == NOT_MET]
    open_points = [f for f in findings if f.status == TO_VERIFY]
    evidence = [f for f in findings if f.evidence and f.status == MET]
    until, blocks = None, False
    if evidence:
        status, parts = MET, [f.reason for f in evidence]
    elif not_met:
        status, parts = NOT_MET, [f.reason for f in not_met]
        if all(f.until for f in not_met):
            until = max(f.until for f in not_met)
        blocks = spec.kind == "condition" or any(f.blocks for f in not_met)
    elif open_points:
        status, parts = TO_VERIFY, [f.reason for f in open_points]
    elif not findings:
        status, parts = TO_VERIFY, ["没有可据以判断的回答"]
    else:
        status = MET
        explicit = [f.reason for f in findings if f.status == MET]
        parts = explicit if len(explicit) == len(findings) else [*explicit, spec.met]
    visible_ids = {q.id for q in visible}
    reason = "；".join([*_notes(spec, answers, visible_ids, today), *parts]) + "。"
    return Judgement(spec, status, reason, until, blocks, findings)


def verdict_of(judgements: list[Judgement], unanswered: list[Question], ready_when: tuple[str, ...] = ()) -> str:
    """*ready_when*: the readiness items whose being met lets the applicant apply (``may_apply``)."""
    if any(j.blocks for j in judgements):
        return NOT_YET_ELIGIBLE
    if unanswered:
        return INCOMPLETE
    met = {j.spec.id for j in judgements if j.status == MET}
    if ready_when and set(ready_when) <= met:
        return MAY_APPLY
    return PENDING_EVALUATION


def _answered_any(lists: dict[str, tuple[str, ...]], answers: dict[str, str], shown: set[str]) -> bool:
    return any(qid in shown and answers.get(qid) in values for qid, values in lists.items())


def rule_verdict(rules: list[VerdictRule], judgements: list[Judgement], unanswered: list[Question],
                 answers: dict[str, str], visible: list[Question]) -> VerdictRule:
    """The first of a questionnaire's own verdicts whose tests all hold."""
    shown = {q.id for q in visible}
    met = {j.spec.id for j in judgements if j.status == MET}
    tests = {
        "blocked": any(j.blocks for j in judgements),
        "incomplete": bool(unanswered),
        "open": any(j.status != MET for j in judgements),
    }
    for rule in rules:
        if rule.when is not None and not tests[rule.when]:
            continue
        if not set(rule.when_met) <= met:
            continue
        if rule.if_any and not _answered_any(rule.if_any, answers, shown):
            continue
        return rule
    raise AssertionError("the last verdict has no test")  # the questionnaire model checks this


def _shown(spec: Condition, answers: dict[str, str], shown: set[str]) -> bool:
    return all(qid in shown and answers.get(qid) in values for qid, values in spec.show_if.items())


def judge_all(questionnaire: Questionnaire, answers: dict[str, str], today: dt.date,
              holidays: HolidayTable | None = None) -> tuple[list[Judgement], list[Judgement], list[Question]]:
    """Judgements of the basic conditions, of the readiness items, and the unanswered questions."""
    visible = questionnaire.visible_questions(answers)
    shown = {q.id for q in visible}
    conditions = [judge(questionnaire, s, answers, visible, today, holidays)
                  for s in questionnaire.conditions if _shown(s, answers, shown)]
    readiness = [judge(questionnaire, s, answers, visible, today, holidays)
                 for s in questionnaire.readiness if _shown(s, answers, shown)]
    return conditions, readiness, questionnaire.unanswered(answers)
