"""``kb/cues.yaml``: the words that tell how a yes/no question is asked (its verb,
a tag, a negation, an overstating quantifier…) and what stance a clause takes
(it requires, prohibits, revokes…), so that a verdict can be computed by
comparing the two."""

from __future__ import annotations

import functools
import re
from typing import Annotated

from pydantic import Field

from .base import ClauseIds, KbModel, RegularExpression, Words

CUES_FILE = "cues.yaml"
STANCES = ("prohibits", "revokes", "requires", "voluntary", "selective", "bounded")


class Verb(KbModel):
    """A verb a yes/no question is asked with; the answer opens with its yes or no form."""

    id: str
    """may, can, need, will, have, is."""
    words: Annotated[Words, Field(min_length=1)]
    """How it is said (the A-not-A forms first: 能不能 before 能)."""
    affirm: str
    """The answer's first word when the answer is yes (需要)."""
    deny: str
    """The first word when it is no (不需要)."""


class Stance(KbModel):
    """Words that give a clause one stance."""

    words: Annotated[Words, Field(min_length=1)]
    """Printed in the clause (with its 款 lead-in)."""
    source: ClauseIds
    """Clauses where the words stand."""


class ClauseStances(KbModel):
    """The stances a clause can take, each found by its words."""

    prohibits: Stance
    """It forbids (不得): “can …?” is no."""
    revokes: Stance
    """It takes away (撤销, 废止): “does it stay …?” is no, “will it be …?” yes."""
    requires: Stance
    """It requires (须, 应): “need …?” is yes, “can one skip …?” no."""
    voluntary: Stance
    """It leaves it to the applicant (自愿): “must …?” is no, “may one not …?” yes."""
    selective: Stance
    """It applies to some (择优): “all …?”, “automatically …?” is no."""
    bounded: Stance
    """It holds for a period (三年内): “forever …?” is no."""


class Jurisdiction(KbModel):
    """Questions that another authority handles: another province or city, the national level, taxes."""

    id: str
    """elsewhere, national, tax…"""
    concepts: Words = []
    """Concepts that name it (other_region)."""
    words: Words = []
    """Words that name it (工信部, 所得税)."""
    asks: Words = []
    """When given, the question must also ask one of these intents (howto, when…)."""
    unless: Words = []
    """Concepts that tie the question to the measures after all (重庆, 本办法, 推荐)."""
    answer: Annotated[str, Field(min_length=1)]
    """What is said: the measures do not govern it, who does. {title}, {found}."""
    source: ClauseIds
    """The clause the answer rests on (第四条: the measures apply in Chongqing)."""


class Followups(KbModel):
    """How a question that leans on the one before shows it."""

    starts: Words = []
    """Its first word (那, 那么, 换成)."""
    ends: Words = []
    """Its last words (的呢)."""
    short: int = 8
    """A question this short that ends with 呢 leans on the one before (撤销了以后呢？)."""
    also: Words = []
    """Words that carry the topic on (国家级的也有吗？)."""
    returns: Words = []
    """Openings that go back to the topic before (回到刚才的…)."""
    switches: Words = []
    """Openings that start a new topic (我再问个别的…, 另外问一下…)."""


class Cues(KbModel):
    """The whole file."""

    verbs: Annotated[list[Verb], Field(min_length=1)]
    """Verbs of yes/no questions, in the order they are looked for."""
    tags: Words
    """A question ending with one of these asks to confirm what it says (…对吧？): answered 对 / 不对."""
    tag_yes: str
    """The answer to a tag question that is right."""
    tag_no: str
    """The answer to one that is wrong."""
    negators: Words
    """Negations before the predicate (不需要…吗？ 不至于…吧？)."""
    quantifiers: Words
    """Words that overstate (所有, 自动, 照样, 永远)."""
    automatic: Words
    """Words that make something happen at once (自动, 马上, 就算) where the clause has a step between."""
    beyond: Words
    """Words for going past a period (超过, 过了): against a clause that sets one (30个工作日内)."""
    skips: Words
    """Words for leaving out a step (直接, 不经过)."""
    sufficiency: Words
    """“…就行了” words: the question proposes a standard of its own."""
    continuation: Words
    """Keeping or going on (还能, 保留, 没影响)."""
    impact: Words
    """Being affected (影响, 撤销)."""
    exclusives: Words = []
    """Words that limit a claim to one thing (只有…才): wrong where the clause joins it with another."""
    inabilities: Words = []
    """Saying one cannot (不能, 报不了, 够不上) after 是不是: the claim is that it cannot be done."""
    organisation_pattern: RegularExpression
    """A regular expression for the name of a body (…局, …委, …政府)."""
    unnamed_bodies: Words = []
    """Words before a body's ending that name no body (别的部门, 相关部门, 哪个部门)."""
    background: Words
    """Clause openings that tell the caller's own situation (我们是…, 去年…): context, not the question."""
    clause: ClauseStances
    """The stances of clauses."""
    jurisdictions: list[Jurisdiction] = []
    """Questions another authority handles."""
    followups: Followups = Followups()
    """Questions that lean on the one before."""
    compare: Words = []
    """Words that compare or distribute (区别, 分别): a pair named with them is answered one by one."""

    @functools.cached_property
    def organisation(self) -> re.Pattern:
        return re.compile(self.organisation_pattern)

    def stances_of(self, text: str) -> set[str]:
        """The stances a clause's text takes."""
        return {name for name in STANCES if any(w in text for w in getattr(self.clause, name).words)}
