"""What every kind of kb file is built from: one pydantic model per kind that
validates, carries defaults and documents its fields (the JSON Schema that
editors use comes from the same model).

Checks against the regulation (a cited clause exists, a fact is printed in its
clause) read the :class:`BuildContext` passed to validation explicitly; without
one (loading a knowledge base that was already checked) they are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    SerializationInfo,
    ValidationInfo,
    WrapSerializer,
    WrapValidator,
)

YES_NO = ("yes", "no")


@dataclass
class BuildContext:
    """What a kb file is checked against while the knowledge base is built."""

    ids: set[str]  # clause ids of the main document
    texts: dict[str, str]  # clause id → printed text (an item with its 款 lead-in not included)
    curated: dict[str, Any] = field(default_factory=dict)  # kb files validated so far, by relative path
    concepts: set[str] = field(default_factory=set)
    intents: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)
    rule_ids: set[str] = field(default_factory=set)  # rules defined by earlier rule files


def build_context(info: ValidationInfo | None) -> BuildContext | None:
    context = info.context if info is not None else None
    return context if isinstance(context, BuildContext) else None


class KbModel(BaseModel):
    """Base of every kb model: unknown fields are errors (a typo never passes silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, use_attribute_docstrings=True)

    def dump(self) -> dict:
        """The data as written in the file, normalised (yes/no strings, lists), without defaults."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


def as_list(value: Any) -> Any:
    """A single value where a list is expected is a list of one."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def as_answer(value: Any) -> Any:
    """YAML 1.1 reads a bare ``yes`` / ``no`` as a boolean; answers are the strings."""
    return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value


class OneOrList(list):
    """A list that remembers it was written as a single value, so that the stored
    knowledge base shows each file as it was written (``source: art-6`` stays a string)."""

    single = False


def _one_or_list(value: Any, handler, info: ValidationInfo) -> Any:
    single = not isinstance(value, list) and value is not None
    result = OneOrList(handler([value] if single else ([] if value is None else value)))
    result.single = single
    return result


def _as_written(value: Any, handler, info: SerializationInfo) -> Any:
    out = handler(value)
    return out[0] if getattr(value, "single", False) and len(out) == 1 else out


def OneOrMany(item: Any) -> Any:
    """``list[item]`` that also accepts one item alone (stored as written)."""
    return Annotated[list[item], WrapValidator(_one_or_list), WrapSerializer(_as_written)]


def check_clause_ids(value: list[str], info: ValidationInfo) -> list[str]:
    context = build_context(info)
    if context is not None:
        for clause_id in value:
            if clause_id not in context.ids:
                raise ValueError(f"names {clause_id}, which is not in the measures")
    return value


def _clause_id(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, str):
        check_clause_ids([value], info)
    return value


def _word(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


ClauseId = Annotated[str, BeforeValidator(_clause_id)]
"""A clause id (``art-7-p1-i3``, ``notice``) that exists in the measures."""
ClauseIds = OneOrMany(ClauseId)
"""One clause id or a list of them; each must exist in the measures."""
Names = OneOrMany(str)
Words = OneOrMany(Annotated[str, BeforeValidator(_word)])
Answer = Annotated[str, BeforeValidator(as_answer)]


class EntryError(Exception):
    """A check across the entries of a file failed. *location* runs from the top of the
    file (``("rules", 3, "id")``) so that the error can name the line."""

    def __init__(self, location: tuple, message: str):
        self.location = location
        super().__init__(message)
