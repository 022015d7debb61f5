"""The curated knowledge of a built knowledge base as objects: the lexicon,
concepts, intents, rules, questionnaires, procedure and wordings. Each is made
once per knowledge base from data that was validated when it was built."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import BadInput, NotFound
from .clauses import KnowledgeBase
from .concepts import CONCEPTS_FILE, Concept, ConceptsFile, Subject
from .cues import CUES_FILE, Cues
from .intents import INTENTS_FILE, Intent, IntentsFile
from .lexicon import LEXICON_FILE, Lexicon
from .questionnaires import Questionnaire
from .rules import RULES_GLOB, Rule, RulesFile
from .wordings import WORDINGS_FILE, Wordings

T = TypeVar("T")


def _once(kb: KnowledgeBase, key: str, make: Callable[[], T]) -> T:
    if key not in kb.derived:
        kb.derived[key] = make()
    return kb.derived[key]


def lexicon(kb: KnowledgeBase) -> Lexicon:
    return _once(kb, "lexicon", lambda: Lexicon.model_validate(kb.curated.get(LEXICON_FILE) or {}))


def _required(kb: KnowledgeBase, name: str, model: type[T]) -> T:
    """The model of a kb file the engines cannot work without."""
    def make() -> T:
        data = kb.curated.get(name)
        if not data:
            raise NotFound(f"知识库中没有 {name}")
        return model.model_validate(data)
    return _once(kb, name, make)


def _concepts_file(kb: KnowledgeBase) -> ConceptsFile:
    return _required(kb, CONCEPTS_FILE, ConceptsFile)


def concepts(kb: KnowledgeBase) -> list[Concept]:
    return list(_concepts_file(kb).concepts)


def subjects(kb: KnowledgeBase) -> list[Subject]:
    return list(_concepts_file(kb).subjects)


def intents(kb: KnowledgeBase) -> list[Intent]:
    def make() -> list[Intent]:
        data = kb.curated.get(INTENTS_FILE) or {"intents": {}}
        return list(IntentsFile.model_validate(data).intents.values()) if data.get("intents") else []
    return _once(kb, "intents", make)


def rules(kb: KnowledgeBase) -> list[Rule]:
    def make() -> list[Rule]:
        out: list[Rule] = []
        for name in sorted(k for k in kb.curated if _is_rules(k)):
            out += RulesFile.model_validate(kb.curated[name]).rules
        return out
    return _once(kb, "rules", make)


def _is_rules(name: str) -> bool:
    from fnmatch import fnmatch

    return fnmatch(name, RULES_GLOB)


def cues(kb: KnowledgeBase) -> Cues:
    return _required(kb, CUES_FILE, Cues)


def wordings(kb: KnowledgeBase) -> Wordings:
    return _required(kb, WORDINGS_FILE, Wordings)


def _of_kind(kb: KnowledgeBase, kind: str) -> list[dict[str, Any]]:
    return [d for d in kb.curated.values() if isinstance(d, dict) and d.get("kind") == kind]


def questionnaires(kb: KnowledgeBase) -> dict[str, Questionnaire]:
    """Every questionnaire of ``kb/questionnaires/``, by type, in file order."""
    return _once(kb, "questionnaires",
                 lambda: {q.type: q for q in (Questionnaire.model_validate(d) for d in _of_kind(kb, "questionnaire"))})


def questionnaire(kb: KnowledgeBase, type: str) -> Questionnaire:
    """The questionnaire of *type*, or :class:`BadInput` naming those there are."""
    available = questionnaires(kb)
    if type not in available:
        choices = "、".join(f"{t}（{q.label}）" for t, q in available.items()) or "无"
        raise BadInput(f"没有“{type}”这种自评问卷，可选：{choices}", field="type")
    return available[type]


def procedure(kb: KnowledgeBase) -> dict:
    """Verdict labels, next steps, benefits and duties (``kind: procedure``), as validated data."""
    found = _of_kind(kb, "procedure")
    if not found:
        raise NotFound("知识库中没有申报流程（kb/questionnaires/ 中 kind: procedure 的文件）")
    return found[0]
