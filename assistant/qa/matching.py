"""Scoring rules against an analysed question.

A rule applies through one of its triggers: every concept of ``all`` and
every intent of ``intents`` is present, and one of ``some``. It then scores for what else
matches (``any``, intents, concepts and words of the clauses it cites, words
of its example questions, the subject) and loses a little for every anchor
concept of the question that neither it nor its clauses speak to — so the
most specific rule wins.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..knowledge.clauses import KnowledgeBase
from ..knowledge.concepts import Concept
from ..knowledge.rules import Rule, Trigger
from ..segment import Segmenter
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
RETRIEVAL = 1.0  # times the share of the question that the rule's pinpoint clause speaks to
OVERLOOKED = 2.0  # times the rarity of each concept another applicable rule requires and this one ignores
SIMILARITY = 1.5  # times how like the rule's examples the question is, relative to the most alike rule


@dataclass
class Candidate:
    rule: Rule
    score: float
    confidence: float
    matched: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)
    retrieval: float = 0.0  # share of the question its pinpoint clause speaks to
    similarity: float = 0.0  # how like its examples the question is (0..1)
    required: frozenset[str] = frozenset()  # the question's concepts its trigger could not do without
    explains: frozenset[str] = frozenset()  # every concept it or its clauses speak to
    beaten_by: str | None = None  # a rule that answers before it (precedence)

    def explain(self) -> dict:
        return {"rule": self.rule.id, "score": round(self.score, 3), "confidence": round(self.confidence, 3),
                "retrieval": round(self.retrieval, 3), "similarity": round(self.similarity, 3),
                "matched": self.matched, "keywords": self.keywords, "unexplained": self.unexplained,
                **({"beaten_by": self.beaten_by} if self.beaten_by else {})}


@dataclass(frozen=True)
class RuleIndex:
    """What scoring needs about a rule beyond its data: the content words of
    its examples and of the clause it rests on, and the concepts its clauses name."""

    example_words: frozenset[str]
    clause_words: frozenset[str]
    clause_concepts: frozenset[str] = frozenset()  # named by the pinpoint clause: they score
    cited_concepts: frozenset[str] = frozenset()  # named by any cited clause: they are not "unexplained"
    example_tokens: tuple[str, ...] = ()  # the words of its examples and description, as often as they occur


def read_with_lead(kb: KnowledgeBase, clause_id: str) -> str:
    """A clause as it is read: an item together with the lead-in of its 款."""
    clause = kb.clause(clause_id)
    return clause.lead + clause.text


def own_text(kb: KnowledgeBase, clause_id: str) -> str:
    """What a clause says itself: an item with the lead-in of its 款; an article or 款 that has items,
    only its lead-in (申报绿色园区的基本条件：) — what its items say belongs to the rules of the items."""
    clause = kb.clause(clause_id)
    items = [c for c in kb.clauses(clause.doc) if c.kind == "item" and c.article == clause.article
             and c.sub_number == clause.sub_number and (clause.paragraph is None or c.paragraph == clause.paragraph)]
    if clause.kind in ("article", "paragraph") and items:
        return "".join(dict.fromkeys(c.lead for c in items))
    return clause.lead + clause.text


def index_rules(kb: KnowledgeBase, rules: list[Rule], concepts: list[Concept], segmenter: Segmenter,
                stopwords: frozenset[str],
                concepts_of: Callable[[str], Iterable[str]] | None = None) -> dict[str, RuleIndex]:
    """The index of every rule: what its examples and clauses say, segmented once. With
    *concepts_of*, an example's words come with the concepts it names (see ``concept_token``), so
    that 重新报 in a question is like 重新申报 in an example."""
    words = [(w, c.id) for c in concepts for w in c.words if len(w) > 1]

    def named(text: str) -> frozenset[str]:
        return frozenset(cid for w, cid in words if w in text)

    out = {}
    for rule in rules:
        examples: set[str] = set()
        tokens: list[str] = []
        for example in [*rule.examples, rule.description]:
            said = [w for w, _, _ in segmenter.cut(example) if len(w) > 1 and w not in stopwords]
            tokens += said + [concept_token(c) for c in (concepts_of(example) if concepts_of else ())]
            if example != rule.description:
                examples |= set(said)
        pinpoint = own_text(kb, rule.source[0])
        clause = {w for w, _, _ in segmenter.cut(pinpoint) if len(w) > 1}
        out[rule.id] = RuleIndex(frozenset(examples - stopwords), frozenset(clause - stopwords), named(pinpoint),
                                 named("".join(own_text(kb, s) for s in rule.source)), tuple(tokens))
    return out


CONCEPT = "§"


def concept_token(concept: str) -> str:
    """A concept counted among the words of a question or an example."""
    return f"{CONCEPT}{concept}"


def similarity_words(analysis: Analysis) -> list[str]:
    """What a question is compared with rules' examples by: its words and the concepts it names."""
    return [*analysis.words, *(concept_token(c) for c in analysis.concepts)]


def indexes_to_json(indexes: dict[str, RuleIndex]) -> dict:
    return {rid: {name: (list(value) if isinstance(value, tuple) else sorted(value))
                  for name in RuleIndex.__dataclass_fields__ for value in [getattr(index, name)]}
            for rid, index in indexes.items()}


