"""The help-desk answerer: follow-ups from the session, pinpoint references,
ranked rules, a cautious fall-back to clause search, and an honest "the
measures do not cover this" otherwise."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import replace

from ..clauses import Clause, KnowledgeBase
from ..errors import BadInput, NotFound
from ..lookup import resolve
from ..search.engine import SearchEngine
from ..segment import Segmenter
from ..textnorm import MAX_QUERY_CHARS, fold
from .answers import Answer, render
from .evidence import Evidence, Terms
from .knowledge import Concept, Rule
from .matching import Candidate, RuleIndex, rank
from .store import QAStore
from .understanding import Analysis, Understanding

ANSWER_SCORE = 2.0
QUOTE_SHARE = 0.75  # a clause quoted without a rule covers this share of the question's terms…
QUOTE_MARGIN = 0.3  # …this much more than any clause of another article…
QUOTE_WEIGHT = 3.0  # …of a question that says enough (the IDF weight of one rare term)
_FIGURES = re.compile(r"^[\d\W_]+$")
CLARIFY_MARGIN = 0.25
GENERIC_MATCHES = 3  # concepts and intents a rule must match to claim a question without anchors
WHERE_TO_ASK = "如需进一步了解，请咨询所在区县经信部门。"
NOT_COVERED = "《重庆市绿色园区和绿色工厂认定管理办法》对这个问题没有作出规定。"
OUT_OF_SCOPE = ("这个问题不属于《重庆市绿色园区和绿色工厂认定管理办法》的范围，"
                "本助手只解答绿色园区和绿色工厂认定方面的问题。")
SUBJECT_LABELS = {"park": "绿色园区", "factory": "绿色工厂"}
BODY = "body"  # concept kind: 市经济信息委, 区县经信部门, 第三方评价机构…
FOREIGN = "foreign"  # concept kind: another programme or service (高新技术企业认定, 社保)
CONTEXTLESS_KINDS = ("place", "period", FOREIGN)  # 重庆, 今年: they say nothing about what is asked
# A how-to question is about the programme when it names applying or being certified, or
# a step, body, benefit, sanction or document of the measures of its own (市里收到推荐后
# 怎么审, 摘牌了怎么办), not by a word every service uses (材料, 审查).
PROGRAMME = ("apply", "certify")
PROCEDURAL = ("procedure", "body", "benefit", "sanction", "document")
CONTEXTLESS = ("definition", "duty", "principle", "failed", "according")  # ways of asking


class QAEngine:
    def __init__(self, kb: KnowledgeBase, understanding: Understanding, rules: list[Rule],
                 concepts: list[Concept], search: SearchEngine, store: QAStore, segmenter: Segmenter):
        self.kb, self.understanding, self.search, self.store = kb, understanding, search, store
        self.rules = rules
        self.concepts = {c.id: c for c in concepts}
        self.texts = {c.id: c.text for c in kb.clauses()}
        understanding.know_text("\n".join(self.texts.values()))
        stopwords = understanding.lexicon.stopwords
        self.indexes: dict[str, RuleIndex] = {}
        for rule in rules:
            examples: set[str] = set()
            for example in rule.examples:
                examples |= {w for w, _, _ in segmenter.cut(example) if len(w) > 1}
            pinpoint = self._read_with_lead(rule.source[0])
            clause = {w for w, _, _ in segmenter.cut(pinpoint) if len(w) > 1}
            rule.keywords = examples - stopwords
            self.indexes[rule.id] = RuleIndex(
                frozenset(rule.keywords), frozenset(clause - stopwords), _named(concepts, pinpoint),
                _named(concepts, "".join(self._read_with_lead(s) for s in rule.source)))
        self._by_id = {r.id: r for r in rules}
        self.evidence = Evidence(kb, understanding)
        # A word other services use too is weak whichever concept it was found for
        # (安全生产事故 is weak for 工厂事故 and so for 事故, whose alias it also is).
        self._weak = frozenset(fold(w) for c in concepts for w in c.weak)

    def _read_with_lead(self, clause_id: str) -> str:
        """A clause as it is read: an item together with the lead-in of its 款."""
        clause = self.kb.clause(clause_id)
        return clause.lead + clause.text

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
            answer.explain["chosen"] = answer.rule
        if not answer.answered and not answer.clarify:
            self.store.log_unanswered(question)
        if session:
            self.store.save_session(session, self._next_state(state, question, analysis, answer))
        return answer

    def new_session(self) -> str:
        return secrets.token_urlsafe(18)

    def suggest_questions(self, text: str, limit: int = 4) -> list[str]:
        analysis = self.understanding.analyse(text)
        ranked = rank(self.rules, analysis, self.concepts, self.indexes)
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
        if self._foreign(analysis):
            return self._out_of_scope(question), []
        analysis = self._with_context(analysis, state)
        terms = self.evidence.terms(analysis)
        candidates = rank(self.rules, analysis, self.concepts, self.indexes,
                          lambda clause_id: self.evidence.share(terms, clause_id), self.evidence.salience)
        best = candidates[0] if candidates else None
        in_domain = self._in_domain(analysis, best)
        if best is not None and best.score >= ANSWER_SCORE and in_domain:
            missing = self._missing_details(best.rule, analysis)
            if missing:  # the measures do not give it, whichever subject was meant
                return self._detail_not_set(question, analysis, best, missing), candidates
            best, sibling = self._subject_choice(best, analysis, candidates)
            if sibling is not None:
                return self._ask_subject(question, best, sibling), candidates
            close = [c for c in candidates[1:3] if best.score - c.score < CLARIFY_MARGIN
                     and _article(c.rule) != _article(best.rule)
                     and (c.rule.family is None or c.rule.family != best.rule.family)]
            if close and best.rule.family is None:
                return self._clarify(question, best, close[0]), candidates
            unexplained = self._unexplained(analysis, terms)
            if unexplained and (("yesno" in analysis.intents and best.rule.yes_no is None)
                                or not self._anchors(analysis)):
                # Something no clause mentions (放宽条件, 答辩, 抵押): a rule that only says what the
                # measures provide cannot confirm it, and one the question reaches through
                # generic words (贷款, 注册) is not what was asked.
                return self._not_mentioned(question, analysis, best, unexplained), candidates
            return self._from_rule(question, analysis, best), candidates
        if in_domain:
            fallback = self._from_evidence(question, analysis, terms)
            if fallback is not None:
                return fallback, candidates
            return self._not_covered(question, analysis, candidates), candidates
        return self._out_of_scope(question), candidates

    def _from_rule(self, question: str, analysis: Analysis, candidate: Candidate) -> Answer:
        rule = candidate.rule
        missing = self._missing_details(rule, analysis)
        if missing:
            return self._detail_not_set(question, analysis, candidate, missing)
        rendered = render(rule, analysis, self.kb, self.texts)
        if rendered.yes_no == "yes" and self._other_body(analysis, rendered.text):
            # 公示是在区县经信部门官网吗？ The measures name another body: no.
            rendered.text = "不是。" + rendered.text[len(rendered.verdict):]
            rendered.yes_no = "no"
        citations = [self.kb.clause(s) for s in rule.source]
        answered = rule.kind == "answer"
        sentence = _with_label(rendered.text, citations[0].label)
        if not answered:
            sentence = f"{sentence}{WHERE_TO_ASK}"
        return Answer(question, answered, sentence, citations, "rule", rule.id, candidate.confidence,
                      list(rule.follow_ups), rendered.yes_no if answered else None, rendered.computed)

    def _other_body(self, analysis: Analysis, text: str) -> bool:
        """The question names only bodies the answer does not, while the answer names another."""
        bodies = [c for c in self.concepts.values() if c.kind == BODY]
        named = [c for c in bodies if any(w in text for w in c.words if len(w) > 1)]
        asked = [c for c in bodies if c.id in analysis.concepts
                 and any(not f.startswith("(") for f in analysis.concepts[c.id])]
        return bool(named) and bool(asked) and not any(c in named for c in asked)

    def _missing_details(self, rule: Rule, analysis: Analysis) -> list[str]:
        """Details the question asks for (an amount, a contact) that the rule does not give."""
        if rule.kind != "answer":
            return []
        intents = self.understanding.intents
        return [intents[name].detail for name in sorted(analysis.intents)
                if name in intents and intents[name].detail and name not in rule.answers]

    def _detail_not_set(self, question: str, analysis: Analysis, candidate: Candidate,
                        missing: list[str]) -> Answer:
        rule = candidate.rule
        plain = replace(analysis, intents=analysis.intents - {"yesno"})
        rendered = render(rule, plain, self.kb, self.texts)
        citations = [self.kb.clause(s) for s in rule.source]
        what = "、".join(dict.fromkeys(missing))
        text = (f"《办法》没有规定{what}。与此相关的规定是{citations[0].label}："
                f"{rendered.text.rstrip('。')}。{WHERE_TO_ASK}")
        return Answer(question, False, text, citations, "rule", rule.id, candidate.confidence,
                      list(rule.follow_ups))

    def _subject_choice(self, best: Candidate, analysis: Analysis,
                        candidates: list[Candidate]) -> tuple[Candidate, Rule | None]:
        """When the question names neither subject and the measures differ between them:
        the rule whose clause prints the question's own words (失信企业), or else the
        two rules to ask between."""
        rule = best.rule
        if analysis.subject or not rule.family or not rule.subject:
            return best, None
        for candidate in candidates[1:]:
            other = candidate.rule
            if other.family == rule.family and other.subject and other.subject != rule.subject:
                # Siblings that matched the same concepts are a tie, whatever words their
                # example questions happen to share with this one.
                same = set(best.matched) == set(candidate.matched)
                if not same and best.score - candidate.score >= CLARIFY_MARGIN:
                    return best, None
                # The measures set it for one subject only: answer that one (企业要有ISO14001吗？).
                if {rule.kind, other.kind} == {"answer", "not_covered"}:
                    return (best if rule.kind == "answer" else candidate), None
                topic = [m for m in best.matched if not m.startswith("~")]
                mine, theirs = self._echoes(analysis, rule, topic), self._echoes(analysis, other, topic)
                if mine != theirs:
                    return (best if mine > theirs else candidate), None
                return best, other
        return best, None

    def _echoes(self, analysis: Analysis, rule: Rule, topic: list[str]) -> int:
        """How many of the question's words for *topic* are printed in the rule's pinpoint clause."""
        text = self._read_with_lead(rule.source[0])
        return sum(1 for concept in topic for form in analysis.concepts.get(concept, ())
                   if len(form) > 1 and form in text)

    def _ask_subject(self, question: str, first: Candidate, other: Rule) -> Answer:
        options = sorted([first.rule, other], key=lambda r: r.subject != "factory")
        labels = "还是".join(SUBJECT_LABELS[r.subject] for r in options)
        text = f"绿色园区和绿色工厂在这一点上的规定不同，请问您问的是{labels}？"
        return Answer(question, False, text, [self.kb.clause(r.source[0]) for r in options], "rule", None,
                      first.confidence, [f"{SUBJECT_LABELS[r.subject]}呢？" for r in options],
                      clarify=[{"rule": r.id, "subject": r.subject,
                                "question": r.examples[0] if r.examples else r.description} for r in options])

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

    def _from_evidence(self, question: str, analysis: Analysis, terms: Terms) -> Answer | None:
        """No rule applies: quote the clause the question is plainly about, when one clause
        covers what it asks and clearly more than any clause of another article."""
        if any(self.understanding.intents[i].detail for i in analysis.intents if i in self.understanding.intents):
            return None  # a figure was asked for; a quoted clause would pretend to give it
        if self._unexplained(analysis, terms) or terms.total < QUOTE_WEIGHT or not self._anchors(analysis):
            return None  # without a rule, only a question that names what the measures govern
        ranked = self.evidence.ranked(terms)
        if not ranked:
            return None
        clause, share = ranked[0]
        rival = next((s for c, s in ranked[1:] if c.article != clause.article), 0.0)
        if share < QUOTE_SHARE or share - rival < QUOTE_MARGIN:
            return None
        siblings = [c for c, s in ranked[1:] if c.article == clause.article and s == share]
        if siblings and clause.kind == "item":
            clause = self._article_of(clause)  # several items of one article: cite the article
        return Answer(question, True, f"《办法》中与此最相关的规定是{clause.label}：{clause.text}", [clause],
                      "search", None, round(min(0.6, share), 3), self.suggest_questions(analysis.text))

    def _article_of(self, clause: Clause) -> Clause:
        suffix = f"_{clause.sub_number}" if clause.sub_number else ""
        article_id = f"art-{clause.article}{suffix}"
        return self.kb.clause(article_id) if self.kb.has(article_id) else clause

    def _unexplained(self, analysis: Analysis, terms: Terms) -> list[str]:
        """Topic words of the question (nouns the domain vocabulary does not know: 小微, 抵押)
        that no clause prints: what the question asks about that the measures do not speak
        to. How people talk (保证, 单独, 等到) does not count."""
        topics = set(analysis.topics)
        return [w for w in terms.unmatched if w in topics and not _FIGURES.match(w) and not self.understanding.asks(w)]

    def _not_mentioned(self, question: str, analysis: Analysis, candidate: Candidate, words: list[str]) -> Answer:
        rule = candidate.rule
        plain = replace(analysis, intents=analysis.intents - {"yesno"})
        rendered = render(rule, plain, self.kb, self.texts)
        citations = [self.kb.clause(s) for s in rule.source]
        what = "、".join(f"“{w}”" for w in dict.fromkeys(words))
        text = (f"《办法》没有提到{what}。与此相关的规定是{citations[0].label}："
                f"{rendered.text.rstrip('。')}。{WHERE_TO_ASK}")
        return Answer(question, False, text, citations, "rule", rule.id, candidate.confidence,
                      list(rule.follow_ups))

    def _not_covered(self, question: str, analysis: Analysis, candidates: list[Candidate]) -> Answer:
        suggestions = [c.rule.examples[0] for c in candidates[:3] if c.rule.examples]
        return Answer(question, False, f"{NOT_COVERED}{WHERE_TO_ASK}",
                      [], "none", None, 0.0, suggestions or self._popular())

    def _out_of_scope(self, question: str) -> Answer:
        return Answer(question, False, OUT_OF_SCOPE, [], "none", None, 0.0, self._popular())

    def _popular(self) -> list[str]:
        return [r.examples[0] for r in self.rules if r.examples and r.kind == "answer"][:4]

    def _anchors(self, analysis: Analysis) -> list[str]:
        """Concepts that place the question within the measures: an anchor concept
        named by one of its own words that no other service uses as well."""
        out = []
        for concept_id, forms in analysis.concepts.items():
            concept = self.concepts.get(concept_id)
            if concept is None or not concept.anchor:
                continue
            if any(not form.startswith("(") and form not in self._weak for form in forms):
                out.append(concept_id)
        return out

    def _named(self, analysis: Analysis) -> list[str]:
        """Concepts the question names by a word of their own that is not weak (节能审查 names
        no step of the measures: 审查 is everyone's word)."""
        return [c for c, forms in analysis.concepts.items() if c in self.concepts
                and any(not f.startswith("(") and f not in self._weak for f in forms)]

    def _has_context(self, analysis: Analysis) -> bool:
        """Something beyond weak words, places and times: who applies (企业, 园区), for what
        (申报, 认定, 称号), or a body of the measures."""
        for concept_id, forms in analysis.concepts.items():
            concept = self.concepts.get(concept_id)
            if concept is None or concept.kind in CONTEXTLESS_KINDS or concept_id in CONTEXTLESS:
                continue
            if any(not form.startswith("(") and form not in self._weak for form in forms):
                return True
        return False

    def _foreign(self, analysis: Analysis) -> bool:
        """Another programme (高新技术企业认定, 工伤认定) and nothing that names ours."""
        foreign = [c for c in analysis.concepts if c in self.concepts and self.concepts[c].kind == FOREIGN]
        own = [c for c in analysis.concepts if c in self.concepts and self.concepts[c].kind == "subject"
               and self.concepts[c].anchor]
        return bool(foreign) and not own

    def _in_domain(self, analysis: Analysis, best: Candidate | None = None) -> bool:
        anchors = self._anchors(analysis)
        # How to register a firm, deregister it, get a management system certified: the
        # measures make these conditions of applying, but doing them is another service's
        # procedure, unless the question is about applying or being certified.
        errand = ("howto" in analysis.intents and "consequence" not in analysis.intents
                  and not any(c in PROGRAMME or (self.concepts[c].anchor and self.concepts[c].kind in PROCEDURAL)
                              for c in self._named(analysis)))
        if errand:
            anchors = [a for a in anchors if self.concepts[a].kind != "condition"]
        if anchors:
            return True
        if not analysis.concepts or errand:
            return False
        # What the best rule speaks to: through its trigger or its clause (~park: 第六条 names 园区).
        matched = {m.lstrip("~") for m in best.matched} if best is not None else set()
        if not self._has_context(analysis) and len(matched) < 2 and analysis.unknown:
            # One word other services use too (营业执照, 审查, 税) among words the measures do not
            # know: 营业执照丢了怎么补办. Alone (有哪些支持政策？) it asks about the measures.
            return False
        # Only generic words (申报, 认定, 补贴): in domain unless the question names a
        # topic of its own (新能源汽车补贴, 残疾人证) — or when a rule speaks to most of
        # the question (下一批认定什么时候) and such words are the fewer.
        if not analysis.topics:
            return True
        content = [w for w in analysis.words if w not in self.understanding.lexicon.stopwords and len(w) > 1]
        return len(matched) >= GENERIC_MATCHES and len(analysis.topics) * 2 <= len(content)

    # -- conversation -----------------------------------------------------
    def _followup(self, question: str, analysis: Analysis, state: dict) -> Answer | None:
        if not state:
            return None
        anchors = self._anchors(analysis)
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
        if analysis.subject and state.get("clarify_family"):
            sibling = next((r for r in self.rules if r.family == state["clarify_family"]
                            and r.subject == analysis.subject), None)
            if sibling is not None and len(anchors) <= 1:
                return self._from_rule(question, analysis, Candidate(sibling, 99.0, 1.0, ["family"]))
        return None

    def _item_of(self, question: str, article_id: str, number: int) -> Answer:
        article = self.kb.clause(article_id)
        items = [c for c in self.kb.clauses() if c.kind == "item" and c.article == article.article
                 and c.sub_number == article.sub_number]
        if not items:
            return Answer(question, False, f"{article.label}不分项。", [article], "rule")
        if not 1 <= number <= len(items):
            return Answer(question, False, f"{article.label}没有第{number}项（共{len(items)}项）。", [article],
                          "rule")
        item = items[number - 1]
        return Answer(question, True, f"{item.label}：{item.text}", [item], "rule", None, 1.0,
                      _item_followups(item))

    def _with_context(self, analysis: Analysis, state: dict) -> Analysis:
        """A follow-up without anchors of its own borrows the previous question's."""
        if not state or not state.get("concepts"):
            return analysis
        if self._anchors(analysis) or not (analysis.intents or analysis.subject):
            return analysis
        merged = {k: v for k, v in state["concepts"].items() if k not in ("park", "factory")
                  or not analysis.subject}
        merged.update(analysis.concepts)
        return replace(analysis, concepts=merged)

    def _next_state(self, state: dict, question: str, analysis: Analysis, answer: Answer) -> dict:
        history = [*state.get("history", []), question][-10:]
        if answer.clarify and answer.clarify[0].get("subject"):
            rule = self._by_id.get(answer.clarify[0]["rule"])
            return {**state, "clarify_family": rule.family if rule else None, "concepts": analysis.concepts,
                    "history": history}
        if not answer.answered and not answer.citations:
            return {**state, "history": history}
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
            "history": history,
        }

    def _explain(self, analysis: Analysis, candidates: list[Candidate]) -> dict:
        return {
            "normalised": analysis.text, "tokens": analysis.words,
            "corrections": [{"typed": c.typed, "meant": c.meant} for c in analysis.corrections],
            "entities": [{"text": t, "concept": c} for t, c in analysis.entities],
            "concepts": analysis.concepts, "intents": sorted(analysis.intents),
            "unknown_words": analysis.unknown, "subject": analysis.subject,
            "dates": [d.text for d in analysis.dates],
            "candidates": [c.explain() for c in candidates[:5]],
        }


def _named(concepts: list[Concept], text: str) -> frozenset[str]:
    """Concepts whose own words are printed in *text*."""
    return frozenset(c.id for c in concepts if any(len(w) > 1 and w in text for w in c.words))


def _article(rule: Rule) -> str:
    return rule.source[0].split("-p")[0]


def _with_label(text: str, label: str) -> str:
    return text if label in text else f"{text}（{label}）"


def _item_followups(clause: Clause) -> list[str]:
    return ["这是哪一条规定的？"] if clause.kind != "article" else ["具体有哪些情形？"]
