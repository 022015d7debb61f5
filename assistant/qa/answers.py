"""Wording an answer from a rule: facts read out of the clauses, computed
dates, the yes/no verdict and the pinpoint citation."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..knowledge.clauses import Clause, KnowledgeBase
from ..knowledge.rules import Rule, extract_fact
from ..knowledge.wordings import Wordings
from ..periods import Computed, add_days, add_years, workdays_after, workdays_from
from ..regulation.numerals import cn_to_int
from .datetext import Mentioned, find_dates
from .understanding import Analysis

_COUNT = re.compile(r"(\d+|[零一二两三四五六七八九十百]+)")
# A figure with its unit (三年, 5个工作日, 两批); not an ordinal (第二年) nor a calendar year (2024年),
# and 一次性 (all at once) is no count of times.
_FIGURE = re.compile(r"(?<![第\d])(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*"
                     r"(个工作日|工作日|个月|日|天|年|次|批)(?!性)")
_UNIT_FAMILY = {"个工作日": "workday", "工作日": "workday", "个月": "month", "日": "day", "天": "day",
                "年": "year", "次": "times", "批": "times"}
_COMPARABLE = {"workday": "days", "day": "days"}  # 5天 is not 5个工作日: asked about, it is a "no"
# The question asks to confirm a figure: 是不是一年两批？也是三年吗？60个工作日内报就行吗？
_CONFIRM = re.compile(r"是不是|也是|就是|是否是|对吗|对不对|是[^，。？?]{0,12}[吗么嘛]|就行|就可以|行吗")
_DATE_TEXT = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]")


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
            "label": clause.label, "citation": clause.citation, "text": clause.text, "document": clause.doc,
            "url": f"/articles/{clause.id}"}


def count_of(text: str) -> int:
    """30个工作日 → 30; 三年 → 3."""
    match = _COUNT.search(text)
    if not match:
        raise ValueError(f"no count in {text!r}")
    return cn_to_int(match.group(1))


def chinese_date(day: dt.date, precision: str = "day") -> str:
    if precision == "year":
        return f"{day.year}年"
    if precision == "month":
        return f"{day.year}年{day.month}月"
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class Rendered:
    text: str
    yes_no: str | None
    computed: dict | None
    verdict: str = ""


def render(rule: Rule, analysis: Analysis, kb: KnowledgeBase, texts: dict[str, str], wordings: Wordings,
           subject_names: dict[str, str]) -> Rendered:
    """The answer sentence, the yes/no verdict (for yes/no questions) and,
    for date rules, what was computed."""
    values = {name: extract_fact(fact, texts) or "" for name, fact in rule.facts.items()}
    first = kb.clause(rule.source[0])
    values["label"] = first.label
    values["quote"] = first.text
    values["subject"] = subject_names.get(rule.subject or analysis.subject or "", wordings.either_subject)
    template = rule.answer
    computed = _compute(rule, analysis, kb, values, wordings) if rule.compute else None
    if computed is not None:
        values.update(given=computed["given_text"], result=computed["result_text"], note=computed["note"])
        template = rule.compute.answer or template
    text = template.format_map(_Defaults(values))
    yes_no, verdict = None, ""
    words = wordings.verdicts
    if "yesno" in analysis.intents:
        yes_no, verdict = rule.verdict_for(analysis.present)
        if rule.yes_no is None and rule.kind == "answer" and not (analysis.negated or "failed" in analysis.concepts):
            # A rule that states what the measures provide confirms it: 会去现场核实吗？— 会的。
            yes_no, verdict = "yes", words.yes
        facts = [values[name] for name in rule.facts]
        confirmed = _confirm_figure(analysis.text, facts)
        if confirmed is None:
            confirmed = _confirm_date(analysis, facts)
        if confirmed is not None:
            yes_no, verdict = confirmed, words.yes if confirmed == "yes" else words.no
        if computed is not None and not computed.get("verdict"):
            asked = {d.day.isoformat() for d in analysis.dates if d.precision == "day"} - {computed["given"]}
            if asked:  # 从2024年3月6日开始施行吗？— the date asked about is the date computed, or not
                yes_no = "yes" if asked == {computed["result"]} else "no"
                verdict = words.yes if yes_no == "yes" else words.no
        if computed is not None and computed.get("verdict"):
            yes_no = computed["verdict"]
            custom = rule.compute.verdict_yes if yes_no == "yes" else rule.compute.verdict_no
            verdict = custom or (words.can if yes_no == "yes" else words.cannot)
    if yes_no and verdict:
        text = f"{verdict}{text}"
    return Rendered(text, yes_no, computed, verdict if yes_no else "")


def figures(text: str) -> set[tuple[int, str]]:
    """(value, unit family) of every figure in *text*: 三年 → (3, "year")."""
    out = set()
    for number, unit in _FIGURE.findall(text):
        try:
            out.add((cn_to_int(number), _UNIT_FAMILY[unit]))
        except ValueError:
            continue
    return out


def _confirm_figure(question: str, facts: list[str]) -> str | None:
    """yes/no when the question asks to confirm a figure the rule's facts state
    (是不是一年两批？也是三年吗？). A count of times is compared however it is asked
    (一年可以认定两次吗？); other figures only when the question asks to confirm them."""
    stated = set().union(*(figures(f) for f in facts)) if facts else set()
    if not _CONFIRM.search(question):
        stated = {f for f in stated if f[1] == "times"}
    units = {_COMPARABLE.get(unit, unit) for _, unit in stated}
    asked = {f for f in figures(_DATE_TEXT.sub("", question)) if _COMPARABLE.get(f[1], f[1]) in units}
    if not asked:
        return None
    return "yes" if asked <= stated else "no"


def _confirm_date(analysis: Analysis, facts: list[str]) -> str | None:
    """yes/no when the question gives a date that a fact of the rule states (2024年2月5日印发的吗？)."""
    asked = [d.day for d in analysis.dates if d.precision == "day" and not d.assumed_year]
    stated = [d.day for fact in facts for d in find_dates(fact, dt.date.today())[0] if d.precision == "day"]
    if not asked or not stated:
        return None
    return "yes" if set(asked) <= set(stated) else "no"


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _compute(rule: Rule, analysis: Analysis, kb: KnowledgeBase, values: dict, wordings: Wordings) -> dict | None:
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
            result = workdays_after(given.day, count)
        else:
            result = workdays_from(given.day, count)
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
