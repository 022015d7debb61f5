"""Where the measures say something: "X是哪一条规定的 / 出自哪条 / 依据是什么" is answered with the
clause that says X, quoted with its label; a phrase in quotation marks is looked up word for word in
the text (punctuation aside), and when the measures do not print it, the answer says so."""

from __future__ import annotations

import re

from ..knowledge.clauses import Clause, KnowledgeBase
from ..knowledge.wordings import Wordings
from ..textnorm import fold
from .answers import Answer
from .quoting import quoted

_QUOTED = re.compile(r"[“\"「『‘'《]([^”\"」』’'》]{2,60})[”\"」』’'》]")
_PUNCTUATION = re.compile(r"[\W_]+")
LOOKUP = "which_article"  # the intent of a question asking where something is said


def quoted_phrases(question: str) -> list[str]:
    """The phrases a question puts in quotation marks (not the title of the measures in 《》)."""
    return [p for p in _QUOTED.findall(question) if not p.endswith("办法")]


class Lookups:
    def __init__(self, kb: KnowledgeBase, wordings: Wordings):
        self.kb, self.wordings = kb, wordings
        # The smallest clauses (items, 款) first: a phrase is cited where it is printed.
        order = {"item": 0, "paragraph": 1, "article": 2}
        self.position = {c.id: i for i, c in enumerate(kb.clauses())}
        self.clauses = sorted(kb.clauses(), key=lambda c: order.get(c.kind, 3))
        self.plain = {c.id: _plain(c.lead + c.text) for c in self.clauses}

    def asks_where(self, intents: set[str] | frozenset[str]) -> bool:
        return LOOKUP in intents

    def phrase(self, question: str) -> tuple[Answer | None, str | None]:
        """The clauses printing the question's quoted phrase, quoted; or, when the measures do not
        print it, no answer and the sentence saying so (to open the answer found otherwise)."""
        for phrase in quoted_phrases(question):
            wanted = _plain(phrase)
            if len(wanted) < 2:
                continue
            hits = self._printing(wanted)
            if not hits:
                return None, self.wordings.phrase_not_found.text.format(phrase=phrase)
            lines = [self.wordings.phrase_found.text.format(phrase=phrase, label=c.label, text=quoted(c))
                     for c in hits]
            return Answer(question, True, "\n".join(lines), hits, "search", None, 1.0,
                          [self.wordings.details_followup] if hits[0].kind == "article" else []), None
        return None, None

    def clause_answer(self, question: str, clause_id: str, follow_ups: list[str]) -> Answer:
        """The clause a rule rests on, quoted: the answer to "这是哪一条规定的"."""
        clause = self.kb.clause(clause_id)
        text = self.wordings.quote_reference.text.format(label=clause.label, text=quoted(clause))
        return Answer(question, True, text, [clause], "rule", None, 1.0, follow_ups)

    def _printing(self, wanted: str) -> list[Clause]:
        hits: list[Clause] = []
        for clause in self.clauses:
            if wanted in self.plain[clause.id] and not any(_within(clause, h) for h in hits):
                article = self.kb.article_of(clause) if clause.kind == "paragraph" else None
                # The only 款 of an article is cited as the article (第十六条, not 第十六条第一款).
                whole = article is not None and self.plain[article.id] == self.plain[clause.id]
                hits.append(article if whole else clause)
        return sorted(hits[:3], key=lambda c: self.position[c.id])


def _plain(text: str) -> str:
    return _PUNCTUATION.sub("", fold(text))


def _within(outer: Clause, inner: Clause) -> bool:
    """*inner* is part of *outer* (an item of the article already cited)."""
    return outer.doc == inner.doc and outer.article == inner.article and outer.kind != "item" and (
        outer.paragraph is None or outer.paragraph == inner.paragraph)
