"""Wording an answer from a rule: facts read out of the clauses, computed
dates, the yes/no verdict and the pinpoint citation."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..clauses import Clause, KnowledgeBase
from ..numerals import cn_to_int
from ..workdays import Computed, add_days, add_years, workdays_after, workdays_from
from .knowledge import Rule, extract_fact
from .understanding import Analysis

_COUNT = re.compile(r"(\d+|[零一二两三四五六七八九十百]+)")


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

    def to_dict(self) -> dict:
        data = {
            "question": self.question, "answered": self.answered, "answer": self.answer,
            "citations": [citation_dict(c) for c in self.citations], "source": self.source,
            "rule": self.rule, "confidence": round(self.confidence, 3), "suggestions": self.suggestions,
            "yes_no": self.yes_no, "computed": self.computed, "clarify": self.clarify, "session": self.session,
        }
        if self.explain is not None:
            data["explain"] = self.explain
        return data


def citation_dict(clause: Clause) -> dict:
    return {"id": clause.id, "article": clause.article, "paragraph": clause.paragraph, "item": clause.item,
            "label": clause.label, "citation": clause.citation, "text": clause.text, "document": clause.doc}


def count_of(text: str) -> int:
    """30个工作日 → 30; 三年 → 3."""
    match = _COUNT.search(text)
    if not match:
        raise ValueError(f"no count in {text!r}")
    return cn_to_int(match.group(1))


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def render(rule: Rule, analysis: Analysis, kb: KnowledgeBase, texts: dict[str, str]) -> tuple[str, dict | None]:
    """The answer sentence and, for date rules, what was computed."""
    values = {fact.name: extract_fact(fact, texts) or "" for fact in rule.facts}
    first = kb.clause(rule.source[0])
    values["label"] = first.label
    values["quote"] = first.text
    subject_names = {"park": "园区", "factory": "企业"}
    values["subject"] = subject_names.get(rule.subject or analysis.subject or "", "园区或企业")
    computed = None
    template = rule.answer
    if rule.compute:
        computed = _compute(rule, analysis, kb, values)
        if computed is not None:
            values.update(given=computed["given_text"], result=computed["result_text"], note=computed["note"])
            template = rule.compute.get("answer", template)
    text = template.format_map(_Defaults(values))
    if rule.yes_no and "yesno" in analysis.intents and rule.verdict:
        text = f"{rule.verdict}{text}"
    return text, computed


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _compute(rule: Rule, analysis: Analysis, kb: KnowledgeBase, values: dict) -> dict | None:
    spec = rule.compute or {}
    kind = spec["kind"]
    count = count_of(values.get(spec.get("count", ""), "") or "0")
    if kind == "days_after_issue":
        issued = kb.main.get("issued")
        if not issued:
            return None
        given = dt.date.fromisoformat(issued)
        result = Computed(add_days(given, count), False, "按印发日期加天数计算")
    else:
        if not analysis.dates:
            return None
        given = analysis.dates[0]
        if kind == "workdays_after":
            result = workdays_after(given, count)
        elif kind == "workdays_from":
            result = workdays_from(given, count)
        else:
            result = Computed(add_years(given, count), False,
                              "按周年计算（2月29日对应非闰年的2月28日）")
    return {"kind": kind, "given": given.isoformat(), "given_text": chinese_date(given),
            "result": result.date.isoformat(), "result_text": chinese_date(result.date),
            "estimate": result.estimate, "note": result.note}
