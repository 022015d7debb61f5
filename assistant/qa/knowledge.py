"""Q&A knowledge from ``kb/``: concepts, intents and rules, validated at build.

A rule says when it applies (concepts and intents), which clauses it rests on
(the first is the pinpoint citation), which facts it reads out of those
clauses (regular expressions over the printed text, so figures are never
typed in), and how the answer is worded.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from fnmatch import fnmatch
from typing import Any

from ..kbschema import Context, validator
from ..lexicon import Lexicon
from ..textnorm import fold

CONCEPTS_FILE = "concepts.yaml"
INTENTS_FILE = "intents.yaml"
RULES_GLOB = "rules/*.yaml"
COMPUTE_KINDS = ("workdays_after", "workdays_from", "years_after", "days_after_issue")
YES_NO = ("yes", "no")


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str
    anchor: bool
    words: tuple[str, ...]
    also: tuple[str, ...] = ()
    specific: bool = True  # an anchor that points at particular rules (not 这个办法)
    weak: tuple[str, ...] = ()  # words of an anchor that other services use too (补贴, 注册): they do not anchor

    def surface_forms(self, lexicon: Lexicon) -> list[str]:
        """The concept's words plus the lexicon's aliases of those words, folded."""
        forms = [fold(w) for w in self.words]
        folded = set(forms)
        for synonym in lexicon.synonyms:
            if fold(synonym.canonical) in folded:
                forms += [fold(a) for a in synonym.aliases]
        return list(dict.fromkeys(f for f in forms if f))


@dataclass(frozen=True)
class Intent:
    id: str
    sequences: tuple[tuple[str, ...], ...]
    followup: bool = False
    detail: str = ""  # asks for a detail (an amount, a contact) that a rule must say it gives
    endings: tuple[str, ...] = ()  # the question ends with one of these (能申报不, 有关系没有)


@dataclass(frozen=True)
class Fact:
    name: str
    clause: str
    pattern: str


@dataclass(frozen=True)
class Trigger:
    """One way a rule applies: every concept of ``all`` and intent of ``intents``,
    at least one of ``some`` (when given), none of ``not``; ``any`` adds to the score."""

    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    some: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, when: dict) -> Trigger:
        return cls(tuple(_as_list(when.get("all"))), tuple(_as_list(when.get("any"))),
                   tuple(_as_list(when.get("not"))), tuple(_as_list(when.get("intents"))),
                   tuple(_as_list(when.get("some"))))

    def names(self) -> set[str]:
        return {*self.all, *self.any, *self.none, *self.intents, *self.some}


@dataclass
class Rule:
    id: str
    description: str
    source: list[str]
    answer: str
    triggers: list[Trigger] = field(default_factory=list)
    subject: str | None = None
    family: str | None = None
    facts: list[Fact] = field(default_factory=list)
    yes_no: str | dict | None = None  # "yes" | "no" | {concept or intent: verdict, default: verdict}
    verdict: str | dict = ""
    compute: dict | None = None
    kind: str = "answer"  # answer | not_covered
    answers: list[str] = field(default_factory=list)  # details asked for (amount, duration…) it gives
    follow_ups: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    keywords: set[str] = field(default_factory=set)

    @classmethod
    def from_data(cls, data: dict) -> Rule:
        when = data.get("when", {})
        alternatives = when if isinstance(when, list) else [when]
        return cls(
            id=data["id"], description=data.get("description", ""), source=_as_list(data["source"]),
            answer=data["answer"], triggers=[Trigger.from_data(w) for w in alternatives],
            subject=data.get("subject"), family=data.get("family"),
            facts=[Fact(name, spec["from"], spec["match"]) for name, spec in (data.get("facts") or {}).items()],
            yes_no=data.get("yes_no"), verdict=data.get("verdict", ""), compute=data.get("compute"),
            kind=data.get("kind", "answer"), answers=_as_list(data.get("answers")),
            follow_ups=_as_list(data.get("follow_ups")), examples=_as_list(data.get("examples")),
        )

    def names(self) -> set[str]:
        """Every concept and intent any trigger speaks of."""
        return set().union(*(t.names() for t in self.triggers)) if self.triggers else set()

    def verdict_for(self, present: set[str]) -> tuple[str | None, str]:
        """(yes | no | None, the words that say it) for a question with *present* concepts and intents.

        A mapping chooses by what the question mentions: ``{default: no, required: yes}``
        answers 要不要…？ with yes and 还能申报吗？ with no.
        """
        return _choose(self.yes_no, present), _choose(self.verdict, present) or ""


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _choose(value: Any, present: set[str]) -> Any:
    if not isinstance(value, dict):
        return value
    for key, chosen in value.items():
        if key != "default" and key in present:
            return chosen
    return value.get("default")


def load_concepts(curated: dict) -> list[Concept]:
    entries = (curated.get(CONCEPTS_FILE) or {}).get("concepts", [])
    return [Concept(e["id"], e.get("kind", "topic"), bool(e.get("anchor")), tuple(e["words"]),
                    tuple(_as_list(e.get("also"))), bool(e.get("specific", True)),
                    tuple(str(w) for w in _as_list(e.get("weak")))) for e in entries]


def load_intents(curated: dict) -> list[Intent]:
    entries = (curated.get(INTENTS_FILE) or {}).get("intents", {})
    return [Intent(name, tuple(tuple(p) if isinstance(p, list) else (p,) for p in spec["patterns"]),
                   bool(spec.get("followup")), spec.get("detail", ""), tuple(_as_list(spec.get("endings"))))
            for name, spec in entries.items()]


def load_rules(curated: dict) -> list[Rule]:
    rules = []
    for name in sorted(k for k in curated if k.startswith("rules/")):
        rules += [Rule.from_data(r) for r in (curated[name] or {}).get("rules", [])]
    return rules


def extract_fact(fact: Fact, texts: dict[str, str]) -> str | None:
    text = texts.get(fact.clause)
    if text is None:
        return None
    match = re.search(fact.pattern, text)
    if not match:
        return None
    return match.group(1) if match.groups() else match.group(0)


# -- validation (build time) -------------------------------------------------

@validator(CONCEPTS_FILE)
def validate_concepts(data: Any, context: Context) -> Any:
    entries = data.get("concepts") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise context.fail(data, "concepts.yaml needs a non-empty 'concepts' list")
    seen = set()
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise context.fail(entry, "each concept needs an 'id'")
        if entry["id"] in seen:
            raise context.fail(entry, f"concept '{entry['id']}' is defined twice")
        seen.add(entry["id"])
        words = entry.get("words")
        if not isinstance(words, list) or not all(isinstance(w, str | int) for w in words):
            raise context.fail(entry, f"concept '{entry['id']}' needs 'words': a list of words")
        entry["words"] = [str(w) for w in words]
        weak = [str(w) for w in _as_list(entry.get("weak"))]
        if any(w not in entry["words"] for w in weak):
            raise context.fail(entry, f"concept '{entry['id']}': every weak word must be one of its words")
        context.check_ids(entry, entry.get("source"))
    for entry in entries:
        for implied in _as_list(entry.get("also")):
            if implied not in seen:
                raise context.fail(entry, f"concept '{entry['id']}' implies unknown concept '{implied}'")
    return data


@validator(INTENTS_FILE)
def validate_intents(data: Any, context: Context) -> Any:
    entries = data.get("intents") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise context.fail(data, "intents.yaml needs an 'intents' mapping")
    for name, spec in entries.items():
        if name == "__line__":
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("patterns"), list) or not spec["patterns"]:
            raise context.fail(spec, f"intent '{name}' needs 'patterns'")
        if not all(isinstance(e, str) and e for e in _as_list(spec.get("endings"))):
            raise context.fail(spec, f"intent '{name}': endings must be a list of words")
        for pattern in spec["patterns"]:
            for part in pattern if isinstance(pattern, list) else [pattern]:
                try:
                    re.compile(str(part))
                except re.error as error:
                    raise context.fail(spec, f"intent '{name}': bad pattern {part!r} ({error})") from error
        context.check_ids(spec, spec.get("source"))
    return data


@validator(RULES_GLOB)
def validate_rules(data: Any, context: Context) -> Any:
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list) or not rules:
        raise context.fail(data, "a rules file needs a non-empty 'rules' list")
    concepts = {c["id"] for c in (context.curated.get(CONCEPTS_FILE) or {}).get("concepts", [])}
    intents = set((context.curated.get(INTENTS_FILE) or {}).get("intents", {}))
    seen = {r.get("id") for name, rules_file in context.curated.items() if fnmatch(name, RULES_GLOB)
            for r in (rules_file or {}).get("rules", [])}
    for entry in rules:
        _validate_rule(entry, context, concepts, intents)
        if entry["id"] in seen:
            raise context.fail(entry, f"rule '{entry['id']}' is defined twice")
        seen.add(entry["id"])
    return data


def _validate_rule(entry: Any, context: Context, concepts: set[str], intents: set[str]) -> None:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise context.fail(entry, "each rule needs an 'id'")
    rid = entry["id"]
    for key in ("source", "answer"):
        if key not in entry:
            raise context.fail(entry, f"rule '{rid}' needs '{key}'")
    context.check_ids(entry, entry["source"])
    when = entry.get("when") or {}
    for alternative in when if isinstance(when, list) else [when]:
        if not isinstance(alternative, dict):
            raise context.fail(entry, f"rule '{rid}': 'when' must be a mapping or a list of mappings")
        for key in ("all", "any", "not", "intents", "some"):
            for name in _as_list(alternative.get(key)):
                if name.lstrip("!") not in concepts and name not in intents:
                    raise context.fail(entry, f"rule '{rid}': '{name}' in when.{key} is neither a concept "
                                              "nor an intent")
        if not _as_list(alternative.get("all")) and not _as_list(alternative.get("intents")):
            raise context.fail(entry, f"rule '{rid}' needs at least one concept in when.all or an intent")
    for name in _as_list(entry.get("answers")):
        if name not in intents:
            raise context.fail(entry, f"rule '{rid}': answers names '{name}', which is not an intent")
    placeholders = {name for _, name, _, _ in string.Formatter().parse(entry["answer"]) if name}
    facts = entry.get("facts") or {}
    for name, spec in facts.items():
        if name == "__line__":
            continue
        if not isinstance(spec, dict) or "from" not in spec or "match" not in spec:
            raise context.fail(entry, f"rule '{rid}': fact '{name}' needs 'from' and 'match'")
        context.check_ids(entry, spec["from"], field=f"facts.{name}.from")
        value = extract_fact(Fact(name, spec["from"], spec["match"]), context.texts)
        if value is None:
            raise context.fail(entry, f"rule '{rid}': fact '{name}' ({spec['match']}) is not in {spec['from']}")
    allowed = set(facts) | {"label", "quote", "date", "result", "note", "subject", "given"}
    unknown = placeholders - allowed
    if unknown:
        raise context.fail(entry, f"rule '{rid}': answer uses undefined {sorted(unknown)}")
    yes_no = entry.get("yes_no")
    choices = [v for k, v in yes_no.items() if k != "__line__"] if isinstance(yes_no, dict) else [yes_no]
    if any(choice not in (None, *YES_NO) for choice in choices):
        raise context.fail(entry, f"rule '{rid}': yes_no must be yes or no (or a mapping to them)")
    for mapping in (yes_no, entry.get("verdict")):
        for key in (mapping or {}) if isinstance(mapping, dict) else ():
            if key not in ("default", "__line__") and key.lstrip("!") not in concepts and key not in intents:
                raise context.fail(entry, f"rule '{rid}': '{key}' chooses a verdict but is neither a concept "
                                          "nor an intent")
    compute = entry.get("compute")
    if compute is not None and (not isinstance(compute, dict) or compute.get("kind") not in COMPUTE_KINDS):
        raise context.fail(entry, f"rule '{rid}': compute.kind must be one of {', '.join(COMPUTE_KINDS)}")
    if entry.get("subject") not in (None, "park", "factory"):
        raise context.fail(entry, f"rule '{rid}': subject must be park or factory")
    if entry.get("kind", "answer") not in ("answer", "not_covered"):
        raise context.fail(entry, f"rule '{rid}': kind must be answer or not_covered")
