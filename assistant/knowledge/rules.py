"""``kb/rules/*.yaml``: help-desk rules. A rule says when it applies (concepts
and intents), which clauses it rests on (the first is the pinpoint citation),
which facts it reads out of those clauses (regular expressions over the
printed text, so figures are never typed in) and how the answer is worded."""

from __future__ import annotations

import re
import string
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .base import ClauseId, ClauseIds, EntryError, KbModel, Names, OneOrMany, RegularExpression, build_context

RULES_GLOB = "rules/*.yaml"
COMPUTE_KINDS = ("workdays_after", "workdays_from", "years_after", "days_after_issue")
PLACEHOLDERS = ("label", "quote", "date", "result", "note", "subject", "given")
Stance = Literal["prohibits", "revokes", "requires", "voluntary", "selective", "bounded"]


class Trigger(KbModel):
    """One way a rule applies: every name of ``all`` and ``intents``, at least one of ``some`` (when
    given); ``any`` adds to the score. A name is a concept or an intent; ``!concept`` is the concept
    negated in the question (没有批准). Which of several applicable rules answers is decided by score
    and by precedence learned from the rules' examples (``prefer_over`` where that is not enough)."""

    all: Names = []
    """Concepts (or intents) that must all be in the question."""
    any: Names = []
    """Concepts that raise the score when present."""
    intents: Names = []
    """Intents that must all be in the question."""
    some: Names = []
    """At least one of these must be in the question."""

    def names(self) -> set[str]:
        return {*self.all, *self.any, *self.intents, *self.some}


class Fact(KbModel):
    """A fact read out of a clause: the first group of ``match`` (or the whole match)."""

    clause: ClauseId = Field(alias="from")
    """The clause id the fact is printed in (``from:``)."""
    pattern: RegularExpression = Field(alias="match")
    """A regular expression over the printed clause (``match:``)."""


class Compute(KbModel):
    """A date computed from a date in the question (公示 from 11月13日 → 11月19日)."""

    kind: Literal["workdays_after", "workdays_from", "years_after", "days_after_issue"]
    """workdays_after: the N-th working day after the date; workdays_from: N working days beginning on
    it; years_after: its N-th anniversary; days_after_issue: N days after the measures were issued."""
    count: str = ""
    """The fact that holds N (5个工作日 → 5)."""
    note: str = ""
    """How the date is counted, said with the answer."""
    answer: str = ""
    """The answer when a date was computed ({given}, {result}, {note} and the facts)."""


class Rule(KbModel):
    """One answer of the help desk."""

    id: str
    """Unique across all rule files."""
    description: str = ""
    """What the rule answers, in a few words (shown when asking back)."""
    source: ClauseIds
    """The clauses it rests on; the first is the pinpoint citation of the answer."""
    answer: str
    """The answer, with ``{fact}`` placeholders and {label} {quote} {subject} {given} {result} {note}."""
    when: OneOrMany(Trigger)
    """A trigger, or a list of alternative triggers."""
    subject: str | None = None
    """The subject (``subjects`` in concepts.yaml) the rule is specific to."""
    family: str | None = None
    """Rules of one family answer the same question for different subjects."""
    facts: dict[str, Fact] = {}
    """Facts read from the clauses, by placeholder name."""
    stance: list[Stance] | None = None
    """The stance of the pinpoint clause on what the rule answers, when the clause's own words mislead
    (by default it is read from them with ``clause`` of cues.yaml): requires, prohibits, revokes,
    voluntary, selective, bounded; an empty list for a plain statement."""
    compute: Compute | None = None
    """A date computed from the question."""
    kind: Literal["answer", "not_covered"] = "answer"
    """not_covered: the answer says what the measures do not set."""
    answers: Names = []
    """Details (intents with ``detail``) that this answer gives."""
    follow_ups: Names = []
    """Questions suggested after the answer."""
    examples: Names = []
    """Questions the rule answers (also used to rank rules, to learn which rule answers when several
    apply, and by search: indexed with the description beside the first source clause)."""
    prefer_over: Names = []
    """Rules this one answers before whenever both apply: for the rare pair that the examples cannot
    tell apart (``assistant build`` lists such pairs)."""

    @property
    def triggers(self) -> list[Trigger]:
        return list(self.when)

    def names(self) -> set[str]:
        """Every concept and intent any trigger speaks of."""
        return set().union(*(t.names() for t in self.when)) if self.when else set()

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Rule:
        rid = self.id
        if not self.when:
            raise ValueError(f"rule '{rid}' needs at least one concept in when.all or an intent")
        for trigger in self.when:
            if not trigger.all and not trigger.intents:
                raise ValueError(f"rule '{rid}' needs at least one concept in when.all or an intent")
        placeholders = {name for _, name, _, _ in string.Formatter().parse(self.answer) if name}
        unknown = placeholders - set(self.facts) - set(PLACEHOLDERS)
        if unknown:
            raise ValueError(f"rule '{rid}': answer uses undefined {sorted(unknown)}")
        context = build_context(info)
        if context is None:
            return self
        for trigger in self.when:
            for key in ("all", "any", "intents", "some"):
                for name in getattr(trigger, key):
                    if name.lstrip("!") not in context.concepts and name not in context.intents:
                        raise ValueError(f"rule '{rid}': '{name}' in when.{key} is neither a concept nor an intent")
        for name in self.answers:
            if name not in context.intents:
                raise ValueError(f"rule '{rid}': answers names '{name}', which is not an intent")
        for name, fact in self.facts.items():
            if extract_fact(fact, context.texts) is None:
                raise ValueError(f"rule '{rid}': fact '{name}' ({fact.pattern}) is not in {fact.clause}")
        if self.subject is not None and self.subject not in context.subjects:
            raise ValueError(f"rule '{rid}': subject must be one of {sorted(context.subjects)}")
        return self


def extract_fact(fact: Fact, texts: dict[str, str]) -> str | None:
    text = texts.get(fact.clause)
    if text is None:
        return None
    match = re.search(fact.pattern, text)
    if not match:
        return None
    return match.group(1) if match.groups() else match.group(0)


class RulesFile(KbModel):
    """One file of rules (``kb/rules/*.yaml``)."""

    rules: Annotated[list[Rule], Field(min_length=1)]
    """The rules of this file."""

    @field_validator("rules")
    @classmethod
    def _unique(cls, rules: list[Rule], info: ValidationInfo) -> list[Rule]:
        context = build_context(info)
        seen = set(context.rule_ids) if context is not None else set()
        for index, rule in enumerate(rules):
            if rule.id in seen:
                raise EntryError(("rules", index, "id"), f"rule '{rule.id}' is defined twice")
            seen.add(rule.id)
        if context is not None:
            context.rule_ids = seen
        return rules
