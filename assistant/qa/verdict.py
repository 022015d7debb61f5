"""The verdict of a yes/no question, computed from the clause that answers it.

The question's premise (its frame) is checked against the clause: a figure the
clause does not give (公示半个月？), a body it does not name (区县生态环境局管吧？),
an overstating word where the clause is selective, conditional or bounded (所有,
自动, 永远), leaving out a step the clause requires (直接报市里？), keeping what
the clause takes away (还能保留吗？), a condition the caller says failed (出过事故
还能申报吗？). Whatever survives these checks the clause confirms.

The answer opens with the word that fits how the question was asked: the verb
it was asked with (需要/不需要, 能/不能, 会/不会, 是/不是…), 对/不对 for a tag
question; a negated question (不需要…吗？) is answered with the plain truth
(需要). A rule that says what the measures do not set, or a question that names
nothing the clause can be checked against, gets no verdict word.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..knowledge.concepts import Concept
from ..knowledge.cues import Cues
from .datetext import find_dates
from .figures import figures, mismatched
from .frame import Frame
from .understanding import Analysis

DENIABLE = ("condition", "document", "procedure", "place")  # 没有报告, 不在重庆: a condition denied


@dataclass(frozen=True)
class Verdict:
    literal: bool  # the truth of the question as asked (yes_no in the JSON)
    word: str  # what the answer opens with
    why: str  # which check decided, for --explain


@dataclass(frozen=True)
class ClauseView:
    """What a verdict is checked against: the pinpoint clause (with its lead-in), the facts the
    rule reads from its clauses, the concepts and bodies they name, and their stances."""

    text: str
    facts: tuple[str, ...]
    concepts: frozenset[str]
    stances: frozenset[str]
    triggers: frozenset[str] = frozenset()  # the concepts the rule is triggered by: what it is about
    said: frozenset[str] = frozenset()  # the concepts the answer's own sentence names (who does what)
    parts: tuple[frozenset[str], ...] = ()  # the concepts of each part (；) of the answer's sentence

    @property
    def about(self) -> frozenset[str]:
        return self.concepts | self.triggers


def decide(frame: Frame, analysis: Analysis, clause: ClauseView, cues: Cues, concepts: dict[str, Concept],
           computed: dict | None = None) -> Verdict | None:
    if frame.ask != "yesno":
        return None
    found = _premise(frame, analysis, clause, cues, concepts)
    if found is not None:
        premise, of_the_claim = found
        # The claim as stated does not hold, whatever its polarity (是不是就永远不能…？ 近五年…是吧？).
        verb = next((v for v in cues.verbs if v.id == frame.verb), None) or next(v for v in cues.verbs if v.id == "is")
        if frame.form == "tag":
            holds = frame.negated and of_the_claim  # 区县不能自己认定吧？ — 对
            return Verdict(holds, cues.tag_yes if holds else cues.tag_no, premise)
        # 一劳永逸，不用再复审了吗？ — the negative claim fails, so the plain truth is 需要; but in
        # 有异议，不会马上发文认定吗？ the hurrying word is what is denied, and the caller is right: 不会.
        if frame.negated and of_the_claim:
            # 区县不能自己认定吗？ — 区县 is the wrong body, so what the question says holds: 不能.
            return Verdict(True, verb.affirm if frame.literal else verb.deny, premise)
        plainly_true = frame.negated and not frame.literal and not _denied(frame, cues)
        return Verdict(False, verb.affirm if plainly_true else verb.deny, premise)
    truth, why = _truth(frame, analysis, clause, cues, concepts, computed)
    literal = truth != frame.negated
    if frame.form == "tag":
        return Verdict(literal, cues.tag_yes if literal else cues.tag_no, why)
    verb = next((v for v in cues.verbs if v.id == frame.verb), None) or next(v for v in cues.verbs if v.id == "is")
    # 不需要…吗？ is answered with the plain truth (需要); 是不是就没资格了？ with whether the claim holds.
    said = literal if frame.literal else truth
    return Verdict(literal, verb.affirm if said else verb.deny, why)


def _truth(frame: Frame, analysis: Analysis, clause: ClauseView, cues: Cues, concepts: dict[str, Concept],
           computed: dict | None) -> tuple[bool, str]:
    """Whether the question's claim, taken positively (不需要…吗 as 需要…), holds."""
    if computed is not None and computed.get("verdict"):
        return computed["verdict"] == "yes", "computed date"
    if computed is not None:
        asked = {d.day.isoformat() for d in analysis.dates if d.precision == "day"} - {computed["given"]}
        if asked:
            return asked == {computed["result"]}, "computed date"
    stances = clause.stances
    verb = frame.verb
    can = verb in ("can", "may") or frame.inner == "can"
    if frame.continuation and stances & {"revokes", "prohibits"}:
        return False, f"keeps ({frame.continuation}) what the clause takes away"
    if "voluntary" in stances:
        if verb == "need" or "mandatory" in analysis.concepts or frame.impact:
            return False, "the clause leaves it to the applicant"
        return True, "the clause leaves it to the applicant"
    excluded = _excluded(analysis, clause, cues, concepts, frame.claim or frame.main, negations=False)
    if excluded:
        if not frame.negated and not _excluded(analysis, clause, cues, concepts, frame.claim or frame.main):
            return True, f"leaves out ({excluded}) as the clause does"  # 不含周末，对吧？
        return False, f"counts in ({excluded}) what the clause leaves out"
    adverse = _adverse(analysis, clause, concepts, frame)
    if adverse:
        # 会被摘牌吗 names a sanction (a concept of that kind) as 影响 does: it asks about the consequence.
        impact = frame.impact or any(concepts[c].kind == "sanction" for c in analysis.concepts if c in concepts)
        if can or frame.continuation or (verb == "will" and not impact):
            return False, f"a condition fails ({adverse})"
        return True, f"a condition fails ({adverse}): it has consequences"
    skipping = frame.skip if verb != "need" else None
    if skipping and "voluntary" not in stances and skipping not in clause.text:
        return False, f"leaves out ({skipping}) a step of the clause"
    if can and "prohibits" in stances:
        return False, "the clause forbids it"
    return True, "the clause says so"


