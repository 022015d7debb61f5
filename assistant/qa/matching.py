"""Scoring rules against an analysed question.

A rule applies through one of its triggers: every concept of ``all`` and
every intent of ``intents`` is present, one of ``some`` and none of ``not``.
It then scores for what else
matches (``any``, intents, concepts and words of the clauses it cites, words
of its example questions, the subject) and loses a little for every anchor
concept of the question that neither it nor its clauses speak to — so the
most specific rule wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .knowledge import Concept, Rule, Trigger
from .understanding import Analysis

REQUIRED = 2.0
OPTIONAL = 1.0
INTENT = 1.0
KEYWORD = 0.4
MAX_KEYWORDS = 3
CLAUSE_CONCEPT = 0.5  # a concept of the question that the cited clause itself names (称号 in 第十八条)
CLAUSE_WORD = 0.25
MAX_CLAUSE_WORDS = 4
SUBJECT = 0.5
UNEXPLAINED = 0.35
YES_NO = 0.3


@dataclass
class Candidate:
    rule: Rule
    score: float
    confidence: float
    matched: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)

    def explain(self) -> dict:
        return {"rule": self.rule.id, "score": round(self.score, 3), "confidence": round(self.confidence, 3),
                "matched": self.matched, "keywords": self.keywords, "unexplained": self.unexplained}


@dataclass(frozen=True)
class RuleIndex:
    """What scoring needs about a rule beyond its data: the content words of
    its examples and of the clause it rests on, and the concepts its clauses name."""

    example_words: frozenset[str]
    clause_words: frozenset[str]
    clause_concepts: frozenset[str] = frozenset()  # named by the pinpoint clause: they score
    cited_concepts: frozenset[str] = frozenset()  # named by any cited clause: they are not "unexplained"


def score_rule(rule: Rule, analysis: Analysis, concepts: dict[str, Concept],
               index: RuleIndex | None = None) -> Candidate | None:
    if rule.subject and analysis.subject and rule.subject != analysis.subject:
        return None
    best: Candidate | None = None
    for trigger in rule.triggers:
        candidate = _score_trigger(rule, trigger, analysis, concepts, index)
        if candidate is not None and (best is None or candidate.score > best.score):
            best = candidate
    return best


def _score_trigger(rule: Rule, trigger: Trigger, analysis: Analysis, concepts: dict[str, Concept],
                   index: RuleIndex | None) -> Candidate | None:
    present = analysis.present
    if any(name not in present for name in trigger.all):
        return None
    if any(name in present for name in trigger.none):
        return None
    if trigger.some and not any(name in present for name in trigger.some):
        return None
    if any(name not in present for name in trigger.intents):
        return None
    matched = list(trigger.all)
    score = REQUIRED * len(trigger.all)
    some = [name for name in trigger.some if name in present]
    score += OPTIONAL * len(some)
    matched += some
    optional = [name for name in trigger.any if name in present]
    score += OPTIONAL * len(optional)
    matched += optional
    score += INTENT * len(trigger.intents)
    matched += list(trigger.intents)
    keywords: list[str] = []
    if index is not None:
        words = set(analysis.words)
        keywords = sorted(index.example_words & words)[:MAX_KEYWORDS]
        score += KEYWORD * len(keywords)
        from_clause = sorted((index.clause_words & words) - set(keywords))[:MAX_CLAUSE_WORDS]
        score += CLAUSE_WORD * len(from_clause)
        keywords += from_clause
    if rule.subject and rule.subject == analysis.subject:
        score += SUBJECT
    if rule.yes_no and "yesno" in analysis.intents:
        score += YES_NO
    spoken = trigger.names()
    named = set(index.clause_concepts) if index is not None else set()
    from_clauses = sorted(c for c in analysis.concepts if c in named and c not in spoken)
    score += CLAUSE_CONCEPT * len(from_clauses)
    matched += [f"~{c}" for c in from_clauses]
    spoken |= named | (set(index.cited_concepts) if index is not None else set())
    implied = {also for name in spoken if name in concepts for also in concepts[name].also}
    unexplained = [name for name in analysis.concepts
                   if name in concepts and concepts[name].anchor and concepts[name].specific
                   and name not in spoken | implied
                   and not any(name in concepts[s].also for s in analysis.concepts if s in concepts)]
    score -= UNEXPLAINED * len(unexplained)
    ceiling = REQUIRED * len(trigger.all) + OPTIONAL * max(1, len(trigger.any)) + INTENT * len(trigger.intents) + 1.0
    confidence = max(0.0, min(1.0, score / ceiling))
    return Candidate(rule, score, confidence, matched, keywords, unexplained)


def rank(rules: list[Rule], analysis: Analysis, concepts: dict[str, Concept],
         indexes: dict[str, RuleIndex] | None = None) -> list[Candidate]:
    indexes = indexes or {}
    scored = [c for c in (score_rule(r, analysis, concepts, indexes.get(r.id)) for r in rules) if c is not None]
    scored.sort(key=lambda c: (-c.score, -c.confidence, c.rule.id))
    return scored
