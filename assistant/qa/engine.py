"""The help-desk answerer: follow-ups from the session, pinpoint references,
ranked rules, a cautious fall-back to clause search, and an honest "the
measures do not cover this" otherwise."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import replace

from ..clauses import Clause, KnowledgeBase
from ..errors import BadInput, NotFound
from ..lookup import resolve
from ..search.engine import SearchEngine
from ..segment import Segmenter
from ..textnorm import MAX_QUERY_CHARS
from .answers import Answer, render
from .knowledge import Concept, Rule
from .matching import Candidate, rank
from .store import QAStore
from .understanding import Analysis, Understanding

ANSWER_SCORE = 2.0
CLARIFY_MARGIN = 0.25
WHERE_TO_ASK = "如需进一步了解，请咨询所在区县经信部门。"
FOLLOWUP_INTENTS = ("which_article", "details", "other_subject")


class QAEngine:
    def __init__(self, kb: KnowledgeBase, understanding: Understanding, rules: list[Rule],
                 concepts: list[Concept], search: SearchEngine, store: QAStore, segmenter: Segmenter):
        self.kb, self.understanding, self.search, self.store = kb, understanding, search, store
        self.rules = rules
        self.concepts = {c.id: c for c in concepts}
        self.texts = {c.id: c.text for c in kb.clauses()}
        for rule in rules:
            words: set[str] = set()
            for example in rule.examples:
                words |= {w for w, _, _ in segmenter.cut(example) if len(w) > 1}
            rule.keywords = words - understanding.lexicon.stopwords
        self._by_id = {r.id: r for r in rules}

    # -- public -----------------------------------------------------------
    def ask(self, question: str, session: str | None = None, today: dt.date | None = None,
            explain: bool = False) -> Answer:
        if not isinstance(question, str) or not question.strip():
            raise BadInput("请输入问题", field="question")
        if len(question) > MAX_QUERY_CHARS:
            raise BadInput(f"问题过长：最多 {MAX_QUERY_CHARS} 个字", field="question")
        state = self.store.load_session(session) if session else {}
        analysis = self.understanding.analyse(question, today)
        answer, candidates = self._answer(question, analysis, state)
        answer.session = session
        if explain:
            answer.explain = self._explain(analysis, candidates)
        if not answer.answered:
            self.store.log_unanswered(question)
        if session:
            self.store.save_session(session, self._next_state(state, question, analysis, answer))
        return answer

    def new_session(self) -> str:
        return secrets.token_urlsafe(18)

    def suggest_questions(self, text: str, limit: int = 4) -> list[str]:
        analysis = self.understanding.analyse(text)
        ranked = rank(self.rules, analysis, self.concepts)
        out: list[str] = []
        for candidate in ranked:
            for example in candidate.rule.examples[:1]:
                if example not in out:
                    out.append(example)
        return out[:limit]

    # -- answering --------------------------------------------------------
    def _answer(self, question: str, analysis: Analysis, state: dict) -> tuple[Answer, list[Candidate]]:
        followup = self._followup(question, analysis, state)
        if followup is not None:
            return followup, []
        if analysis.bad_dates:
            return Answer(question, False, f"日期“{analysis.bad_dates[0]}”不存在，请检查后再问。",
                          suggestions=[]), []
        if analysis.refs:
            quoted = self._quote_reference(question, analysis)
            if quoted is not None:
                return quoted, []
        analysis = self._with_context(analysis, state)
        candidates = rank(self.rules, analysis, self.concepts)
        best = candidates[0] if candidates else None
        if best is not None and best.score >= ANSWER_SCORE and self._in_domain(analysis):
            close = [c for c in candidates[1:3] if best.score - c.score < CLARIFY_MARGIN
                     and c.rule.source[0].split("-p")[0] != best.rule.source[0].split("-p")[0]
                     and c.rule.family != best.rule.family]
            if close and best.rule.family is None:
                return self._clarify(question, best, close[0]), candidates
            return self._from_rule(question, analysis, best), candidates
        if self._in_domain(analysis):
            fallback = self._from_search(question, analysis)
            if fallback is not None:
                return fallback, candidates
            return self._not_covered(question, analysis, candidates), candidates
        return self._out_of_scope(question, analysis), candidates

    def _from_rule(self, question: str, analysis: Analysis, candidate: Candidate) -> Answer:
        rule = candidate.rule
        text, computed = render(rule, analysis, self.kb, self.texts)
        citations = [self.kb.clause(s) for s in rule.source]
        label = citations[0].label
        sentence = text if label in text else f"{text}（{label}）"
        answered = rule.kind == "answer"
        if not answered:
            sentence = f"{sentence}{WHERE_TO_ASK}"
        return Answer(question, answered, sentence, citations, "rule", rule.id, candidate.confidence,
                      list(rule.follow_ups), rule.yes_no if "yesno" in analysis.intents else None, computed)

    def _clarify(self, question: str, first: Candidate, second: Candidate) -> Answer:
        options = [first.rule, second.rule]
        text = "您是想问：" + "，还是".join(f"“{r.examples[0] if r.examples else r.description}”"
                                        for r in options) + "？"
        return Answer(question, False, text, [self.kb.clause(r.source[0]) for r in options], "rule",
                      None, first.confidence, [r.examples[0] for r in options if r.examples],
                      clarify=[{"rule": r.id, "question": r.examples[0] if r.examples else r.description}
                               for r in options])

    def _quote_reference(self, question: str, analysis: Analysis) -> Answer | None:
        try:
            clause = resolve(self.kb, analysis.refs[0])
        except NotFound as error:
            return Answer(question, False, f"{error}。", suggestions=["第十七条", "第七条第（三）项"])
        return Answer(question, True, f"{clause.label}规定：{clause.text}", [clause], "search",
                      None, 1.0, _item_followups(clause))

    def _from_search(self, question: str, analysis: Analysis) -> Answer | None:
        """Answer with a quoted clause only when it is clearly what was asked."""
        try:
            result = self.search.search(analysis.text, limit=2)
        except BadInput:
            return None
        if not result.hits:
            return None
        top = result.hits[0]
        runner_up = result.hits[1].score if len(result.hits) > 1 else 0.0
        words = [w for w in analysis.words if w not in self.understanding.lexicon.stopwords and len(w) > 1]
        covered = [w for w in words if w in top.clause.text]
        clear = words and len(covered) / len(words) >= 0.75 and top.score >= 1.5 * max(runner_up, 0.01)
        if not clear:
            return None
        return Answer(question, True, f"《办法》中与此最相关的规定是{top.clause.label}：{top.clause.text}",
                      [top.clause], "search", None, round(min(0.6, len(covered) / max(len(words), 1)), 3),
                      self.suggest_questions(analysis.text))

    def _not_covered(self, question: str, analysis: Analysis, candidates: list[Candidate]) -> Answer:
        suggestions = [c.rule.examples[0] for c in candidates[:3] if c.rule.examples]
        return Answer(question, False, f"《重庆市绿色园区和绿色工厂认定管理办法》对这个问题没有作出规定。{WHERE_TO_ASK}",
                      [], "none", None, 0.0, suggestions or self._popular())

    def _out_of_scope(self, question: str, analysis: Analysis) -> Answer:
        return Answer(question, False,
                      "这个问题不属于《重庆市绿色园区和绿色工厂认定管理办法》的范围，本助手只解答绿色园区和绿色工厂认定方面的问题。",
                      [], "none", None, 0.0, self._popular())

    def _popular(self) -> list[str]:
        return [r.examples[0] for r in self.rules if r.examples][:4]

    def _in_domain(self, analysis: Analysis) -> bool:
        anchors = [c for c in analysis.concepts if c in self.concepts and self.concepts[c].anchor]
        if anchors:
            return True
        # Only generic words (申报, 企业): in domain unless the rest is foreign.
        return bool(analysis.concepts) and not analysis.unknown

    # -- conversation -----------------------------------------------------
    def _followup(self, question: str, analysis: Analysis, state: dict) -> Answer | None:
        if not state:
            return None
        anchors = [c for c in analysis.concepts if c in self.concepts and self.concepts[c].anchor]
        last = state.get("citations") or []
        if analysis.item_only and state.get("article"):
            return self._item_of(question, state["article"], analysis.item_only)
        if "which_article" in analysis.intents and not anchors and last:
            clause = self.kb.clause(last[0])
            return Answer(question, True, f"依据是{clause.citation}：{clause.text}", [clause], "rule",
                          state.get("rule"), 1.0, _item_followups(clause))
        if "details" in analysis.intents and not anchors and state.get("article"):
            article = self.kb.clause(state["article"])
            return Answer(question, True, f"{article.label}的规定是：{article.text}", [article], "rule",
                          state.get("rule"), 1.0, _item_followups(article))
        if analysis.subject and state.get("rule") in self._by_id:
            family = self._by_id[state["rule"]].family
            sibling = next((r for r in self.rules if family and r.family == family
                            and r.subject == analysis.subject), None)
            if sibling is not None and sibling.id != state["rule"] and len(anchors) <= 1:
                return self._from_rule(question, analysis, Candidate(sibling, 99.0, 1.0, ["family"]))
        return None

    def _item_of(self, question: str, article_id: str, number: int) -> Answer:
        article = self.kb.clause(article_id)
        items = [c for c in self.kb.clauses() if c.kind == "item" and c.article == article.article
                 and c.sub_number == article.sub_number]
        if not 1 <= number <= len(items):
            return Answer(question, False, f"{article.label}没有第{number}项（共{len(items)}项）。")
        item = items[number - 1]
        return Answer(question, True, f"{item.label}：{item.text}", [item], "rule", None, 1.0)

    def _with_context(self, analysis: Analysis, state: dict) -> Analysis:
        """A follow-up without anchors of its own borrows the previous question's."""
        if not state or not state.get("concepts"):
            return analysis
        anchors = [c for c in analysis.concepts if c in self.concepts and self.concepts[c].anchor]
        if anchors or not (analysis.intents or analysis.subject):
            return analysis
        merged = {k: v for k, v in state["concepts"].items() if k not in ("park", "factory")
                  or not analysis.subject}
        merged.update(analysis.concepts)
        return replace(analysis, concepts=merged)

    def _next_state(self, state: dict, question: str, analysis: Analysis, answer: Answer) -> dict:
        if not answer.answered and not answer.citations:
            return {**state, "history": (state.get("history", []) + [question])[-10:]}
        first = answer.citations[0] if answer.citations else None
        article = None
        if first is not None and first.article is not None:
            suffix = f"_{first.sub_number}" if first.sub_number else ""
            article = f"art-{first.article}{suffix}"
        return {
            "rule": answer.rule or state.get("rule"),
            "citations": [c.id for c in answer.citations],
            "article": article,
            "concepts": analysis.concepts,
            "subject": analysis.subject or state.get("subject"),
            "history": (state.get("history", []) + [question])[-10:],
        }

    def _explain(self, analysis: Analysis, candidates: list[Candidate]) -> dict:
        return {
            "normalised": analysis.text, "tokens": analysis.words,
            "entities": [{"text": t, "concept": c} for t, c in analysis.entities],
            "concepts": analysis.concepts, "intents": sorted(analysis.intents),
            "unknown_words": analysis.unknown, "subject": analysis.subject,
            "dates": [d.isoformat() for d in analysis.dates],
            "candidates": [c.explain() for c in candidates[:5]],
        }


def _item_followups(clause: Clause) -> list[str]:
    return ["这是哪一条规定的？"] if clause.kind != "article" else ["具体有哪些情形？"]