def _premise(frame: Frame, analysis: Analysis, clause: ClauseView, cues: Cues,
             concepts: dict[str, Concept]) -> tuple[str, bool] | None:
    """What in the question's premise the clause contradicts (a figure, a date, a body, an overstating
    or hurrying word, a standard of its own), or None; and whether it is a fact of the claim itself
    (a figure, a date, a body) rather than a word that overstates it."""
    claim = frame.claim or frame.main
    asked_days = {d.day for d in analysis.dates if d.precision == "day" and not d.assumed_year}
    stated_days = {d.day for text in (clause.text, *clause.facts) for d in find_dates(text, dt.date.today())[0]
                   if d.precision == "day"}
    if asked_days and stated_days and not asked_days <= stated_days:
        return "the date asked about is not the clause's", True
    stated = figures(clause.text) | set().union(*(figures(f) for f in clause.facts))
    asked = figures(_claim_clause(claim, frame))
    if not (frame.verb in ("is", None) or frame.form == "tag" or frame.sufficiency):
        asked = {f for f in asked if f[1] == "times"}  # 成立半年能评吗: the caller's own figures are no claim
    wrong = mismatched(asked, stated)
    if wrong:
        return f"figure {wrong[0][0]}{wrong[0][1]} is not the clause's", True
    excluded = _excluded(analysis, clause, cues, concepts, _claim_clause(claim, frame))
    if excluded and (frame.verb in ("is", "have", None) or frame.form == "tag"):
        return f"counts in ({excluded}) what the clause leaves out", True
    if frame.beyond and "bounded" in clause.stances:
        return f"goes beyond ({frame.beyond}) the period the clause sets", False
    if _other_body(frame, analysis, clause, concepts, _claim_clause(claim, frame)):
        return "names a body the clause does not", True
    stances = clause.stances
    if frame.quantifier and (stances & {"selective", "bounded", "voluntary", "revokes"}
                             or ("requires" in stances and frame.verb in ("can", "may", "will"))):
        return f"overstates ({frame.quantifier})", False
    only = _only(claim, analysis, clause, cues)
    if only:
        return f"limits to one ({only}) what the clause joins with another", False
    if frame.automatic and frame.automatic not in clause.text:
        return f"makes it happen at once ({frame.automatic})", False
    if frame.sufficiency and _foreign_standard(claim, clause, analysis, frame.sufficiency):
        return f"proposes a standard the clause does not set ({frame.sufficiency})", False
    return None


def _excluded(analysis: Analysis, clause: ClauseView, cues: Cues, concepts: dict[str, Concept],
              claim: str, negations: bool = True) -> str | None:
    """A word of the claim for a concept the clause's own words leave out (周末 against 5个工作日),
    unless the claim leaves it out too (不算周末; 算不算 is no negation)."""
    claim = _A_NOT_A.sub("", claim)
    for name, forms in analysis.concepts.items():
        concept = concepts.get(name)
        if concept is None or not any(w in clause.text for w in concept.excluded_by):
            continue
        said = next((f for f in forms if not f.startswith("(") and f in claim), None)
        before = claim[max(0, claim.find(said) - 3): claim.find(said)] if said else ""
        if said and not (negations and any(n in before for n in cues.negators)):
            return said
    return None


_A_NOT_A = re.compile(r"(.)[不没]\1")


