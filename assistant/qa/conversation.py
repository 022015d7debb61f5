"""A help-desk conversation: follow-ups that lean on the previous answer (那园区呢？
具体有哪些情形？这是哪一条规定的？第三项是什么？) and the state kept between questions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..knowledge.clauses import Clause, KnowledgeBase
from ..knowledge.rules import Rule
from ..knowledge.wordings import Wordings
from .answers import Answer
from .matching import Candidate
from .scope import Scope
from .understanding import Analysis

HISTORY = 10  # questions kept per session


class Conversation:
    def __init__(self, kb: KnowledgeBase, rules: list[Rule], scope: Scope,
                 answer_with: Callable[[str, Analysis, Candidate], Answer], wordings: Wordings):
        self.kb, self.rules, self.scope, self.wordings = kb, rules, scope, wordings
        self._by_id = {r.id: r for r in rules}
        self.answer_with = answer_with  # answers from a rule the conversation chose

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def followup(self, question: str, analysis: Analysis, state: dict) -> Answer | None:
        if not state:
            return None
        anchors = self.scope.anchors(analysis)
        last = state.get("citations") or []
        if analysis.item_only and state.get("article"):
            return self.item_of(question, state["article"], analysis.item_only)
        if "which_article" in analysis.intents and not anchors and last:
            clause = self.kb.clause(last[0])
            text = self.wordings.basis.text.format(citation=clause.citation, text=clause.text)
            return Answer(question, True, text, [clause], "rule", state.get("rule"), 1.0,
                          item_followups(clause, self.wordings))
        if "details" in analysis.intents and not anchors and state.get("article"):
            article = self.kb.clause(state["article"])
            text = self.wordings.article_text.text.format(label=article.label, text=article.text)
            return Answer(question, True, text, [article], "rule", state.get("rule"), 1.0,
                          item_followups(article, self.wordings))
        if analysis.subject and state.get("rule") in self._by_id:
            family = self._by_id[state["rule"]].family
            sibling = next((r for r in self.rules if family and r.family == family
                            and r.subject == analysis.subject), None)
            if sibling is not None and sibling.id != state["rule"] and len(anchors) <= 1:
                return self.answer_with(question, analysis, Candidate(sibling, 99.0, 1.0, ["family"]))
        if analysis.subject and state.get("clarify_family"):
            sibling = next((r for r in self.rules if r.family == state["clarify_family"]
                            and r.subject == analysis.subject), None)
            if sibling is not None and len(anchors) <= 1:
                return self.answer_with(question, analysis, Candidate(sibling, 99.0, 1.0, ["family"]))
        return None

    def item_of(self, question: str, article_id: str, number: int) -> Answer:
        article = self.kb.clause(article_id)
        items = [c for c in self.kb.clauses() if c.kind == "item" and c.article == article.article
                 and c.sub_number == article.sub_number]
        if not items:
            return Answer(question, False, self.wordings.no_items.text.format(label=article.label), [article],
                          "rule")
        if not 1 <= number <= len(items):
            text = self.wordings.no_such_item.text.format(label=article.label, number=number, count=len(items))
            return Answer(question, False, text, [article], "rule")
        item = items[number - 1]
        text = self.wordings.item_text.text.format(label=item.label, text=item.text)
        return Answer(question, True, text, [item], "rule", None, 1.0, item_followups(item, self.wordings))

    def with_context(self, analysis: Analysis, state: dict) -> Analysis:
        """A follow-up without anchors of its own borrows the previous question's."""
        if not state or not state.get("concepts"):
            return analysis
        if self.scope.anchors(analysis) or not (analysis.intents or analysis.subject):
            return analysis
        subjects = {s.id for s in analysis.subjects}
        merged = {k: v for k, v in state["concepts"].items() if k not in subjects or not analysis.subject}
        merged.update(analysis.concepts)
        return replace(analysis, concepts=merged)

    def next_state(self, state: dict, question: str, analysis: Analysis, answer: Answer) -> dict:
        history = [*state.get("history", []), question][-HISTORY:]
        if answer.clarify and answer.clarify[0].get("subject"):
            rule = self._by_id.get(answer.clarify[0]["rule"])
            return {**state, "clarify_family": rule.family if rule else None, "concepts": analysis.concepts,
                    "history": history}
        if not answer.answered and not answer.citations:
            return {**state, "history": history}
        first = answer.citations[0] if answer.citations else None
        holder = self.kb.article_of(first) if first is not None else None
        article = holder.id if holder is not None else None
        return {
            "rule": answer.rule or state.get("rule"),
            "citations": [c.id for c in answer.citations],
            "article": article,
            "concepts": analysis.concepts,
            "subject": analysis.subject or state.get("subject"),
            "history": history,
        }


def item_followups(clause: Clause, wordings: Wordings) -> list[str]:
    return [wordings.basis_followup] if clause.kind != "article" else [wordings.details_followup]
