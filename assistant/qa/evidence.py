"""Retrieval evidence: how much of a question a clause speaks to.

Rules encode what a question means; retrieval is robust to the words people
happen to use. Each clause is read once per snapshot into the domain concepts
it names and the words it prints. A question's terms are its concepts (as it
names them, not as implied) and its content words outside any concept word,
each weighted by how rare it is among the clauses (IDF), so 真实性 says more
than 园区. A clause's *share* of a question is the weight of the terms it
covers over the weight of all the question's terms that some clause covers.

The Q&A engine uses the share of a rule's pinpoint clause to rank rules, the
best clause to answer by quotation when no rule applies, and the terms no
clause covers to tell what the measures do not speak to.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..knowledge.clauses import Clause, KnowledgeBase
from ..textnorm import fold
from .understanding import Analysis, Understanding

CITABLE = ("notice", "article", "item")
# A document's title in 《》 names it; it does not speak to its subject (第二十四条 repeals
# 《重庆市绿色园区和绿色工厂认定管理办法（试行）》 and says nothing about parks or factories).
_TITLE = re.compile(r"《[^》]*》")
SALIENT_DF = 3


@dataclass(frozen=True)
class _Entry:
    clause: Clause
    text: str  # folded, without spaces, with the lead-in of an item
    concepts: frozenset[str]
    leaf: bool  # an item, or an article without items, or the notice: what a quotation cites


@dataclass
class Terms:
    """A question's weighted terms: concept ids and plain words."""

    concepts: dict[str, float] = field(default_factory=dict)
    words: dict[str, float] = field(default_factory=dict)
    total: float = 0.0
    unmatched: list[str] = field(default_factory=list)  # content words printed in no clause


class Evidence:
    def __init__(self, kb: KnowledgeBase, understanding: Understanding):
        self.understanding = understanding
        self.stopwords = understanding.lexicon.stopword_set
        self._forms = [(cid, [f for f in forms if len(f) > 1]) for cid, forms in understanding.surface.items()]
        clauses = [c for c in kb.clauses() if c.kind in CITABLE]
        with_items = {c.article for c in clauses if c.kind == "item"}
        self.entries: dict[str, _Entry] = {}
        for clause in clauses:
            leaf = clause.kind != "article" or clause.article not in with_items
            # An article with items speaks, as a whole, only through its lead-in: its items speak for themselves.
            own = clause.lead + clause.text if leaf else "".join(
                dict.fromkeys(c.lead for c in clauses if c.kind == "item" and c.article == clause.article))
            text = "".join(fold(_TITLE.sub("", own)).split())
            self.entries[clause.id] = _Entry(clause, text, self._named(text), leaf)
        self.leaves = [e for e in self.entries.values() if e.leaf]
        count = len(self.leaves)
        df: dict[str, int] = {}
        for entry in self.leaves:
            for concept in entry.concepts:
                df[concept] = df.get(concept, 0) + 1
        self._concept_idf = {c: math.log(1 + count / n) for c, n in df.items()}
        # How much naming a concept says about which clause is meant, 0..1: full for a
        # concept printed in three clauses or fewer (称号), little for 企业 or 申报.
        full = math.log(1 + count / SALIENT_DF)
        self.salience = {c: min(1.0, 0.5 + 0.5 * idf / full) for c, idf in self._concept_idf.items()}
        self._count = count
        self._word_idf = lru_cache(maxsize=8192)(self._idf_of_word)

    def named(self, text: str) -> frozenset[str]:
        """Concepts whose words (or their aliases) are printed in *text* (folded)."""
        return self._named(text)

    def _named(self, text: str) -> frozenset[str]:
        return frozenset(cid for cid, forms in self._forms if any(f in text for f in forms))

    def _idf_of_word(self, word: str) -> float:
        n = sum(1 for e in self.leaves if word in e.text)
        return math.log(1 + self._count / n) if n else 0.0

    def terms(self, analysis: Analysis) -> Terms:
        """The question's terms with their weights (0 for what no clause prints)."""
        out = Terms()
        forms: list[str] = []
        for concept, found in analysis.concepts.items():
            own = [f for f in found if not f.startswith("(")]
            if not own:
                continue  # implied by another concept: it adds nothing the question said
            forms += own
            weight = self._concept_idf.get(concept, 0.0)
            if weight:
                out.concepts[concept] = weight
        for word in dict.fromkeys(analysis.words):
            if len(word) < 2 or word in self.stopwords or any(word in f for f in forms):
                continue  # part of a concept word the question was read for
            weight = self._word_idf(word)
            if not weight:
                out.unmatched.append(word)  # 标准化: no clause prints it, though it holds 标准
            elif not any(f in word for f in forms):
                out.words[word] = weight  # not counted twice with the concept inside it
        out.total = sum(out.concepts.values()) + sum(out.words.values())
        return out

    def share(self, terms: Terms, clause_id: str) -> float:
        """The part of the question's weight that the clause covers (0..1)."""
        entry = self.entries.get(clause_id)
        if entry is None or not terms.total:
            return 0.0
        covered = sum(w for c, w in terms.concepts.items() if c in entry.concepts)
        covered += sum(w for word, w in terms.words.items() if word in entry.text)
        return covered / terms.total

    def ranked(self, terms: Terms) -> list[tuple[Clause, float]]:
        """Citable leaf clauses by share, best first (an item before its article on a tie)."""
        scored = [(e.clause, self.share(terms, e.clause.id)) for e in self.leaves]
        scored.sort(key=lambda pair: -pair[1])
        return scored
