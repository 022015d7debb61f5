"""Ranked clauses collapsed into one group per article.

An article prints the text of its 款, 项 and 目, so a query that matches an
item matches its article too; listed one by one, the short item outranks its
article (BM25 favours short texts) and the items of one article crowd out the
other articles. A group is headed by the article, scored by its best clause,
and lists under it the clauses of the article that print what was asked.

A pinpoint reference (第七条第三项) heads its own group: what was asked for
comes first, whatever it is.

The group is ranked by its best clause alone. Adding to it a share of its
other matching clauses (0.1-0.5 of their sum, or of the second best) lowered
R@1 on the development set (0.953 → 0.934-0.943; bench/search_relevance.py):
an article with many items would outrank the one article that answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..knowledge.clauses import Clause, KnowledgeBase

MAX_CHILDREN = 8
PINPOINT_LEAD = 10.0  # pinpoint groups rank this far above the best ranked clause


@dataclass
class Group:
    clause: Clause  # the head: the article, or the clause a pinpoint reference names
    score: float  # the best score of any clause of the group
    pinpoint: bool = False
    head_score: float = 0.0  # the head's own score (0 when it was not itself a hit)
    matches: list[tuple[Clause, float]] = field(default_factory=list)  # children, best first
    candidates: list[tuple[Clause, float]] = field(default_factory=list)  # other clauses of it that matched

    def settle(self, prints_query: Callable[[Clause], bool]) -> Group:
        """List under the head the candidates whose own text (not only their 款
        lead-in) prints a word of the query. Done for the groups of one page only."""
        self.matches = [(c, s) for c, s in self.candidates if prints_query(c)][:MAX_CHILDREN]
        return self

    @property
    def best(self) -> Clause:
        """The clause shown that scored best: a child, or the head (always, for a pinpoint)."""
        if not self.pinpoint and self.matches and self.matches[0][1] > self.head_score:
            return self.matches[0][0]
        return self.clause


def group_key(clause: Clause) -> tuple[str, str]:
    if clause.kind == "notice" or clause.article is None:
        return clause.doc, clause.id
    return clause.doc, f"{clause.article}_{clause.sub_number}"


def head_of(kb: KnowledgeBase, clause: Clause) -> Clause:
    """The clause that heads the group of *clause*: its article."""
    if clause.kind in ("article", "notice"):
        return clause
    return kb.article_of(clause) or clause


def group_hits(kb: KnowledgeBase, pinpoints: list[Clause], ranked: list[tuple[Clause, float]]) -> list[Group]:
    """Groups in rank order (*ranked* is best first): pinpoints first, then by
    best clause score. Call ``Group.settle`` to list a group's children."""
    top = max((s for _, s in ranked), default=0.0)
    groups: list[Group] = []
    seen: dict[tuple[str, str], Group] = {}
    for clause in pinpoints:
        key = group_key(clause)
        if key not in seen:
            seen[key] = Group(clause, top + PINPOINT_LEAD, pinpoint=True)
            groups.append(seen[key])
    for clause, score in ranked:
        key = group_key(clause)
        group = seen.get(key)
        if group is None:
            group = seen[key] = Group(head_of(kb, clause), score)
            groups.append(group)
        if clause.id == group.clause.id:
            group.head_score = max(group.head_score, score)
            continue
        if not _encloses(clause, group.clause):  # the article of a pinpointed item is not listed under it
            group.candidates.append((clause, score))
    return groups


def _encloses(outer: Clause, inner: Clause) -> bool:
    return outer.doc == inner.doc and inner.id.startswith(outer.id + "-")