def _done_by_another(asked: list[str], analysis: Analysis, clause: ClauseView, concepts: dict[str, Concept],
                     claim: str) -> bool:
    """The claim has a body do something the answer has another body do, and never this one
    (区县能自己认定吗？ — 由市经济信息委发文认定；区县经信部门负责培育、创建、申报推荐)."""
    def body_of(name: str) -> set[str]:
        return {name, *concepts[name].also}
    acts = [c for c, forms in analysis.concepts.items() if c in concepts and concepts[c].kind == "procedure"
            and any(not f.startswith("(") and f in claim for f in forms)]
    asking = set().union(*(body_of(b) for b in asked))
    for act in acts:
        doers = [part for part in clause.parts if act in part]
        others = [p for p in doers if any(concepts[c].kind == "body" for c in p if c in concepts)]
        if others and not any(asking & p for p in doers):
            return True
    return False


def _only(claim: str, analysis: Analysis, clause: ClauseView, cues: Cues) -> str | None:
    """只有国家级绿色工厂才有…: a word the claim limits to that the clause joins with another (国家级和市级)."""
    word = next((w for w in cues.exclusives if w in claim), None)
    if word is None:
        return None
    head = claim[claim.find(word) + len(word):]
    head = head[: head.find("才")] if "才" in head else head
    for term in (w for w in analysis.words if len(w) > 1 and w in head):
        if re.search(f"{re.escape(term)}[和及、或与]|[和及、或与]{re.escape(term)}", clause.text):
            return word
    return None


def _denied(frame: Frame, cues: Cues) -> bool:
    """The overstating or hurrying word of a negated question comes after its negation (不会马上…):
    the question denies it."""
    claim = frame.claim or frame.main
    word = frame.automatic or frame.quantifier or frame.beyond
    at = [claim.find(n) for n in cues.negators if n in claim]
    return bool(word and at and word in claim and claim.find(word) > min(at))


def _claim_clause(claim: str, frame: Frame) -> str:
    """The part of the question whose figures are claims: all of a tag question, else the clause of its verb."""
    if frame.form == "tag":
        return claim
    pieces = [p for p in claim.replace(",", "，").split("，") if p]
    return pieces[-1] if pieces else claim


def _other_body(frame: Frame, analysis: Analysis, clause: ClauseView, concepts: dict[str, Concept],
                claim: str) -> bool:
    """The question names a body (by a word of its own) the answer does not, where the answer names one."""
    bodies = {c for c in clause.said if c in concepts and concepts[c].kind == "body"}
    if not bodies:
        return False
    asked = [c for c, forms in analysis.concepts.items() if c in concepts and concepts[c].kind == "body"
             and any(not f.startswith("(") and f in claim for f in forms)]
    if asked and not any(c in bodies or set(concepts[c].also) & bodies for c in asked):
        return True
    if asked and _done_by_another(asked, analysis, clause, concepts, claim):
        return True
    known = [f for c in concepts.values() if c.kind == "body" for f in c.words if len(f) > 1]
    for name in frame.organisations:
        if name in clause.text or name not in claim:
            continue
        if not any(name.endswith(w) for w in known):
            return True  # 区县生态环境局, 市发改委: a body the measures never name here
    return False


def _adverse(analysis: Analysis, clause: ClauseView, concepts: dict[str, Concept], frame: Frame) -> str | None:
    """A condition the question says fails: an adverse event the clause speaks of (事故, 失信, 虚假材料),
    a failed step (不合格), or a requirement it denies (没有批准)."""
    if "failed" in analysis.concepts:
        return "failed"
    def relevant(concept: str) -> bool:
        spec = concepts.get(concept)
        return spec is not None and (concept in clause.about or any(a in clause.about for a in spec.also))

    for concept in analysis.negated:
        if frame.negated and not _before_negation(analysis.concepts.get(concept, []), frame):
            continue  # 不会…现场核实吧: the claim's own negation, not a condition denied
        if relevant(concept) and concepts[concept].kind in DENIABLE:
            return f"not {concept}"
    for concept in analysis.concepts:
        if relevant(concept) and concepts[concept].adverse and concept not in analysis.negated:
            return concept
    return None


def _before_negation(forms: list[str], frame: Frame) -> bool:
    """A word of the question stands before the negation of its claim (没有建立…的企业|不能申报吗)."""
    claim = frame.claim or frame.main
    at = claim.rfind("不")
    return at > 0 and any(not f.startswith("(") and 0 <= claim.find(f) < at for f in forms)


def _foreign_standard(claim: str, clause: ClauseView, analysis: Analysis, word: str) -> bool:
    """A "…就行了" claim whose standard holds a content word the clause never prints (全国平均)."""
    head = claim.split(word)[0]
    words = [w for w in analysis.words if len(w) > 1 and w in head]
    return any(w not in clause.text for w in words if w not in analysis.concepts)
