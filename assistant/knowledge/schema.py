"""The kinds of kb file, each declared once by its model, and the build-time
validation of ``kb/`` against the parsed measures.

Kinds are checked in the order listed (rules name concepts and intents, so
those come first); a malformed file stops the build with the file, the line
and the reason. A file of no known kind must at least be a mapping or a list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..errors import KnowledgeFileError
from .base import BuildContext, EntryError
from .concepts import CONCEPTS_FILE, ConceptsFile
from .cues import CUES_FILE, Cues
from .files import YamlFile, kb_files, load_yaml, read_lines
from .holidays import HOLIDAYS_FILE, HolidaysFile
from .intents import INTENTS_FILE, IntentsFile
from .lexicon import LEXICON_FILE, Lexicon
from .procedure import QuestionnaireFile
from .questionnaires import QUESTIONNAIRES_GLOB
from .rules import RULES_GLOB, RulesFile
from .wordings import WORDINGS_FILE, Wordings

SCHEMA_DIR = "schema"  # inside kb/: the JSON Schema of each kind, for editors


@dataclass(frozen=True)
class Kind:
    name: str
    pattern: str  # path relative to kb/, a glob
    model: Any  # a model class or an annotated union of them
    title: str

    @property
    def adapter(self) -> TypeAdapter:
        return _adapter(self.name)

    def matches(self, relative: str) -> bool:
        return fnmatch(relative, self.pattern)

    def json_schema(self) -> dict:
        schema = self.adapter.json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = self.title
        return schema

    def schema_path(self, kb_dir: Path) -> Path:
        return kb_dir / SCHEMA_DIR / f"{self.name}.schema.json"


KINDS = (
    Kind("lexicon", LEXICON_FILE, Lexicon, "kb/lexicon.yaml：词表、同义词、主体标签、查询虚词"),
    Kind("concepts", CONCEPTS_FILE, ConceptsFile, "kb/concepts.yaml：问答的领域概念与申请主体"),
    Kind("intents", INTENTS_FILE, IntentsFile, "kb/intents.yaml：问句意图"),
    Kind("rules", RULES_GLOB, RulesFile, "kb/rules/*.yaml：问答规则"),
    Kind("questionnaires", QUESTIONNAIRES_GLOB, QuestionnaireFile, "kb/questionnaires/*.yaml：自评问卷与申报流程"),
    Kind("wordings", WORDINGS_FILE, Wordings, "kb/wordings.yaml：问答的固定用语"),
    Kind("cues", CUES_FILE, Cues, "kb/cues.yaml：是非问的说法与条文立场的提示词"),
    Kind("holidays", HOLIDAYS_FILE, HolidaysFile, "kb/holidays.yaml：法定节假日与调休上班日（国务院办公厅通知）"),
)


@cache
def _adapter(name: str) -> TypeAdapter:
    kind = next(k for k in KINDS if k.name == name)
    return TypeAdapter(kind.model)


def kind_of(relative: str) -> Kind | None:
    return next((k for k in KINDS if k.matches(relative)), None)


def kind_named(name: str) -> Kind:
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise KeyError(name)


def load_curated(kb_dir: Path, ids: set[str], texts: dict[str, str]) -> dict[str, Any]:
    """Every kb file, validated, keyed by its path relative to ``kb/``, in path order."""
    if not kb_dir.is_dir():
        return {}
    files = {p.relative_to(kb_dir).as_posix(): p for p in kb_files(kb_dir)}
    for kind in KINDS:  # every kind of knowledge is needed: a kb without its rules answers nothing
        if not any(kind.matches(relative) for relative in files):
            raise KnowledgeFileError(str(kb_dir / kind.pattern), None, "缺少必需的知识文件")
    context = BuildContext(ids, texts)
    ordered = sorted(files, key=lambda r: (_rank(r), r))
    for relative in ordered:
        path = files[relative]
        if path.suffix == ".txt":
            context.curated[relative] = read_lines(path)
            continue
        loaded = load_yaml(path)
        if loaded.data is None:
            raise KnowledgeFileError(str(path), None, "the file is empty")
        kind = kind_of(relative)
        if kind is None:
            if not isinstance(loaded.data, dict | list):
                raise KnowledgeFileError(str(path), 1, "expected a mapping or a list at the top level")
            context.curated[relative] = loaded.data
            continue
        context.curated[relative] = _validate(kind, loaded, context)
    _check_across(context.curated, files)
    return {relative: context.curated[relative] for relative in sorted(context.curated)}


def _rank(relative: str) -> int:
    kind = kind_of(relative)
    return KINDS.index(kind) if kind is not None else len(KINDS)


def _validate(kind: Kind, loaded: YamlFile, context: BuildContext) -> Any:
    try:
        model = kind.adapter.validate_python(loaded.data, context=context)
    except ValidationError as error:
        # Of the alternatives a value could have taken (one id or a list of ids), the one that got
        # furthest says what is wrong: "names art-7-p1-i9", not "should be a string".
        first = max(error.errors(), key=lambda e: len(e["loc"]))
        location = tuple(first["loc"])
        raise KnowledgeFileError(str(loaded.path), loaded.line_at(location),
                                 _reason(loaded, location, first["msg"])) from error
    except EntryError as error:
        raise KnowledgeFileError(str(loaded.path), loaded.line_at(error.location),
                                 _reason(loaded, error.location, str(error))) from error
    return kind.adapter.dump_python(model, mode="json", by_alias=True, exclude_unset=True)


def _reason(loaded: YamlFile, location: tuple, message: str) -> str:
    """``rules[0].facts.days: message`` — the parts of *location* that are in the file."""
    shown, path = "", ()
    for part in location:
        candidate = (*path, part)
        if candidate not in loaded.lines:
            continue
        path = candidate
        shown += f"[{part}]" if isinstance(part, int) else (f".{part}" if shown else str(part))
    message = message.removeprefix("Value error, ")
    return f"{shown}: {message}" if shown else message


def _check_across(curated: dict[str, Any], files: dict[str, Path]) -> None:
    """What one file says of another: a procedure's ``applies_to`` names questionnaire types; a rule's
    ``prefer_over`` names rules."""
    _check_preferences(curated, files)
    types = {d["type"] for d in curated.values() if isinstance(d, dict) and d.get("kind") == "questionnaire"}
    for relative, data in curated.items():
        if not (isinstance(data, dict) and data.get("kind") == "procedure"):
            continue
        for key in ("notes", "steps", "benefits", "duties"):
            for entry in data.get(key, []):
                unknown = set(entry.get("applies_to") or []) - types
                if unknown:
                    loaded = load_yaml(files[relative])
                    index = data[key].index(entry)
                    raise KnowledgeFileError(str(files[relative]), loaded.line_at((key, index, "applies_to")),
                                             f"{key}[{index}].applies_to: names {sorted(unknown)}, which are not "
                                             f"questionnaire types ({', '.join(sorted(types))})")


def _check_preferences(curated: dict[str, Any], files: dict[str, Path]) -> None:
    rules = {relative: data["rules"] for relative, data in curated.items()
             if kind_of(relative) is not None and kind_of(relative).name == "rules" and isinstance(data, dict)}
    ids = {rule["id"] for listed in rules.values() for rule in listed}
    for relative, listed in rules.items():
        for index, rule in enumerate(listed):
            unknown = sorted(set(rule.get("prefer_over") or []) - ids)
            if unknown:
                loaded = load_yaml(files[relative])
                raise KnowledgeFileError(str(files[relative]), loaded.line_at(("rules", index, "prefer_over")),
                                         f"rules[{index}].prefer_over: names {unknown}, which are not rules")


def schema_text(kind: Kind) -> str:
    return json.dumps(kind.json_schema(), ensure_ascii=False, indent=2) + "\n"


def model_fields(kind: Kind) -> set[str]:
    """Every field name a file of this kind may use (for the documentation check)."""
    names: set[str] = set()
    schema = kind.json_schema()
    for definition in [schema, *schema.get("$defs", {}).values()]:
        names |= set(definition.get("properties", {}))
    return names
