"""``kb/intents.yaml``: what a question asks for (多长, 找谁, 能不能…), as spaCy
Matcher patterns over the words of the question."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, PrivateAttr, ValidationInfo, field_validator

from .base import ClauseIds, KbModel, Words, build_context

INTENTS_FILE = "intents.yaml"
GAP = "…"  # in an intent's sequence: up to four words of anything (多少…补贴)
Pattern = str | list[str]


class Intent(KbModel):
    """One thing a question can ask for."""

    patterns: Annotated[list[Pattern], Field(min_length=1)]
    """Each pattern is a word (多长: a word containing it; one character: the whole word), a regular
    expression over one word (``^吗$``), or a list of such conditions on consecutive words, where ``…``
    stands for up to four words of anything (``[多少, …, 补贴]``)."""
    followup: bool = False
    """Counts only in a conversation with context (追问)."""
    detail: str = ""
    """A detail asked for (具体金额, 联系电话) that a rule must declare in ``answers`` to give; otherwise the
    answer says the measures do not set it."""
    endings: Words = []
    """The question ends with one of these (能申报不, 有关系没有)."""
    source: ClauseIds
    """The clause the intent is typically answered from."""
    _name: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        """Its name in ``intents.yaml``."""
        return self._name

    @field_validator("patterns")
    @classmethod
    def _compile(cls, patterns: list[Pattern]) -> list[Pattern]:
        for pattern in patterns:
            for part in pattern if isinstance(pattern, list) else [pattern]:
                try:
                    re.compile(str(part))
                except re.error as error:
                    raise ValueError(f"bad pattern {part!r} ({error})") from error
        return patterns

    @property
    def sequences(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(p) if isinstance(p, list) else (p,) for p in self.patterns)


class IntentsFile(KbModel):
    """The whole file."""

    intents: Annotated[dict[str, Intent], Field(min_length=1)]
    """Intents by name; rules name them in ``when.intents`` and ``answers``."""

    @field_validator("intents")
    @classmethod
    def _publish(cls, intents: dict[str, Intent], info: ValidationInfo) -> dict[str, Intent]:
        for name, intent in intents.items():
            intent._name = name
        context = build_context(info)
        if context is not None:
            context.intents = set(intents)
        return intents

