"""The help-desk answerer: follow-ups from the session, pinpoint references,
ranked rules, a cautious fall-back to clause search, and an honest "the
measures do not cover this" otherwise."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import replace

from ..errors import BadInput, NotFound
from ..knowledge.clauses import KnowledgeBase
from ..knowledge.concepts import Concept
from ..knowledge.cues import Cues
from ..knowledge.lookup import resolve
from ..knowledge.rules import Rule
from ..knowledge.wordings import Wordings
from ..periods import HolidayTable
from ..textnorm import MAX_QUERY_CHARS, fold
from .answers import Answer, Rendered, fact_values, render
from .conversation import Conversation, item_followups
from .evidence import Evidence, Terms
from .frame import read_frame
from .lookups import Lookups
from .matching import Candidate, RuleIndex, rank, rarity, read_with_lead, similarity_words
from .parts import Part, split
from .precedence import Precedence, learn
from .quoting import laid_out, quoted
from .scope import Scope
from .similarity import ExampleSimilarity
from .store import QAStore
from .understanding import Analysis, Understanding
from .verdict import ClauseView, Verdict, decide

ANSWER_SCORE = 2.0
QUOTE_SHARE = 0.75  # a clause quoted without a rule covers this share of the question's terms…
QUOTE_MARGIN = 0.3  # …this much more than any clause of another article…
QUOTE_WEIGHT = 3.0  # …of a question that says enough (the IDF weight of one rare term)
_FIGURES = re.compile(r"^[\d\W_]+$")
CLARIFY_MARGIN = 0.25
BODY = "body"  # concept kind: 市经济信息委, 区县经信部门, 第三方评价机构…


class QAEngine:
    def __init__(self, kb: KnowledgeBase, understanding: Understanding, rules: list[Rule],
                 concepts: list[Concept], store: QAStore, wordings: Wordings, indexes: dict[str, RuleIndex],
                 cues: Cues, holidays: HolidayTable | None = None):
        self.kb, self.understanding, self.store, self.cues = kb, understanding, store, cues
        self.holidays = holidays
        self.rules = rules
        self.wordings = wordings
        title = kb.main["title"]
        self.phrases = {name: getattr(wordings, name).text.format(title=title)
                        for name in ("where_to_ask", "not_covered", "out_of_scope")}
        self.subject_labels = {s.id: s.label for s in understanding.subjects}
        self.followup_intents = frozenset(i.id for i in understanding.intents.values() if i.followup)
        self.subject_names = {s.id: s.name for s in understanding.subjects}
        self.concepts = {c.id: c for c in concepts}
        self.texts = {c.id: c.text for c in kb.clauses()}
        understanding.know_text("\n".join(self.texts.values()))
        self.indexes = indexes
        self.rarities = rarity(rules)
        self.similarity = ExampleSimilarity({rid: list(index.example_tokens) for rid, index in indexes.items()},
                                            understanding.lexicon.stopword_set)
        self.evidence = Evidence(kb, understanding)
        self.scope = Scope(self.concepts, frozenset(fold(w) for c in concepts for w in c.weak),
                           understanding.lexicon.stopword_set)
        self.conversation = Conversation(kb, rules, self.scope, self._from_rule, wordings)
        self.precedence = Precedence.declared(rules)
        self.lookups = Lookups(kb, wordings)

    def learn_precedence(self) -> Precedence:
        """Which rule answers when several apply, learned from the rules' examples (see precedence.py)."""
        def candidates_of(example: str) -> tuple[list[Candidate], set[str]]:
            analysis = self._without_background(self.understanding.analyse(example))
            return self._ranked(analysis, self.evidence.terms(analysis)), set(similarity_words(analysis))
        unordered, self.precedence = self.precedence, Precedence()
        vocabulary = {rid: set(index.example_tokens) for rid, index in self.indexes.items()}
        try:
            return learn(self.rules, candidates_of, self._rivals, vocabulary)
        finally:
            self.precedence = unordered

    def use_precedence(self, precedence: Precedence) -> None:
        self.precedence = precedence

    def _read_with_lead(self, clause_id: str) -> str:
        return read_with_lead(self.kb, clause_id)

    # -- public -----------------------------------------------------------
    def ask(self, question: str, session: str | None = None, today: dt.date | None = None,
            explain: bool = False, record: bool = True) -> Answer:
        """The answer to *question*; with *record* false (a page only looked at: GET), nothing is
        written — not the session, not the log of unanswered questions."""
        if not isinstance(question, str) or not question.strip():
            raise BadInput("请输入问题", field="question")
        if len(question) > MAX_QUERY_CHARS:
            raise BadInput(f"问题过长：最多 {MAX_QUERY_CHARS} 个字", field="question")
        state = self.store.load_session(session) if session else {}
        analysis = self.understanding.analyse(question, today)
        parts = split(question, analysis, lambda text: self.understanding.analyse(text, today), self.concepts,
                      self.cues.compare)
        if len(parts) > 1:
            answer, candidates, analysis = self._answer_parts(question, parts, state)
        else:
            answer, candidates = self._answer(question, analysis, state)
        answer.session = session
        answer.answer = laid_out(answer.answer)
        for part in answer.parts:
            part.answer = laid_out(part.answer)
        if explain:
            answer.explain = self._explain(analysis, candidates)
            answer.explain["chosen"] = answer.rule
            answer.explain["frame"] = read_frame(analysis, self.cues, self.understanding.segmenter.is_word).to_dict()
            answer.explain["parts"] = [p.text for p in parts]
            # Which check of the premise against the clause decided the verdict word, if one was given.
            answer.explain["verdict"] = {"word": answer.verdict_word, "why": answer.why}
        if record and not answer.answered and not answer.clarify:
            self.store.log_unanswered(question)
        if record and session:
            self.store.save_session(session, self.conversation.next_state(state, question, analysis, answer))
        return answer

    def _answer_parts(self, question: str, parts: list[Part], state: dict) -> tuple[Answer, list[Candidate], Analysis]:
        """Each part answered in turn (a later part may lean on an earlier one), then put together:
        one line per part, every part's citations, the first part's verdict."""
        answers: list[Answer] = []
        candidates: list[Candidate] = []
        for part in parts:
            answer, found = self._answer(part.text, part.analysis, state)
            answer.question = part.text
            state = self.conversation.next_state(state, part.text, part.analysis, answer)
            answers.append(answer)
            candidates = candidates or found
        lines = list(dict.fromkeys(a.answer for a in answers))
        citations = list(dict.fromkeys(c for a in answers for c in a.citations))
        first = next((a for a in answers if a.answered), answers[0])
        text = "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1)) if len(lines) > 1 else lines[0]
        combined = Answer(question, any(a.answered for a in answers), text, citations, first.source, first.rule,
                          min(a.confidence for a in answers), first.suggestions, first.yes_no, first.computed,
                          verdict_word=first.verdict_word, why=first.why, parts=answers)
        return combined, candidates, parts[-1].analysis

    def rule(self, rule_id: str) -> Rule:
        return self.conversation.rule(rule_id)

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
        if self.lookups.asks_where(analysis.intents) or "definition" in analysis.intents:
            found, not_printed = self.lookups.phrase(question)
            if found is not None:
                return found, []
            if not_printed is not None:
                answer, candidates = self._answer(_unquoted(question), analysis, {})
                if not answer.citations:  # nothing else to go by (“一票否决”是哪一条规定的？)
                    return Answer(question, False, not_printed + self.phrases["where_to_ask"],
                                  suggestions=self._popular()), candidates
                answer.question, answer.answer = question, f"{not_printed}{answer.answer}"
                return answer, candidates
        told = analysis
        analysis = self._without_background(analysis)
        reading = self.conversation.reading(analysis, self.followup_intents, self.cues.followups)
        if reading == "needs" and not state.get("concepts") and not state.get("citations"):
            return self._ask_back(question), []
        followup = self.conversation.followup(question, analysis, state) if reading != "new" else None
        if followup is not None:
            return followup, []
        if analysis.item_only and not analysis.refs:
            item = self._item_of_topic(question, analysis)
            if item is not None:
                return item, []
        if analysis.bad_dates:
            return Answer(question, False, self.wordings.bad_date.text.format(date=analysis.bad_dates[0]),
                          suggestions=[]), []
        if analysis.refs:
            quoted = self._quote_reference(question, analysis)
            if quoted is not None and not (quoted.answered and self._rule_within(analysis, quoted.citations[0].id)):
                return quoted, []
        elsewhere = self._another_authority(question, analysis)
        if elsewhere is not None:
            return elsewhere, []
        if self.scope.foreign(analysis):
            return self._out_of_scope(question), []
        if (reading == "needs" and state.get("rule") in self.conversation.rule_ids
                and not self._names_anything(analysis)):
            # 那要多久？ 从什么时候算？ — the same rule, asked again about a detail it gives.
            rule = self.conversation.rule(state["rule"])
            return self._from_rule(question, analysis, Candidate(rule, 99.0, 1.0, ["context"])), []
        analysis = self.conversation.with_context(analysis, state, reading)
        terms = self.evidence.terms(analysis)
        candidates = self._ranked(analysis, terms)
        if told.concepts != analysis.concepts and (not candidates or candidates[0].score < ANSWER_SCORE):
            # 我们厂被集团重组了，称号要怎么处理？ — the question alone names no rule; the story does.
            analysis = self.conversation.with_context(told, state, reading)
            terms = self.evidence.terms(analysis)
            candidates = self._ranked(analysis, terms)
        best = candidates[0] if candidates else None
        in_domain = self.scope.in_domain(analysis, best)
        if best is not None and best.score >= ANSWER_SCORE and in_domain:
            missing = self._missing_details(best.rule, analysis)
            if missing:  # the measures do not give it, whichever subject was meant
                return self._detail_not_set(question, analysis, best, missing), candidates
            best, sibling = self._subject_choice(best, analysis, candidates)
            if sibling is not None:
                return self._ask_subject(question, best, sibling), candidates
            close = self._close(best, candidates)
            if close:
                return self._clarify(question, best, close[0]), candidates
            unexplained = self._unexplained(analysis, terms)
            if unexplained and "yesno" in analysis.intents:
                # 是市发改委发的吗: a body the clause does not name is what the verdict answers (不是).
                names = read_frame(analysis, self.cues, self.understanding.segmenter.is_word).organisations
                unexplained = [w for w in unexplained if not any(w in name for name in names)]
            if unexplained and not self.scope.anchors(analysis):
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

    def _ranked(self, analysis: Analysis, terms: Terms) -> list[Candidate]:
        words = similarity_words(analysis)
        ranked = rank(self.rules, analysis, self.concepts, self.indexes,
                      lambda clause_id: self.evidence.share(terms, clause_id), self.evidence.salience,
                      self.similarity.scores(words), self.rarities)
        return self.precedence.order(ranked, set(words))

    @staticmethod
    def _close(best: Candidate, candidates: list[Candidate]) -> list[Candidate]:
        """Rules of another article scoring so near the best that the question is asked back."""
        if best.rule.family is not None:
            return []
        at = candidates.index(best)
        return [c for c in candidates[at + 1:at + 3] if best.score - c.score < CLARIFY_MARGIN
                and c.beaten_by is None and _article(c.rule) != _article(best.rule)
                and (c.rule.family is None or c.rule.family != best.rule.family)]

    @classmethod
    def _rivals(cls, mine: Candidate, ranked: list[Candidate]) -> list[Candidate]:
        """What keeps *mine* from answering: the rules ranked ahead of it, and those it would be asked
        back against."""
        return ranked[:ranked.index(mine)] + cls._close(mine, ranked)

    def _from_rule(self, question: str, analysis: Analysis, candidate: Candidate) -> Answer:
        rule = candidate.rule
        missing = self._missing_details(rule, analysis)
        if missing:
            return self._detail_not_set(question, analysis, candidate, missing)
        answered = rule.kind == "answer"
        if answered and self.lookups.asks_where(analysis.intents) and "yesno" not in analysis.intents:
            found = self.lookups.clause_answer(question, rule.source[0], list(rule.follow_ups))
            found.rule, found.confidence = rule.id, candidate.confidence
            return found
        rendered = self.render_rule(rule, analysis)
        citations = [self.kb.clause(s) for s in rule.source]
        sentence = _with_label(rendered.text, citations[0].label)
        verdict = self.verdict(rule, analysis, rendered) if answered else None
        if verdict is not None:
            sentence = f"{verdict.word}。{sentence}"
        if not answered:
            sentence = f"{sentence}{self.phrases['where_to_ask']}"
        literal = ("yes" if verdict.literal else "no") if verdict is not None else None
        return Answer(question, answered, sentence, citations, "rule", rule.id, candidate.confidence,
                      list(rule.follow_ups), literal, rendered.computed,
                      verdict_word=verdict.word if verdict else None, why=verdict.why if verdict else None)

    def render_rule(self, rule: Rule, analysis: Analysis) -> Rendered:
        """The rule's answer to *analysis*: its sentence, with facts read and dates computed."""
        return render(rule, analysis, self.kb, self.texts, self.wordings, self.subject_names, self.holidays)

    def verdict(self, rule: Rule, analysis: Analysis, rendered: Rendered) -> Verdict | None:
        """The verdict of a yes/no question, from the premise and what the rule's clause says."""
        frame = read_frame(analysis, self.cues, self.understanding.segmenter.is_word)
        pinpoint = self._read_with_lead(rule.source[0])
        seen = f"{pinpoint}{rendered.text}"
        # The rule's sentence says what of its clause answers the question (第三条: 自愿 is for creating, not
        # for evaluating); its stance is read from that sentence.
        stances = (frozenset(rule.stance) if rule.stance is not None
                   else frozenset(self.cues.stances_of(rendered.text)))
        view = ClauseView(seen, fact_values(rule, self.texts), self.evidence.named(fold(seen)), stances,
                          frozenset(n.lstrip("!") for n in rule.names()), self.evidence.named(fold(rendered.text)),
                          tuple(self.evidence.named(fold(part)) for part in re.split("[；。]", rendered.text) if part))
        return decide(frame, analysis, view, self.cues, self.concepts, rendered.computed)

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
        rendered = self.render_rule(rule, plain)
        citations = [self.kb.clause(s) for s in rule.source]
        what = "、".join(dict.fromkeys(missing))
        text = self.wordings.detail_not_set.text.format(what=what, label=citations[0].label,
                                                        answer=rendered.text.rstrip("。"))
        text += self.phrases["where_to_ask"]
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
        order = list(self.subject_labels)
        options = sorted([first.rule, other], key=lambda r: order.index(r.subject))
        labels = self.wordings.or_word.join(self.subject_labels[r.subject] for r in options)
        text = self.wordings.ask_subject.text.format(options=labels)
        followup = self.wordings.subject_followup.text
        return Answer(question, False, text, [self.kb.clause(r.source[0]) for r in options], "rule", None,
                      first.confidence, [followup.format(label=self.subject_labels[r.subject]) for r in options],
                      clarify=[{"rule": r.id, "subject": r.subject,
                                "question": r.examples[0] if r.examples else r.description} for r in options])

    def _clarify(self, question: str, first: Candidate, second: Candidate) -> Answer:
        options = [first.rule, second.rule]
        text = self.wordings.clarify.text.format(options=self.wordings.clarify_joiner.join(
            f"“{r.examples[0] if r.examples else r.description}”" for r in options))
        return Answer(question, False, text, [self.kb.clause(r.source[0]) for r in options], "rule",
                      None, first.confidence, [r.examples[0] for r in options if r.examples],
                      clarify=[{"rule": r.id, "question": r.examples[0] if r.examples else r.description}
                               for r in options])

    def _rule_within(self, analysis: Analysis, clause_id: str) -> bool:
        """A rule on a clause of the article named answers the question (第七条有没有说不能用落后工艺？):
        it, not the whole article, is the answer."""
        candidates = self._ranked(analysis, self.evidence.terms(analysis))
        if not candidates or candidates[0].score < ANSWER_SCORE:
            return False
        source = candidates[0].rule.source[0]
        return source == clause_id or source.startswith(f"{clause_id}-")

    def _quote_reference(self, question: str, analysis: Analysis) -> Answer | None:
        try:
            clause = resolve(self.kb, analysis.refs[0])
        except NotFound as error:
            return Answer(question, False, f"{error}。", suggestions=list(self.wordings.reference_suggestions))
        text = self.wordings.quote_reference.text.format(label=clause.label, text=quoted(clause))
        return Answer(question, True, text, [clause], "search", None, 1.0, item_followups(clause, self.wordings))

    def _from_evidence(self, question: str, analysis: Analysis, terms: Terms) -> Answer | None:
        """No rule applies: quote the clause the question is plainly about, when one clause
        covers what it asks and clearly more than any clause of another article."""
        if any(self.understanding.intents[i].detail for i in analysis.intents if i in self.understanding.intents):
            return None  # a figure was asked for; a quoted clause would pretend to give it
        if self._unexplained(analysis, terms) or terms.total < QUOTE_WEIGHT or not self.scope.anchors(analysis):
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
            clause = self.kb.article_of(clause) or clause  # several items of one article: cite the article
        text = self.wordings.closest_clause.text.format(label=clause.label, text=quoted(clause))
        return Answer(question, True, text, [clause], "search", None, round(min(0.6, share), 3),
                      self.suggest_questions(analysis.text))

    def _unexplained(self, analysis: Analysis, terms: Terms) -> list[str]:
        """Topic words of the question (nouns the domain vocabulary does not know: 小微, 抵押)
        that no clause prints: what the question asks about that the measures do not speak
        to. How people talk (保证, 单独, 等到) does not count."""
        topics = set(analysis.topics)
        return [w for w in terms.unmatched if w in topics and not _FIGURES.match(w) and not self.understanding.asks(w)]

    def _not_mentioned(self, question: str, analysis: Analysis, candidate: Candidate, words: list[str]) -> Answer:
        rule = candidate.rule
        plain = replace(analysis, intents=analysis.intents - {"yesno"})
        rendered = self.render_rule(rule, plain)
        citations = [self.kb.clause(s) for s in rule.source]
        what = "、".join(f"“{w}”" for w in dict.fromkeys(words))
        text = self.wordings.not_mentioned.text.format(what=what, label=citations[0].label,
                                                       answer=rendered.text.rstrip("。"))
        text += self.phrases["where_to_ask"]
        return Answer(question, False, text, citations, "rule", rule.id, candidate.confidence,
                      list(rule.follow_ups))

    def _not_covered(self, question: str, analysis: Analysis, candidates: list[Candidate]) -> Answer:
        suggestions = [c.rule.examples[0] for c in candidates[:3] if c.rule.examples]
        return Answer(question, False, self.phrases["not_covered"] + self.phrases["where_to_ask"],
                      [], "none", None, 0.0, suggestions or self._popular())

    def _without_background(self, analysis: Analysis) -> Analysis:
        """The caller's own story (我们园区打算申报，…) is context, not what is asked: a word every service
        uses (申报, 认定) named only there does not choose the rule; what the story is about (更名, 事故,
        注册在四川) still does — unless the question itself names what it is about (我们是在重庆注册的
        加工厂，去年出了事故，还能申报吗？ is about the accident, not the registration)."""
        frame = read_frame(analysis, self.cues, self.understanding.segmenter.is_word)
        if not frame.background:
            return analysis

        def in_main(forms: list[str]) -> bool:
            return any(f.startswith("(") or f in frame.main for f in forms)
        # Named by a word of the question itself: (manufacturing), implied by 贸易公司 in the story, is not.
        own = any(any(f in frame.main for f in forms if not f.startswith("(")) and self.concepts[c].anchor
                  and self._kind(c) != "subject" for c, forms in analysis.concepts.items() if c in self.concepts)
        kept = {concept: forms for concept, forms in analysis.concepts.items()
                if in_main(forms) or self._kind(concept) == "place"
                or (not own and self._kind(concept) != "generic")}
        return replace(analysis, concepts=kept) if kept != analysis.concepts else analysis

    def _kind(self, concept: str) -> str | None:
        spec = self.concepts.get(concept)
        return spec.kind if spec is not None else None

    def _names_anything(self, analysis: Analysis) -> bool:
        return any(c in self.concepts and self.concepts[c].kind not in ("generic", "place", "period")
                   for c in analysis.concepts)

    def _item_of_topic(self, question: str, analysis: Analysis) -> Answer | None:
        """撤销称号的情形里，第六项是什么？ — the item of the article the question's topic rests on."""
        ranked = rank(self.rules, analysis, self.concepts, self.indexes)
        if not ranked:
            return None
        holder = self.kb.article_of(self.kb.clause(ranked[0].rule.source[0]))
        return self.conversation.item_of(question, holder.id, analysis.item_only) if holder is not None else None

    def _ask_back(self, question: str) -> Answer:
        """A follow-up with nothing before it (那园区呢？ 第三项是什么？): ask what it follows."""
        return Answer(question, False, self.wordings.no_context.text, [], "none", None, 0.0, self._popular(),
                      clarify=[{"question": q} for q in self._popular()[:2]])

    def _another_authority(self, question: str, analysis: Analysis) -> Answer | None:
        """Another province or city, the national level, taxes: said to be outside the measures, with who
        handles them (kb/cues.yaml ``jurisdictions``)."""
        for place in self.cues.jurisdictions:
            found = next((f for c in place.concepts for f in analysis.concepts.get(c, []) if not f.startswith("(")),
                         None) or next((w for w in place.words if w in analysis.text), None)
            if found is None or (place.asks and not set(place.asks) & analysis.intents):
                continue
            if any(c in analysis.concepts for c in place.unless):
                continue
            text = place.answer.format(title=self.kb.main["title"], found=found)
            return Answer(question, False, text, [self.kb.clause(s) for s in place.source], "none", None, 0.0,
                          self._popular())
        return None

    def _out_of_scope(self, question: str) -> Answer:
        return Answer(question, False, self.phrases["out_of_scope"], [], "none", None, 0.0, self._popular())

    def _popular(self) -> list[str]:
        return [r.examples[0] for r in self.rules if r.examples and r.kind == "answer"][:4]

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


def _unquoted(question: str) -> str:
    return re.sub(r"[“”\"「」『』‘’']", "", question)


def _article(rule: Rule) -> str:
    return rule.source[0].split("-p")[0]


def _with_label(text: str, label: str) -> str:
    return text if label in text else f"{text}（{label}）"

