"""``assess(kb, type, answers, date)``: the one call behind the command line
and the web questionnaire, and the result it returns.

Result JSON (a contract other tools rely on; fields may be added, never
renamed): ``{"type", "date", "verdict", "verdict_citations", "conditions": [{"id",
"article", "item", "label", "status", "reason", "evidence", ...}], "checklist",
"next_steps", ...}``. ``evidence`` is null, or for a condition settled by
an answer (a passing 第三方评价报告): ``{"question", "answer", "document",
"label", "citations"}``. ``deadlines`` lists the dates the answers set
(第十九条's 30 working days, the end of 第十八条's three years): ``{"id", "label",
"title", "date", "estimate", "note", "passed", "citations"}``; a condition's
``deadline`` is ``{"date", "estimate", "note"}`` or null.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import BadInput
from ..knowledge.curated import procedure as load_procedure
from ..knowledge.curated import questionnaire as load_questionnaire
from ..knowledge.questionnaires import Question, Questionnaire, VerdictRule
from ..periods import HolidayTable, parse_iso_date
from .answers import validate_answers
from .checklist import checklist
from .cite import citation, short_citations
from .engine import MAY_APPLY, Judgement, judge_all, rule_verdict, verdict_of
from .steps import next_steps


def assessment_date(value: dt.date | str | None) -> dt.date:
    """The assessment date: a date, ``YYYY-MM-DD``, or None for today."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    day = parse_iso_date(value) if isinstance(value, str) else None
    if day is None:
        raise BadInput(f"评估日期 date：“{value}”不是有效日期，应为 YYYY-MM-DD 格式的真实日期", field="date")
    return day


