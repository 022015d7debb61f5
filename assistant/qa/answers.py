"""Wording an answer from a rule: facts read out of the clauses, computed
dates, the yes/no verdict and the pinpoint citation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..knowledge.clauses import Clause, KnowledgeBase
from ..knowledge.rules import Rule, extract_fact
from ..knowledge.wordings import Wordings
from ..periods import Computed, HolidayTable, add_days, add_years, workdays_after, workdays_from
from .datetext import Mentioned
from .figures import count_of
from .quoting import quoted
from .understanding import Analysis


@dataclass
class Answer:
    question: str
    answered: bool
    answer: str
    citations: list[Clause] = field(default_factory=list)
    source: str = "none"  # rule | search | none
    rule: str | None = None
    confidence: float = 0.0
    suggestions: list[str] = field(default_factory=list)
    yes_no: str | None = None
    computed: dict | None = None
    clarify: list[dict] = field(default_factory=list)
    session: str | None = None
    explain: dict | None = None
    verdict_word: str | None = None  # what a yes/no answer opens with (需要, 不能, 对…)
    why: str | None = None  # which check of the premise decided the verdict
    parts: list[Answer] = field(default_factory=list)  # a question of several questions: one answer each
    frame: dict | None = None  # with --explain: how the question was read

    def to_dict(self) -> dict:
        data = {
            "question": self.question, "answered": self.answered, "answer": self.answer,
            "citations": [citation_dict(c) for c in self.citations], "source": self.source,
            "rule": self.rule, "confidence": round(self.confidence, 3), "suggestions": self.suggestions,
            "yes_no": self.yes_no, "computed": self.computed, "clarify": self.clarify, "session": self.session,
            "verdict": self.yes_no, "verdict_word": self.verdict_word,
            "parts": [{"question": p.question, "answered": p.answered, "answer": p.answer,
                       "citations": [citation_dict(c) for c in p.citations], "rule": p.rule,
                       "verdict": p.yes_no} for p in self.parts],
        }
        if self.explain is not None:
            data["explain"] = self.explain
        return data


def citation_dict(clause: Clause) -> dict:
    return {"id": clause.id, "article": clause.article, "paragraph": clause.paragraph, "item": clause.item,
            "label": clause.label, "citation": clause.citation, "text": clause.text, "lead": clause.lead,
            "document": clause.doc,
            "url": f"/articles/{clause.id}"}


def chinese_date(day: dt.date, precision: str = "day") -> str:
    if precision == "year":
        return f"{day.year}年"
    if precision == "month":
        return f"{day.year}年{day.month}月"
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class Rendered:
    text: str
    computed: dict | None


def render(rule: Rule, analysis: Analysis, kb: KnowledgeBase, texts: dict[str, str], wordings: Wordings,
           subject_names: dict[str, str], holidays: HolidayTable | None = None) -> Rendered:
    """The answer sentence and, for date rules, what was computed (the verdict is added by the engine)."""
    values = {name: extract_fact(fact, texts) or "" for name, fact in rule.facts.items()}
    first = kb.clause(rule.source[0])
    values["label"] = first.label
    values["quote"] = quoted(first)
    values["subject"] = subject_names.get(rule.subject or analysis.subject or "", wordings.either_subject)
    template = rule.answer
    computed = _compute(rule, analysis, kb, values, wordings, holidays) if rule.compute else None
    if computed is not None:
        values.update(given=computed["given_text"], result=computed["result_text"], note=computed["note"])
        template = rule.compute.answer or template
    return Rendered(template.format_map(_Defaults(values)), computed)


def fact_values(rule: Rule, texts: dict[str, str]) -> tuple[str, ...]:
    return tuple(extract_fact(fact, texts) or "" for fact in rule.facts.values())


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _compute(rule: Rule, analysis: Analysis, kb: KnowledgeBase, values: dict, wordings: Wordings,
             holidays: HolidayTable | None) -> dict | None:
    spec = rule.compute
    kind = spec.kind
    count = count_of(values.get(spec.count, "") or "0")
    target: Mentioned | None = None
    if kind == "days_after_issue":
        issued = kb.main.get("issued")
        if not issued:
            return None
        given = Mentioned(dt.date.fromisoformat(issued))
        result = Computed(add_days(given.day, count), False, wordings.issue_date_note)
        precision = "day"
    else:
        if not analysis.dates:
            return None
        given, *later = analysis.dates
        precision = given.precision
        if kind == "years_after":
            result = Computed(add_years(given.day, count), False, spec.note or wordings.anniversary_note)
            target = next((d for d in later if d.day > given.day), None)
        elif precision != "day":
            return None  # working days need the exact day
        elif kind == "workdays_after":
            result = workdays_after(given.day, count, holidays)
        else:
            result = workdays_from(given.day, count, holidays)
    note = result.note
    if given.assumed_year:
        note = wordings.assumed_year_note.format(year=given.day.year, note=note)
    return {"kind": kind, "given": given.day.isoformat(), "given_text": given.text,
            "result": result.date.isoformat(), "result_text": chinese_date(result.date, precision),
            "estimate": result.estimate, "note": note, "verdict": _verdict(result.date, target)}


def _verdict(result: dt.date, target: Mentioned | None) -> str | None:
    """Whether a date the question asks about (2026年能重新报吗) falls on or after *result*."""
    if target is None:
        return None
    if target.precision == "year":
        if target.day.year < result.year:
            return "no"
        return "yes" if target.day.year > result.year or result == dt.date(result.year, 1, 1) else None
    if target.precision == "month":
        first = target.day
        if (first.year, first.month) < (result.year, result.month):
            return "no"
        return "yes" if (first.year, first.month) > (result.year, result.month) or result.day == 1 else None
    return "yes" if target.day >= result else "no"