def indexes_from_json(data: dict) -> dict[str, RuleIndex]:
    return {rid: RuleIndex(**{name: (tuple(values) if name == "example_tokens" else frozenset(values))
                              for name, values in fields.items()})
            for rid, fields in data.items()}


def score_rule(rule: Rule, analysis: Analysis, concepts: dict[str, Concept],
               index: RuleIndex | None = None, present: set[str] | None = None,
               words: set[str] | None = None, salience: Mapping[str, float] | None = None) -> Candidate | None:
    """The rule's best trigger for the question (*present* and *words*: the question's
    concepts and intents, and its words, when the caller has them already; *salience*:
    how much a concept named by the rule's clause says, 0..1, by default all of it)."""
    if not _subject_fits(rule, analysis):
        return None
    present = analysis.present if present is None else present
    words = set(analysis.words) if words is None else words
    best: Candidate | None = None
    for trigger in rule.triggers:
        candidate = _score_trigger(rule, trigger, analysis, concepts, index, present, words, salience)
        if candidate is not None and (best is None or candidate.score > best.score):
            best = candidate
    return best


def _subject_fits(rule: Rule, analysis: Analysis) -> bool:
    return not (rule.subject and analysis.subject and rule.subject != analysis.subject)


def _score_trigger(rule: Rule, trigger: Trigger, analysis: Analysis, concepts: dict[str, Concept],
                   index: RuleIndex | None, present: set[str], words: set[str],
                   salience: Mapping[str, float] | None = None) -> Candidate | None:
    if any(name not in present for name in trigger.all):
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
        keywords = sorted(index.example_words & words)[:MAX_KEYWORDS]
        score += KEYWORD * len(keywords)
        from_clause = sorted((index.clause_words & words) - set(keywords))[:MAX_CLAUSE_WORDS]
        score += CLAUSE_WORD * len(from_clause)
        keywords += from_clause
    if rule.subject and rule.subject == analysis.subject:
        score += SUBJECT
    if rule.kind == "answer" and "yesno" in analysis.intents:
        score += YES_NO
    spoken = trigger.names()
    named = set(index.clause_concepts) if index is not None else set()
    from_clauses = sorted(c for c in analysis.concepts if c in named and c not in spoken)
    # 企业, 申报 are named by most clauses and say little; 称号 in 第十八条 says more.
    score += CLAUSE_CONCEPT * sum(salience.get(c, 1.0) if salience else 1.0 for c in from_clauses)
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
    required = frozenset(n for n in (*trigger.all, *some) if n in analysis.concepts)
    return Candidate(rule, score, confidence, matched, keywords, unexplained,
                     required=required, explains=frozenset(spoken | implied))


def rank(rules: list[Rule], analysis: Analysis, concepts: dict[str, Concept],
         indexes: dict[str, RuleIndex] | None = None,
         evidence: Callable[[str], float] | None = None,
         salience: Mapping[str, float] | None = None,
         similarity: Mapping[str, float] | None = None,
         rarities: Mapping[str, float] | None = None) -> list[Candidate]:
    """Rules that apply, best first. *evidence* gives, for a clause id, the share of the
    question that clause speaks to: a rule whose pinpoint clause the question talks
    about beats one whose clause shares little with it; *similarity*, how like each rule's
    examples the question is; *rarities*, how rare each concept is among the rules (see
    ``rarity``)."""
    indexes = indexes or {}
    present, words = analysis.present, set(analysis.words)
    scored = [c for c in (score_rule(r, analysis, concepts, indexes.get(r.id), present, words, salience)
                          for r in rules) if c is not None]
    if evidence is not None:
        for candidate in scored:
            candidate.retrieval = evidence(candidate.rule.source[0])
            candidate.score += RETRIEVAL * candidate.retrieval
    if rarities is not None:
        _overlooked(scored, rarities)
    for candidate in scored if similarity else ():
        candidate.similarity = similarity.get(candidate.rule.id, 0.0)
        candidate.score += SIMILARITY * candidate.similarity
    scored.sort(key=lambda c: (-c.score, -c.confidence, c.rule.id))
    return scored


def rarity(rules: list[Rule]) -> dict[str, float]:
    """How few rules speak of each concept, 0..1 (1: one rule): 复审 or 区县 say little of which rule
    is meant; 虚假材料 or 原则 say a lot."""
    counts: dict[str, int] = {}
    for rule in rules:
        for name in rule.names():
            counts[name.lstrip("!")] = counts.get(name.lstrip("!"), 0) + 1
    top = math.log(max(2, len(rules)))
    return {name: math.log(len(rules) / n) / top for name, n in counts.items()}


def _overlooked(scored: list[Candidate], weights: Mapping[str, float]) -> None:
    """A rule loses for each concept of the question that another applicable rule cannot do without
    and it does not speak to, the more the rarer the concept: 有水分 in 复审报的数据有水分会怎样 is
    what the rule on false material answers, not the one on missing the review."""
    required = set().union(*(c.required for c in scored)) if scored else set()
    for candidate in scored:
        overlooked = sorted(required - candidate.explains)
        candidate.score -= OVERLOOKED * sum(weights.get(c, 1.0) for c in overlooked)
        candidate.unexplained = list(dict.fromkeys([*candidate.unexplained, *overlooked]))

