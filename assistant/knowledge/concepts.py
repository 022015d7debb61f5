"""``kb/concepts.yaml``: the domain concepts of the Q&A (spaCy EntityRuler
entities) and the subjects the measures distinguish (园区, 工厂)."""

from __future__ import annotations

import functools
import re
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..textnorm import fold
from .base import ClauseIds, KbModel, RegularExpression, Words, build_context
from .lexicon import Lexicon

CONCEPTS_FILE = "concepts.yaml"
ConceptKind = Literal["subject", "body", "procedure", "period", "sanction", "benefit", "condition", "document",
                      "place", "topic", "generic", "foreign"]


class Concept(KbModel):
    """A thing questions speak of, with the words people use for it."""

    id: str
    """Name used by rules (``when``) and other concepts (``also``)."""
    kind: ConceptKind = "topic"
    """subject 主体 | body 机关 | procedure 程序 | period 期限 | sanction 处理 | benefit 待遇 | condition 条件 |
    document 文件信息 | place 地域 | topic 其他主题 | generic 泛用词 | foreign 其他事项 (another programme
    or service: named without 绿色园区/绿色工厂, the question is out of scope)."""
    anchor: bool = False
    """Named by one of its own words, it places a question within the measures."""
    words: Annotated[Words, Field(min_length=1)]
    """How people say it; the lexicon's aliases of these words count too."""
    also: Words = []
    """Other concepts counted whenever this one is found."""
    specific: bool = True
    """false: it places a question in the measures but points at no rule (这个办法); rules that do not
    mention it lose nothing."""
    weak: Words = []
    """Words of this concept that other services use too (补贴, 注册): alone they anchor nothing."""
    adverse: bool = False
    """An event that fails a condition of the measures (事故, 失信, 虚假材料): named in a yes/no question,
    “can one still …?” is no and “will it be …?” yes."""
    excluded_by: Words = []
    """Words of a clause that leave this out (工作日 leaves out 周末): a yes/no question counting it in
    against such a clause is answered no."""
    source: ClauseIds
    """The clause the concept mainly corresponds to."""

    @model_validator(mode="after")
    def _weak_words_are_words(self) -> Concept:
        if any(w not in self.words for w in self.weak):
            raise ValueError(f"concept '{self.id}': every weak word must be one of its words")
        return self

    def surface_forms(self, lexicon: Lexicon) -> list[str]:
        """The concept's words plus the lexicon's aliases of those words, folded."""
        forms = [fold(w) for w in self.words]
        folded = set(forms)
        for synonym in lexicon.synonyms:
            if fold(synonym.canonical) in folded:
                forms += [fold(a) for a in synonym.aliases]
        return list(dict.fromkeys(f for f in forms if f))


class Subject(KbModel):
    """An applicant the measures set different rules for (园区 in 第六条, 工厂 in 第七条)."""

    id: str
    """A concept id; rules name it in ``subject``."""
    label: str
    """The title it applies for (绿色园区), in clarifying questions (…您问的是绿色工厂还是绿色园区？)."""
    name: str
    """What it is called in an answer (园区, 企业)."""
    source: ClauseIds
    """The clause that sets its conditions."""
    prevails_when: RegularExpression = ""
    """A regular expression: when a question names both subjects and matches it, it is about this one
    (园区内的企业 asks about the park)."""

    @functools.cached_property
    def prevails(self) -> re.Pattern | None:
        return re.compile(self.prevails_when) if self.prevails_when else None


class ConceptsFile(KbModel):
    """The whole file."""

    concepts: Annotated[list[Concept], Field(min_length=1)]
    """Every concept; ids are unique."""
    subjects: list[Subject] = []
    """The subjects rules may be specific to."""

    @field_validator("concepts")
    @classmethod
    def _ids(cls, concepts: list[Concept], info: ValidationInfo) -> list[Concept]:
        seen: set[str] = set()
        for concept in concepts:
            if concept.id in seen:
                raise ValueError(f"concept '{concept.id}' is defined twice")
            seen.add(concept.id)
        for concept in concepts:
            for implied in concept.also:
                if implied not in seen:
                    raise ValueError(f"concept '{concept.id}' implies unknown concept '{implied}'")
        context = build_context(info)
        if context is not None:
            context.concepts = seen
        return concepts

    @model_validator(mode="after")
    def _subjects_are_concepts(self, info: ValidationInfo) -> ConceptsFile:
        ids = {c.id for c in self.concepts}
        for subject in self.subjects:
            if subject.id not in ids:
                raise ValueError(f"subject '{subject.id}' is not a concept")
        context = build_context(info)
        if context is not None:
            context.subjects = {s.id for s in self.subjects}
        return self
