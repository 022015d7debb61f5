"""Scoring rules against an analysed question.

A rule applies only if every concept in ``when.all`` is present and none in
``when.not``; it then scores for what else matches (``when.any``, intents,
words of its example questions, the subject) and loses a little for every
anchor concept of the question it does not speak to — so the most specific
rule wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .knowledge import Concept, Rule
from .understanding import Analysis

REQUIRED = 2.0
OPTIONAL = 1.0
INTENT = 1.0
KEYWORD = 0.4
MAX_KEYWORDS = 3
SUBJECT = 0.5
UNEXPLAINED = 0.35
MISSING_INTENT = 0.6
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


def score_rule(rule: Rule, analysis: Analysis, concepts: dict[str, Concept]) -> Candidate | None:
    present = set(analysis.concepts) | analysis.intents
    if any(name not in present for name in rule.all):
        return None
    if any(name in present for name in rule.none):
        return None
    if rule.subject and analysis.subject and rule.subject != analysis.subject:
        return None
    matched = list(rule.all)
    score = REQUIRED * len(rule.all)
    optional = [name for name in rule.any if name in present]
    score += OPTIONAL * len(optional)
    matched += optional
    intents = [name for name in rule.intents if name in present]
    score += INTENT * len(intents) - MISSING_INTENT * (len(rule.intents) - len(intents))
    matched += intents
    keywords = sorted(rule.keywords & set(analysis.words))[:MAX_KEYWORDS]
    score += KEYWORD * len(keywords)
    if rule.subject and rule.subject == analysis.subject:
        score += SUBJECT
    if rule.yes_no and "yesno" in analysis.intents:
        score += YES_NO
    spoken = set(rule.all) | set(rule.any) | set(rule.none)
    implied = {also for name in spoken if name in concepts for also in concepts[name].also}
    unexplained = [name for name in analysis.concepts
                   if name in concepts and concepts[name].anchor and name not in spoken | implied
                   and not any(name in concepts[s].also for s in analysis.concepts if s in concepts)]
    score -= UNEXPLAINED * len(unexplained)
    ceiling = REQUIRED * len(rule.all) + OPTIONAL * max(1, len(rule.any)) + INTENT * len(rule.intents) + 1.0
    confidence = max(0.0, min(1.0, score / ceiling))
    return Candidate(rule, score, confidence, matched, keywords, unexplained)


def rank(rules: list[Rule], analysis: Analysis, concepts: dict[str, Concept]) -> list[Candidate]:
    scored = [c for c in (score_rule(r, analysis, concepts) for r in rules) if c is not None]
    scored.sort(key=lambda c: (-c.score, -c.confidence, c.rule.id))
    return scored
