"""A help-desk conversation: follow-ups that lean on the previous answer (那园区呢？
具体有哪些情形？这是哪一条规定的？第三项是什么？) and the state kept between questions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..knowledge.clauses import Clause, KnowledgeBase
from ..knowledge.cues import Followups
from ..knowledge.rules import Rule
from ..knowledge.wordings import Wordings
from .answers import Answer
from .matching import Candidate
from .quoting import quoted
from .scope import Scope
from .understanding import Analysis

HISTORY = 10  # questions kept per session
_TRAILING = re.compile(r"[\W_]+$")


class Conversation:
    def __init__(self, kb: KnowledgeBase, rules: list[Rule], scope: Scope,
                 answer_with: Callable[[str, Analysis, Candidate], Answer], wordings: Wordings):
        self.kb, self.rules, self.scope, self.wordings = kb, rules, scope, wordings
        self._by_id = {r.id: r for r in rules}
        self.rule_ids = frozenset(self._by_id)
        self.answer_with = answer_with  # answers from a rule the conversation chose

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def reading(self, analysis: Analysis, followups: frozenset[str], cues: Followups) -> str:
        """How the question relates to the one before: ``new`` (complete in itself: 分公司能申报吗？),
        ``leans`` (it continues the topic and uses it if there is one: 弄虚作假的呢？ 国家级的也有吗？),
        or ``needs`` (it cannot be answered alone: 那园区呢？ 第三项呢？ 从什么时候算？ 这是哪一条规定的？).
        *followups* are the intents that only make sense after another question (kb/intents.yaml)."""
        text = _TRAILING.sub("", analysis.text)
        if analysis.refs or any(text.startswith(w) for w in cues.switches) or analysis.topics:
            return "new"  # 我再问个别的…, or a topic of its own the measures do not know (驾照)
        anchors = self.scope.anchors(analysis)
        asked = analysis.intents - followups - {"yesno", "other_subject"}
        named = [c for c in analysis.concepts if c in self.scope.concepts and self.scope.concepts[c].specific
                 and self.scope.concepts[c].kind not in ("generic", "place", "subject")]
        subject = analysis.subject is not None
        if analysis.item_only and not analysis.refs:
            named_here = [c for c in analysis.concepts if c in self.scope.concepts
                          and self.scope.concepts[c].kind not in ("generic", "place", "subject", "period")]
            return "needs" if not anchors and not named_here else "new"  # 撤销称号的情形里，第六项是什么？
        said = [c for c in analysis.concepts if c in self.scope.concepts and self.scope.concepts[c].specific
                and self.scope.concepts[c].kind != "place"]
        if not anchors and analysis.intents & (followups - {"other_subject"}) and not named:
            return "needs"  # 这是哪一条规定的？ 具体有哪些？
        leaning = ((bool(analysis.words) and analysis.words[0] in cues.starts)
                   or any(text.startswith(w) for w in cues.returns) or text.endswith(tuple(cues.ends))
                   or (text.endswith("呢") and len(text) <= cues.short)
                   or (any(w in text for w in cues.also) and len(anchors) <= 1))
        if leaning:
            return "needs" if not named and not (asked - {"when"} and subject) else "leans"
        if not anchors and not subject:
            return "needs" if not said else "leans"  # 从什么时候算？ — 不参加会怎么样？ 申报流程是什么？
        if not anchors and not named and not asked:
            return "leans"  # 工厂 (the reply to 您问的是绿色工厂还是绿色园区？)
        return "new"

    def followup(self, question: str, analysis: Analysis, state: dict) -> Answer | None:
        if not state:
            return None
        anchors = self.scope.anchors(analysis)
        last = state.get("citations") or []
        if analysis.item_only and state.get("article"):
            return self.item_of(question, self._article_for(state, analysis), analysis.item_only)
        if "which_article" in analysis.intents and not anchors and last:
            clause = self.kb.clause(last[0])
            text = self.wordings.basis.text.format(citation=clause.citation, text=quoted(clause))
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

    def _kind(self, concept: str) -> str | None:
        spec = self.scope.concepts.get(concept)
        return spec.kind if spec is not None else None

    def _article_for(self, state: dict, analysis: Analysis) -> str:
        """The article a follow-up item refers to: the last one, or its sibling for the subject now named
        (那园区的第三项呢？ after 第七条)."""
        rule = self._by_id.get(state.get("rule") or "")
        if analysis.subject and rule is not None and rule.family and rule.subject != analysis.subject:
            sibling = next((r for r in self.rules if r.family == rule.family and r.subject == analysis.subject), None)
            if sibling is not None:
                holder = self.kb.article_of(self.kb.clause(sibling.source[0]))
                if holder is not None:
                    return holder.id
        return state["article"]

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
        text = self.wordings.item_text.text.format(label=item.label, text=quoted(item))
        return Answer(question, True, text, [item], "rule", None, 1.0, item_followups(item, self.wordings))

    def with_context(self, analysis: Analysis, state: dict, reading: str) -> Analysis:
        """A follow-up borrows the previous question's concepts (its topic and subject); a question complete
        in itself starts a topic of its own."""
        if not state or not state.get("concepts") or reading == "new":
            return analysis
        subjects = {s.id for s in analysis.subjects}
        # A condition named now takes the place of the one before (那如果公司成立不满三年呢？ after 注册在贵州).
        conditions = {c for c in analysis.concepts if self._kind(c) == "condition"}
        merged = {k: v for k, v in state["concepts"].items()
                  if (k not in subjects or not analysis.subject) and not (conditions and self._kind(k) == "condition")}
        merged.update(analysis.concepts)
        return replace(analysis, concepts=merged)

    def next_state(self, state: dict, question: str, analysis: Analysis, answer: Answer) -> dict:
        history = [*state.get("history", []), question][-HISTORY:]
        if answer.clarify and answer.clarify[0].get("subject"):
            rule = self._by_id.get(answer.clarify[0]["rule"])
            return {**state, "clarify_family": rule.family if rule else None, "concepts": analysis.concepts,
                    "history": history}
        if not answer.answered and (not answer.citations or answer.source == "none"):
            return {**state, "history": history}  # a refusal leaves the topic where it was
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
