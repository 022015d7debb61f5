"""``kb/lexicon.yaml``: words the segmenter keeps whole, synonyms and aliases
of the printed words, subject tags for the search filter, and query stopwords."""

from __future__ import annotations

import functools
from typing import Annotated

from pydantic import BeforeValidator, Field, field_validator

from ..textnorm import fold
from .base import ClauseIds, KbModel, Words

LEXICON_FILE = "lexicon.yaml"
NonEmptyWords = Annotated[Words, Field(min_length=1)]


class TermGroup(KbModel):
    """Domain words the segmenter keeps whole (their sub-words stay searchable: 经信 in 区县经信部门)."""

    words: NonEmptyWords
    """The words, as printed in the measures."""
    source: ClauseIds
    """The clause (or clauses) where the words are printed."""

    @field_validator("words")
    @classmethod
    def _no_blank(cls, words: list[str]) -> list[str]:
        if not all(words):
            raise ValueError("each term entry needs 'words': a list of words")
        return words


class Synonym(KbModel):
    """What staff and callers say instead of a printed word (经信局 for 区县经信部门)."""

    canonical: str
    """The word printed in the measures (several words separated by a space must all appear)."""
    aliases: NonEmptyWords
    """What people say instead."""
    source: ClauseIds
    """The clause that prints the canonical word."""
    note: Annotated[str, Field(min_length=1)]
    """Where the aliases come from (口语, 通行简称, 旧称…)."""


class SubjectTag(KbModel):
    """A tag for the search filter 主体 (园区, 工厂…): a clause mentioning one of the words gets the tag."""

    tag: str
    """The tag as shown in the filter and accepted by ``--subject`` / ``subject=``."""
    words: NonEmptyWords
    """Words that give a clause this tag."""
    source: ClauseIds
    """The clause that defines the subject."""


class Stopwords(KbModel):
    """Words of a question that say nothing about what is asked (的, 请问, 老板…)."""

    words: Words = []
    """The words (quote punctuation such as \"?\")."""
    source: ClauseIds = []
    """The clause the list rests on (the whole measures: ``notice``)."""
    note: str = ""
    """Why these words carry no meaning."""


def _stopwords(value):
    return {"words": value} if isinstance(value, list) else value


class Lexicon(KbModel):
    """The whole file; every section may be left out."""

    terms: list[TermGroup] = []
    """User dictionary of the segmenter."""
    synonyms: list[Synonym] = []
    """Synonyms and aliases: query expansion in search, concept words in Q&A."""
    subjects: list[SubjectTag] = []
    """Subject tags of the search filter."""
    stopwords: Annotated[Stopwords, BeforeValidator(_stopwords)] = Stopwords()
    """Query stopwords (a list, or a mapping with ``words``)."""

    # -- use ---------------------------------------------------------------
    @functools.cached_property
    def term_words(self) -> list[str]:
        return [word for entry in self.terms for word in entry.words]

    @functools.cached_property
    def stopword_set(self) -> frozenset[str]:
        return frozenset(self.stopwords.words)

    @functools.cached_property
    def subject_words(self) -> dict[str, list[str]]:
        return {entry.tag: list(entry.words) for entry in self.subjects}

    @functools.cached_property
    def alias_index(self) -> list[tuple[str, tuple[str, ...]]]:
        """(folded alias, canonical words), longest alias first."""
        mapping: dict[str, list[str]] = {}
        for synonym in self.synonyms:
            for alias in synonym.aliases:
                # A traditional or full-width spelling of the canonical word is
                # already handled by normalisation; it is not an alias.
                if fold(alias) != fold(synonym.canonical):
                    mapping.setdefault(fold(alias), []).append(synonym.canonical)
        return sorted(((a, tuple(c)) for a, c in mapping.items()), key=lambda p: -len(p[0]))

    def user_words(self) -> list[str]:
        """Words the segmenter must keep whole (terms, canonical forms, aliases)."""
        words = list(self.term_words)
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
        for phrase, canonicals in self._phrase_index:
            start = folded_query.find(phrase)
            while start != -1:
                end = start + len(phrase)
                if not any(taken[start:end]):
                    for i in range(start, end):
                        taken[i] = True
                    found.extend((phrase, c) for c in canonicals)
                start = folded_query.find(phrase, end)
        return found

    @functools.cached_property
    def _phrase_index(self) -> list[tuple[str, tuple[str, ...]]]:
        """Aliases (with their canonical words) and printed terms (with none), longest first."""
        aliases = {alias for alias, _ in self.alias_index}
        terms = [(fold(t), ()) for t in self.term_words if fold(t) not in aliases and len(t) > 2]
        return sorted([*self.alias_index, *terms], key=lambda p: -len(p[0]))

    def subjects_of(self, text: str) -> list[str]:
        return [tag for tag, words in self.subject_words.items() if any(w in text for w in words)]
