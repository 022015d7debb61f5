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
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    SerializationInfo,
    ValidationInfo,
    WrapSerializer,
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


def _describe_fields(schema: dict[str, Any], cls: type) -> None:
    """Each property's description is its field's docstring, read from the source only when a JSON
    Schema is made (pydantic's ``use_attribute_docstrings`` would read every model's source at start)."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if issubclass(klass, BaseModel) and klass not in (BaseModel, KbModel):
            docs.update(attribute_docstrings(klass))
    names = {(field.alias or name): name for name, field in cls.model_fields.items()}
    for key, prop in schema.get("properties", {}).items():
        doc = docs.get(names.get(key, key))
        if doc:
            prop.setdefault("description", doc)


def attribute_docstrings(cls: type) -> dict[str, str]:
    """``field: type`` followed by a string literal in a class body: the string documents the field."""
    import ast
    import inspect
    import itertools
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    out = {}
    for node, following in itertools.pairwise(body):
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)):
            out[node.target.id] = inspect.cleandoc(following.value.value)
    return out


class KbModel(BaseModel):
    """Base of every kb model: unknown fields are errors (a typo never passes silently)."""

    # Schemas are built when first used: a command that reads no kb file of a kind never pays for its model.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True,
                              json_schema_extra=_describe_fields)

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


def _to_list(value: Any) -> OneOrList:
    single = not isinstance(value, list)
    result = OneOrList([value] if single else value)
    result.single = single
    return result


def _as_written(value: Any, handler, info: SerializationInfo) -> Any:
    out = handler(list(value))
    return out[0] if getattr(value, "single", False) and len(out) == 1 else out


def OneOrMany(item: Any) -> Any:
    """``list[item]`` that also accepts one item alone (stored as written; the schema allows both)."""
    return Annotated[item | list[item], AfterValidator(_to_list), WrapSerializer(_as_written)]


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


ClauseId = Annotated[str, BeforeValidator(_clause_id)]
"""A clause id (``art-7-p1-i3``, ``notice``) that exists in the measures."""
ClauseIds = OneOrMany(ClauseId)
"""One clause id or a list of them; each must exist in the measures."""
Names = OneOrMany(str)
Words = OneOrMany(Annotated[str | int, AfterValidator(str)])
"""Words; a number written bare (14001) is the word "14001"."""
Answer = Annotated[str, BeforeValidator(as_answer)]


def _compiles(value: str) -> str:
    import re

    try:
        re.compile(value)
    except re.error as error:
        raise ValueError(f"bad regular expression {value!r} ({error})") from error
    return value


RegularExpression = Annotated[str, AfterValidator(_compiles)]
"""A Python regular expression (checked when the knowledge base is built)."""


class EntryError(Exception):
    """A check across the entries of a file failed. *location* runs from the top of the
    file (``("rules", 3, "id")``) so that the error can name the line."""

    def __init__(self, location: tuple, message: str):
        self.location = location
        super().__init__(message)
