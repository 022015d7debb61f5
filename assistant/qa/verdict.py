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

    @property
    def about(self) -> frozenset[str]:
        return self.concepts | self.triggers


def decide(frame: Frame, analysis: Analysis, clause: ClauseView, cues: Cues, concepts: dict[str, Concept],
           computed: dict | None = None) -> Verdict | None:
    if frame.ask != "yesno":
        return None
    premise = _premise(frame, analysis, clause, concepts)
    if premise is not None:
        # The claim as stated does not hold, whatever its polarity (是不是就永远不能…？ 近五年…是吧？).
        verb = next((v for v in cues.verbs if v.id == frame.verb), None) or next(v for v in cues.verbs if v.id == "is")
        if frame.form == "tag":
            return Verdict(False, cues.tag_no, premise)
        # 一劳永逸，不用再复审了吗？ — the negative claim fails, so the plain truth is 需要.
        plainly_true = frame.negated and not frame.literal
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
    can = verb in ("can", "may")
    if frame.continuation and stances & {"revokes", "prohibits"}:
        return False, f"keeps ({frame.continuation}) what the clause takes away"
    if "voluntary" in stances:
        if verb == "need" or "mandatory" in analysis.concepts or frame.impact:
            return False, "the clause leaves it to the applicant"
        return True, "the clause leaves it to the applicant"
    adverse = _adverse(analysis, clause, concepts, frame)
    if adverse:
        if can or frame.continuation or (verb == "will" and not frame.impact):
            return False, f"a condition fails ({adverse})"
        return True, f"a condition fails ({adverse}): it has consequences"
    skipping = frame.skip if verb != "need" else None
    if skipping and "voluntary" not in stances and skipping not in clause.text:
        return False, f"leaves out ({skipping}) a step of the clause"
    if can and "prohibits" in stances:
        return False, "the clause forbids it"
    return True, "the clause says so"


def _premise(frame: Frame, analysis: Analysis, clause: ClauseView, concepts: dict[str, Concept]) -> str | None:
    """What in the question's premise the clause contradicts (a figure, a date, a body, an overstating
    or hurrying word, a standard of its own), or None."""
    claim = frame.claim or frame.main
    asked_days = {d.day for d in analysis.dates if d.precision == "day" and not d.assumed_year}
    stated_days = {d.day for text in (clause.text, *clause.facts) for d in find_dates(text, dt.date.today())[0]
                   if d.precision == "day"}
    if asked_days and stated_days and not asked_days <= stated_days:
        return "the date asked about is not the clause's"
    stated = figures(clause.text) | set().union(*(figures(f) for f in clause.facts))
    asked = figures(_claim_clause(claim, frame))
    if not (frame.verb in ("is", None) or frame.form == "tag" or frame.sufficiency):
        asked = {f for f in asked if f[1] == "times"}  # 成立半年能评吗: the caller's own figures are no claim
    wrong = mismatched(asked, stated)
    if wrong:
        return f"figure {wrong[0][0]}{wrong[0][1]} is not the clause's"
    if frame.beyond and "bounded" in clause.stances:
        return f"goes beyond ({frame.beyond}) the period the clause sets"
    if _other_body(frame, analysis, clause, concepts, claim):
        return "names a body the clause does not"
    stances = clause.stances
    if frame.quantifier and (stances & {"selective", "bounded", "voluntary", "revokes"}
                             or ("requires" in stances and frame.verb in ("can", "may", "will"))):
        return f"overstates ({frame.quantifier})"
    if frame.automatic and frame.automatic not in clause.text:
        return f"makes it happen at once ({frame.automatic})"
    if frame.sufficiency and _foreign_standard(claim, clause, analysis, frame.sufficiency):
        return f"proposes a standard the clause does not set ({frame.sufficiency})"
    return None


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

    for concept in () if frame.negated else analysis.negated:  # 不会…现场核实吧: the claim's own negation
        if relevant(concept) and concepts[concept].kind in DENIABLE:
            return f"not {concept}"
    for concept in analysis.concepts:
        if relevant(concept) and concepts[concept].adverse and concept not in analysis.negated:
            return concept
    return None


def _foreign_standard(claim: str, clause: ClauseView, analysis: Analysis, word: str) -> bool:
    """A "…就行了" claim whose standard holds a content word the clause never prints (全国平均)."""
    head = claim.split(word)[0]
    words = [w for w in analysis.words if len(w) > 1 and w in head]
    return any(w not in clause.text for w in words if w not in analysis.concepts)
