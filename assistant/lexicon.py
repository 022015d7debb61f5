"""The domain lexicon from ``kb/lexicon.yaml``: user dictionary words,
synonyms and aliases, subject tags and query stopwords."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .kbschema import Context, validator
from .textnorm import fold

LEXICON_FILE = "lexicon.yaml"


@dataclass(frozen=True)
class Synonym:
    canonical: str
    aliases: tuple[str, ...]
    source: tuple[str, ...]
    note: str = ""


@dataclass
class Lexicon:
    terms: list[str] = field(default_factory=list)
    synonyms: list[Synonym] = field(default_factory=list)
    subjects: dict[str, list[str]] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    # folded alias → canonical words, longest alias first
    alias_index: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    _phrases: list[tuple[str, tuple[str, ...]]] | None = None

    @classmethod
    def from_data(cls, data: dict | None) -> Lexicon:
        data = data or {}
        terms: list[str] = []
        for entry in data.get("terms", []):
            terms.extend(entry["words"])
        synonyms = [Synonym(s["canonical"], tuple(s["aliases"]), tuple(_as_list(s.get("source"))),
                            s.get("note", "")) for s in data.get("synonyms", [])]
        subjects = {s["tag"]: list(s["words"]) for s in data.get("subjects", [])}
        stop = data.get("stopwords", {})
        stopwords = frozenset(stop.get("words", []) if isinstance(stop, dict) else stop)
        mapping: dict[str, list[str]] = {}
        for synonym in synonyms:
            for alias in synonym.aliases:
                # A traditional or full-width spelling of the canonical word is
                # already handled by normalisation; it is not an alias.
                if fold(alias) != fold(synonym.canonical):
                    mapping.setdefault(fold(alias), []).append(synonym.canonical)
        alias_index = sorted(((a, tuple(c)) for a, c in mapping.items()), key=lambda p: -len(p[0]))
        return cls(terms, synonyms, subjects, stopwords, alias_index)

    def user_words(self) -> list[str]:
        """Words the segmenter must keep whole (terms, canonical forms, aliases)."""
        words = list(self.terms)
        for synonym in self.synonyms:
            words.append(synonym.canonical)
            words.extend(synonym.aliases)
        seen: dict[str, None] = {}
        for word in words:
            if len(word) > 1:
                seen.setdefault(fold(word), None)
        return list(seen)

    def expansions(self, folded_query: str) -> list[tuple[str, str]]:
        """(alias found in the query, canonical word) pairs, longest first.

        Aliases are found as substrings so that segmentation cannot hide them,
        but never inside a longer printed term (发文 in 发文认定 is not the
        alias 发文 of 印发) nor inside a longer alias already found.
        """
        found: list[tuple[str, str]] = []
        taken = [False] * len(folded_query)
        for phrase, canonicals in self._phrase_index():
            start = folded_query.find(phrase)
            while start != -1:
                end = start + len(phrase)
                if not any(taken[start:end]):
                    for i in range(start, end):
                        taken[i] = True
                    found.extend((phrase, c) for c in canonicals)
                start = folded_query.find(phrase, end)
        return found

    def _phrase_index(self) -> list[tuple[str, tuple[str, ...]]]:
        """Aliases (with their canonical words) and printed terms (with none), longest first."""
        if self._phrases is None:
            aliases = {alias for alias, _ in self.alias_index}
            terms = [(fold(t), ()) for t in self.terms if fold(t) not in aliases and len(t) > 2]
            self._phrases = sorted([*self.alias_index, *terms], key=lambda p: -len(p[0]))
        return self._phrases

    def subjects_of(self, text: str) -> list[str]:
        return [tag for tag, words in self.subjects.items() if any(w in text for w in words)]


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@validator(LEXICON_FILE)
def validate_lexicon(data: Any, context: Context) -> Any:
    if not isinstance(data, dict):
        raise context.fail(None, "lexicon.yaml must be a mapping with terms, synonyms, subjects, stopwords")
    for entry in data.get("terms", []):
        words = entry.get("words") if isinstance(entry, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise context.fail(entry, "each term entry needs 'words': a list of words")
        context.check_ids(entry, entry.get("source"))
    for entry in data.get("synonyms", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("canonical"), str):
            raise context.fail(entry, "each synonym needs 'canonical': the word printed in the measures")
        aliases = entry.get("aliases")
        if not isinstance(aliases, list) or not aliases or not all(isinstance(a, str) and a for a in aliases):
            raise context.fail(entry, f"synonym '{entry['canonical']}' needs 'aliases': a non-empty list")
        context.check_ids(entry, entry.get("source"))
        if not entry.get("note"):
            raise context.fail(entry, f"synonym '{entry['canonical']}' needs a 'note' saying where it comes from")
    stop = data.get("stopwords", {})
    words = stop.get("words") if isinstance(stop, dict) else stop
    if words is not None and (not isinstance(words, list) or not all(isinstance(w, str) for w in words)):
        raise context.fail(stop, "stopwords must be a list of words (quote punctuation such as \"?\")")
    for entry in data.get("subjects", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("tag"), str) or not entry.get("words"):
            raise context.fail(entry, "each subject needs 'tag' and 'words'")
        context.check_ids(entry, entry.get("source"))
    return data
