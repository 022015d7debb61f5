"""Homophone typos: 公式 → 公示, 复申 → 复审, 申清 → 申请, 第三放 → 第三方.

People type Chinese by pinyin, so their typos are almost always another
character with the same sound. A run of characters in the question is
replaced by a domain word when the two read the same (tones ignored; the
usual reading of each typed character, the phrase reading of the domain
word), share at least one character in the same place, and the run is neither a domain word nor a common word in its own
right (今年 is not a typo of 近年). Nothing else is rewritten.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
COMMON_RATIO = 3  # a typed word this much more frequent than the domain word is meant as typed
COMMON_FLOOR = 500


@functools.lru_cache(maxsize=8192)
def reading(char: str) -> str:
    """The usual toneless pinyin of one character (the character itself if it has none)."""
    return lazy_pinyin(char, style=Style.NORMAL, errors="default")[0]


def word_key(word: str) -> str:
    """How a word is read, as a phrase: 重组 → chong-zu."""
    return "-".join(lazy_pinyin(word, style=Style.NORMAL, errors="default"))


@dataclass(frozen=True)
class Correction:
    typed: str
    meant: str
    start: int


class TypoCorrector:
    def __init__(self, vocabulary: set[str], frequency: Callable[[str], int] = lambda word: 0,
                 keep: set[str] = frozenset()):
        self.frequency = frequency
        # Words typed correctly that must stay as they are: every known word (以后 in
        # 认定以后), and the words of other services (工伤 is not 工商).
        self.keep = {w for w in keep if len(w) > 1}
        self._keep_lengths = sorted({len(w) for w in self.keep}, reverse=True)
        self.vocabulary = {w for w in vocabulary if 2 <= len(w) <= 8 and _CJK.match(w)}
        self._index: dict[str, set[str]] = {}
        for word in self.vocabulary:
            self._index.setdefault(word_key(word), set()).add(word)
        self._lengths = sorted({len(w) for w in self.vocabulary}, reverse=True)

    def correct(self, text: str, words: list[tuple[int, int]] = ()) -> tuple[str, list[Correction]]:
        """The text with homophone typos replaced, and what was replaced.

        Characters of a domain word typed correctly (申报 in 怎么申报) are never
        changed, so a correction may only extend such a word (市经信伟 → 市经信委).
        *words* are the (start, end) spans of words the segmenter knows: a correction
        never cuts through one (人证 in 残疾人证 is not a typo of 认证).
        """
        inside = [False] * (len(text) + 1)  # inside[i]: a known word spans the gap before i
        for start, end in words:
            inside[start + 1:end] = [True] * max(0, end - start - 1)
        protected = [False] * len(text)
        for size in self._keep_lengths:
            for start in range(0, len(text) - size + 1):
                window = text[start:start + size]
                if window in self.keep or window in self.vocabulary:
                    protected[start:start + size] = [True] * size
        corrections: list[Correction] = []
        taken = [False] * len(text)
        sounds = [reading(ch) for ch in text]
        for size in self._lengths:
            for start in range(0, len(text) - size + 1):
                if any(taken[start:start + size]) or inside[start] or inside[start + size]:
                    continue
                window = text[start:start + size]
                meant = self._meant(window, "-".join(sounds[start:start + size]))
                if meant is None or any(protected[start + i] and a != b
                                        for i, (a, b) in enumerate(zip(window, meant, strict=True))):
                    continue
                corrections.append(Correction(window, meant, start))
                taken[start:start + size] = [True] * size
        if not corrections:
            return text, []
        chars = list(text)
        for fix in corrections:
            chars[fix.start:fix.start + len(fix.typed)] = list(fix.meant)
        return "".join(chars), sorted(corrections, key=lambda c: c.start)

    def _meant(self, window: str, key: str) -> str | None:
        if window in self.vocabulary or not _CJK.match(window):
            return None
        candidates = {w for w in self._index.get(key, ()) if any(a == b for a, b in zip(w, window, strict=True))}
        # Two different domain words sound alike: guessing would be inventing.
        if len(candidates) != 1:
            return None
        meant = next(iter(candidates))
        if self.frequency(window) >= COMMON_RATIO * max(self.frequency(meant), COMMON_FLOOR):
            return None
        return meant