@dataclass
class Assessment:
    kb: object
    questionnaire: Questionnaire
    procedure: dict
    date: dt.date
    answers: dict[str, str]
    conditions: list[Judgement]
    readiness: list[Judgement]
    unanswered: list[Question]
    verdict: str
    rule: VerdictRule | None = None  # the questionnaire's own verdict, if it words its own

    @property
    def type(self) -> str:
        return self.questionnaire.type

    def _label(self, kind: str, status: str) -> str:
        key = "readiness_statuses" if kind == "readiness" else "statuses"
        own = getattr(self.questionnaire, key)
        return getattr(own, status) if own is not None else self.procedure[key][status]

    def _verdict(self) -> dict:
        if self.rule is not None:
            return {"label": self.rule.label, "text": self.rule.text, "source": self.rule.source,
                    "tone": self.rule.tone}
        return self.procedure["verdicts"][self.verdict]

    def _deadlines(self) -> list[dict]:
        out = []
        for judgement in [*self.conditions, *self.readiness]:
            for finding in judgement.deadlines:
                day = finding.deadline.date if finding.deadline else finding.until
                question = self.questionnaire.question(finding.question)
                out.append({
                    "id": judgement.spec.id, "label": citation(self.kb, judgement.spec.source)["label"],
                    "title": finding.calendar, "date": day.isoformat(),
                    "estimate": bool(finding.deadline and finding.deadline.estimate),
                    "note": finding.deadline.note if finding.deadline else "",
                    "passed": day < self.date, "reason": finding.reason,
                    "citations": short_citations(self.kb, list(dict.fromkeys([judgement.spec.source,
                                                                              *question.source]))),
                })
        return sorted(out, key=lambda d: d["date"])

    def _condition(self, judgement: Judgement) -> dict:
        cited = citation(self.kb, judgement.spec.source)
        return {
            "id": judgement.spec.id, "article": cited["article"], "item": cited["item"],
            "label": cited["label"], "status": judgement.status, "reason": judgement.reason,
            "title": judgement.spec.title, "status_label": self._label(judgement.spec.kind, judgement.status),
            "citation": cited["citation"], "quote": cited["quote"],
            "until": judgement.until.isoformat() if judgement.until else None,
            "questions": judgement.questions,
            "evidence": self._evidence(judgement),
            "deadline": self._deadline(judgement),
        }

    @staticmethod
    def _deadline(judgement: Judgement) -> dict | None:
        found = next((f.deadline for f in judgement.findings if f.deadline), None)
        if found is None:
            return None
        return {"date": found.iso, "estimate": found.estimate, "note": found.note}

    def _evidence(self, judgement: Judgement) -> dict | None:
        finding = judgement.evidence
        if finding is None:
            return None
        question = self.questionnaire.question(finding.question)
        return {
            "question": question.id, "answer": question.display(self.answers[question.id]),
            "document": finding.evidence,
            "label": self.procedure["evidence_label"].format(evidence=finding.evidence),
            "citations": short_citations(self.kb, question.source),
        }

    def _answers(self) -> list[dict]:
        visible = {q.id for q in self.questionnaire.visible_questions(self.answers)}
        out = []
        for question in self.questionnaire.questions:
            if question.id in self.answers and question.id in visible:
                value = self.answers[question.id]
                out.append({"id": question.id, "question": question.text, "value": value,
                            "answer": question.display(value), "page": question.page})
        return out

    def _measures(self) -> dict:
        doc = self.kb.main
        return {
            "title": doc["title"], "doc_number": doc["doc_number"], "issuer": doc.get("issuer"),
            "issued": doc.get("issued"), "effective": doc.get("effective"),
            "status": self.kb.status(self.date), "fingerprint": self.kb.fingerprint,
        }

    def to_dict(self) -> dict:
        verdict = self._verdict()
        judged = [*self.conditions, *self.readiness]
        visible = {q.id for q in self.questionnaire.visible_questions(self.answers)}
        return {
            "type": self.type,
            "type_label": self.questionnaire.label,
            "title": self.questionnaire.title,
            "basis": citation(self.kb, self.questionnaire.source)["label"],
            "date": self.date.isoformat(),
            "verdict": self.verdict,
            "verdict_label": verdict["label"],
            "verdict_tone": verdict["tone"],
            "verdict_text": verdict["text"],
            "verdict_citations": short_citations(self.kb, verdict["source"]),
            "blocking": [
                {"id": j.spec.id, "label": citation(self.kb, j.spec.source)["label"], "title": j.spec.title,
                 "reason": j.reason, "until": j.until.isoformat() if j.until else None}
                for j in judged if j.blocks
            ],
            "conditions": [self._condition(j) for j in self.conditions],
            "readiness": [self._condition(j) for j in self.readiness],
            "unanswered": [{"id": q.id, "text": q.text, "page": q.page} for q in self.unanswered],
            "ignored": [qid for qid in self.answers if qid not in visible],
            "checklist": [{**entry, "status_label": self._label(entry["kind"], entry["status"])}
                          for entry in checklist(self.kb, self.questionnaire, judged, self.answers, visible)],
            "next_steps": [s for s in next_steps(self.kb, self.procedure, self.type, self.readiness)
                           if s["phase"] in self.questionnaire.phases],
            "deadlines": self._deadlines(),
            "sections": dict(self.questionnaire.sections),
            "notice_heading": {"title": self.questionnaire.notice_title, "intro": self.questionnaire.notice_intro},
            "answers": self._answers(),
            "measures": self._measures(),
            "conventions": self.procedure.get("conventions", []),
            "disclaimer": self.procedure["disclaimer"]["text"],
        }


def assess(kb, type: str, answers: dict, date: dt.date | str | None = None,
           holidays: HolidayTable | None = None) -> Assessment:
    """Judge *answers* (partial allowed) to the *type* questionnaire on *date* (default today); working
    days follow *holidays* (default: the holiday data chinese-calendar ships).

    Raises :class:`BadInput` naming the field for an unknown question, a
    value of the wrong type, an impossible or future date.
    """
    day = assessment_date(date)
    questionnaire = load_questionnaire(kb, type)
    normalised = validate_answers(questionnaire, answers, day)
    conditions, readiness, unanswered = judge_all(questionnaire, normalised, day, holidays)
    procedure = load_procedure(kb)
    if questionnaire.verdicts:
        rule = rule_verdict(questionnaire.verdicts, [*conditions, *readiness], unanswered, normalised,
                            questionnaire.visible_questions(normalised))
        return Assessment(kb, questionnaire, procedure, day, normalised,
                          conditions, readiness, unanswered, rule.id, rule)
    ready_when = tuple(procedure["verdicts"][MAY_APPLY]["when_met"])
    verdict = verdict_of([*conditions, *readiness], unanswered, ready_when)
    return Assessment(kb, questionnaire, procedure, day, normalised,
                      conditions, readiness, unanswered, verdict)
