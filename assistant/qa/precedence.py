"""Which of several applicable rules answers, learned from the rules' own examples.

Every example question of a rule is ranked as a caller's question would be. Where another rule
comes out ahead of (or too close to) the rule the example belongs to, the rule is given
precedence over the other — keyed on what in the example tells the two apart: the concepts the
rule cannot do without and the other does not speak to (终身 in 绿色工厂称号是永久的吗 is what
第十六条 answers and 第十二条 does not); failing those, the concepts of the example the other does
not speak to; failing those, the words of the example that only the rule's own examples use. A
question with one of those keys then gets the answer the example gets; a question with none of
them is ranked by score as before. A rule's ``prefer_over`` gives precedence without a key, for
the rare pair nothing tells apart.

Pairs that compete on each other's examples, or where no concept tells the example's rule from
the other, are reported by ``assistant build``: they need another example, a concept or a
``prefer_over``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..knowledge.rules import Rule
from .matching import CONCEPT, Candidate, concept_token

ROUNDS = 4  # learning is repeated while what was learned changes the ranking of other examples
ALWAYS = "*"  # the key of a prefer_over: whenever both rules apply
SLACK = 1.0  # a learned precedence holds while the other rule leads by at most this more than on the examples


@dataclass
class Conflict:
    rule: str
    other: str | None  # None: the rule does not apply to its own example at all
    example: str
    reason: str  # unmatched: the rule does not apply to its example; indistinct: nothing in the example tells
    # the two apart; mutual: each comes first on the other's examples

    def to_dict(self) -> dict:
        return {"rule": self.rule, "other": self.other, "example": self.example, "reason": self.reason}


@dataclass
class Precedence:
    """``wins[a][b]``: the keys (words, and concepts as ``concept_token``) one of which a question must
    have for rule *a* to answer before *b*; ``leads[a][b]``: by how much *b* out-scored *a* on *a*'s
    examples — a question on which *b* leads by far more is not like them."""

    wins: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    leads: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def declared(cls, rules: Iterable[Rule]) -> Precedence:
        return cls({r.id: {other: frozenset({ALWAYS}) for other in r.prefer_over} for r in rules if r.prefer_over})

    def beats(self, winner: str, loser: str, present: set[str], lead: float | None = None) -> bool:
        keys = self.wins.get(winner, {}).get(loser)
        if not keys:
            return False
        if ALWAYS in keys:
            return True
        learned = self.leads.get(winner, {}).get(loser, 0.0)
        return bool(keys & present) and (lead is None or lead <= learned + SLACK)

    def order(self, candidates: list[Candidate], present: set[str]) -> list[Candidate]:
        """*candidates* (best first by score) with every rule another applicable rule answers before
        moved behind the rest; each keeps its score, and says who beat it."""
        if not self.wins:
            return candidates
        for candidate in candidates:
            candidate.beaten_by = next((other.rule.id for other in candidates if other is not candidate
                                        and self.beats(other.rule.id, candidate.rule.id, present,
                                                       candidate.score - other.score)
                                        and not self.beats(candidate.rule.id, other.rule.id, present,
                                                           other.score - candidate.score)), None)
        return sorted(candidates, key=lambda c: c.beaten_by is not None)  # stable: score order kept

    def add(self, winner: str, loser: str, keys: frozenset[str], lead: float) -> bool:
        known = self.wins.setdefault(winner, {}).get(loser, frozenset())
        leads = self.leads.setdefault(winner, {})
        before = leads.get(loser)
        leads[loser] = max(lead, before if before is not None else lead)
        if keys <= known and before is not None and leads[loser] == before:
            return False
        self.wins[winner][loser] = known | keys
        return True

    def to_json(self) -> dict:
        return {"wins": {a: {b: sorted(keys) for b, keys in sorted(losers.items())}
                         for a, losers in sorted(self.wins.items())},
                "leads": {a: dict(sorted(losers.items())) for a, losers in sorted(self.leads.items())},
                "conflicts": [c.to_dict() for c in self.conflicts]}

    @classmethod
    def from_json(cls, data: dict) -> Precedence:
        return cls({a: {b: frozenset(keys) for b, keys in losers.items()} for a, losers in data["wins"].items()},
                   [Conflict(**c) for c in data.get("conflicts", [])], data.get("leads", {}))


def learn(rules: list[Rule], candidates_of: Callable[[str], tuple[list[Candidate], set[str]]],
          rivals: Callable[[Candidate, list[Candidate]], list[Candidate]],
          vocabulary: dict[str, set[str]]) -> Precedence:
    """Precedence from every rule's examples. *candidates_of* ranks a question (by score) and gives
    its keys (words and concept tokens); *rivals* says which of the ranked candidates keep the
    example's rule from answering (those ahead of it, and those so close behind that the engine
    would ask back); *vocabulary*, the words of each rule's examples."""
    table = Precedence.declared(rules)
    for _ in range(ROUNDS):
        changed, conflicts = False, []
        for rule in rules:
            for example in rule.examples:
                ranked, present = candidates_of(example)
                ranked = table.order(ranked, present)
                mine = next((c for c in ranked if c.rule.id == rule.id), None)
                if mine is None:
                    conflicts.append(Conflict(rule.id, None, example, "unmatched"))
                    continue
                for other in rivals(mine, ranked):
                    keys = _keys(mine, other, present, vocabulary)
                    if not keys:
                        conflicts.append(Conflict(rule.id, other.rule.id, example, "indistinct"))
                    elif table.beats(other.rule.id, rule.id, present):
                        conflicts.append(Conflict(rule.id, other.rule.id, example, "mutual"))
                    else:
                        changed |= table.add(rule.id, other.rule.id, keys, round(other.score - mine.score, 3))
        table.conflicts = conflicts
        if not changed:
            break
    return table


def _keys(mine: Candidate, other: Candidate, present: set[str], vocabulary: dict[str, set[str]]) -> frozenset[str]:
    """What in the example tells *mine* from *other* (see the module's docstring)."""
    required = {concept_token(c) for c in mine.required - other.explains}
    if required:
        return frozenset(required)
    named = {t for t in present if t.startswith(CONCEPT) and t[len(CONCEPT):] not in other.explains
             and t in vocabulary.get(mine.rule.id, set())}
    if named:
        return frozenset(named)
    own = vocabulary.get(mine.rule.id, set()) - vocabulary.get(other.rule.id, set())
    return frozenset(t for t in present if t in own and not t.startswith(CONCEPT))
