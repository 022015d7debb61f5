"""Homophone typos: 公式 → 公示, 复申 → 复审, 申清 → 申请, 第三放 → 第三方.

People type Chinese by pinyin, so their typos are almost always another
character with the same sound. A run of characters in the question is
replaced by a domain word when the two read the same (tones ignored; the
usual reading of each typed character, the phrase reading of the domain
word), share at least one character in the same place, and the run is neither a domain word nor a common word in its own
right (今年 is not a typo of 近年). Nothing else is rewritten.

Readings come from pypinyin. The reading of every character it knows, and the
phrase readings of the domain words, are stored in the data directory (JSON)
the first time, so that later starts need not load pypinyin's tables.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from ..storage import write_atomic

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
COMMON_RATIO = 3  # a typed word this much more frequent than the domain word is meant as typed
COMMON_FLOOR = 500
log = logging.getLogger(__name__)


def _pinyin(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin  # loads large tables: only when nothing is stored

    return lazy_pinyin(text, style=Style.NORMAL, errors="default")


class Readings:
    """Toneless pinyin: the usual reading of one character (the character itself if it has
    none) and the reading of a word as a phrase (重组 → chong-zu)."""

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = cache_dir
        self._chars: dict[str, str] | None = None

    def char(self, char: str) -> str:
        if self._chars is None:
            self._chars = self._stored("chars", None, self._all_chars)
        return self._chars.get(char, char)

    def words(self, words: Iterable[str]) -> dict[str, str]:
        ordered = sorted(set(words))
        key = hashlib.sha256("\n".join(ordered).encode("utf-8")).hexdigest()[:16]
        return self._stored("words", key, lambda: {w: "-".join(_pinyin(w)) for w in ordered})

    @staticmethod
    def _all_chars() -> dict[str, str]:
        from pypinyin.pinyin_dict import pinyin_dict

        return {chr(code): _pinyin(chr(code))[0] for code in pinyin_dict}

    def _stored(self, what: str, key: str | None, make: Callable[[], dict[str, str]]) -> dict[str, str]:
        name = f"pinyin-{what}-{version('pypinyin')}{'-' + key if key else ''}.json"
        path = self.cache_dir / name if self.cache_dir is not None else None
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    return data
            except (OSError, ValueError):
                pass
        data = make()
        if path is not None:
            try:
                write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
            except OSError as error:
                log.warning("pinyin readings not stored: %s", error)
        return data


@dataclass(frozen=True)
class Correction:
    typed: str
    meant: str
    start: int


class TypoCorrector:
    def __init__(self, vocabulary: set[str], frequency: Callable[[str], int] = lambda word: 0,
                 keep: set[str] = frozenset(), readings: Readings | None = None):
        self.frequency = frequency
        self.readings = readings or Readings()
        # Words typed correctly that must stay as they are: every known word (以后 in
        # 认定以后), and the words of other services (工伤 is not 工商).
        self.keep = {w for w in keep if len(w) > 1}
        self._keep_lengths = sorted({len(w) for w in self.keep}, reverse=True)
        self.vocabulary = {w for w in vocabulary if 2 <= len(w) <= 8 and _CJK.match(w)}
        self._index: dict[str, set[str]] = {}
        for word, key in self.readings.words(self.vocabulary).items():
            self._index.setdefault(key, set()).add(word)
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
        sounds = [self.readings.char(ch) for ch in text]
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
