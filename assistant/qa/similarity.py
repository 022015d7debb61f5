"""How like a rule's own example questions a question is: Okapi BM25 over the words of each rule's
examples and description (segmented with the project's segmenter, stopwords left out). The score is
relative to the best-matching rule of the question, so it is 0..1 whatever the question's length."""

from __future__ import annotations

import math
from collections import Counter

K1 = 1.2
B = 0.75


class ExampleSimilarity:
    def __init__(self, documents: dict[str, list[str]], ignored: frozenset[str] = frozenset()):
        self.ignored = ignored  # words that say nothing of what is asked (stopwords), as in the documents
        self.terms = {rule: Counter(words) for rule, words in documents.items()}
        self.lengths = {rule: len(words) for rule, words in documents.items()}
        self.average = sum(self.lengths.values()) / max(1, len(self.lengths))
        frequency: Counter[str] = Counter()
        for counts in self.terms.values():
            frequency.update(counts.keys())
        count = len(self.terms)
        self.idf = {t: math.log(1 + (count - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}

    def scores(self, words: list[str]) -> dict[str, float]:
        """Each rule's similarity to the question's *words*, relative to the most similar rule (0..1)."""
        query = [w for w in dict.fromkeys(words) if w in self.idf]
        raw: dict[str, float] = {}
        for rule, counts in self.terms.items():
            norm = K1 * (1 - B + B * self.lengths[rule] / self.average) if self.average else K1
            score = sum(self.idf[t] * counts[t] * (K1 + 1) / (counts[t] + norm) for t in query if counts[t])
            if score:
                raw[rule] = score
        best = max(raw.values(), default=0.0)
        return {rule: score / best for rule, score in raw.items()} if best else {}
