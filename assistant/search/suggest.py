"""Zero hits: near terms from the index vocabulary and the lexicon."""

from __future__ import annotations

import difflib

from ..knowledge.lexicon import Lexicon


class Suggester:
    def __init__(self, vocabulary: set[str], lexicon: Lexicon):
        words = {w for w in vocabulary if len(w) >= 2 and not w.isascii()}
        words |= {w for w in lexicon.user_words() if len(w) >= 2}
        self._words = sorted(words)
        self._lexicon = lexicon

    def near_terms(self, words: list[str], limit: int = 5) -> list[str]:
        """Printed words close to what was typed (绿色工场 → 绿色工厂)."""
        found: list[str] = []
        for word in words:
            if len(word) < 2:
                continue
            for candidate in difflib.get_close_matches(word, self._words, n=3, cutoff=0.6):
                if candidate != word and candidate not in found:
                    found.append(candidate)
            for candidate in self._containing(word):
                if candidate not in found:
                    found.append(candidate)
        return found[:limit]

    def _containing(self, word: str) -> list[str]:
        """Canonical words whose aliases share a long part with *word*."""
        hits = []
        for synonym in self._lexicon.synonyms:
            for alias in synonym.aliases:
                if len(word) >= 2 and (word in alias or alias in word):
                    hits.append(synonym.canonical)
                    break
        return hits
