"""Chinese word segmentation with jieba and the domain user dictionary.

One :class:`Segmenter` per process and lexicon: jieba's dictionary costs
about a second to load, so it is loaded once (its cache lives in the data
directory, not in the system temp dir) and shared by search and Q&A.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import jieba

_LOCK = threading.Lock()
_CACHE: dict[tuple[str, ...], Segmenter] = {}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SKIP = re.compile(r"^[\s\W_]+$")
USER_WORD_FREQ = 200_000

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    position: int  # ordinal of the main word; sub-words share their parent's
    sub: bool = False


class Segmenter:
    def __init__(self, user_words: list[str], cache_dir: Path):
        cache_dir.mkdir(parents=True, exist_ok=True)
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = str(cache_dir)
        tokenizer.cache_file = "jieba.cache"
        tokenizer.initialize()
        for word in user_words:
            tokenizer.add_word(word, USER_WORD_FREQ)
        self._tokenizer = tokenizer
        self._user = frozenset(user_words)
        self._lock = threading.Lock()

    def cut(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) for each word; whitespace and punctuation dropped."""
        with self._lock:  # jieba's tokenizer state is not thread-safe
            pieces = list(self._tokenizer.tokenize(text, HMM=True))
        return [(w, s, e) for w, s, e in pieces if not _SKIP.match(w)]

    def words(self, text: str, with_subwords: bool = True) -> list[Word]:
        """Main words with consecutive positions, plus the dictionary words
        inside long words at the same position (so 经信 finds 区县经信部门)."""
        out: list[Word] = []
        for position, (word, start, end) in enumerate(self.cut(text)):
            out.append(Word(word, start, end, position))
            if with_subwords and len(word) > 2 and _CJK.search(word):
                for sub, offset in self._subwords(word):
                    out.append(Word(sub, start + offset, start + offset + len(sub), position, sub=True))
        return out

    def _subwords(self, word: str) -> list[tuple[str, int]]:
        freq = self._tokenizer.FREQ
        found = []
        for size in range(2, len(word)):
            for offset in range(0, len(word) - size + 1):
                piece = word[offset: offset + size]
                if freq.get(piece) or piece in self._user:
                    found.append((piece, offset))
        return found

    def is_word(self, text: str) -> bool:
        return bool(self._tokenizer.FREQ.get(text)) or text in self._user

    def frequency(self, text: str) -> int:
        """How common *text* is in jieba's general dictionary (0 if it is not a word there)."""
        return self._tokenizer.FREQ.get(text) or 0


def get_segmenter(user_words: list[str], cache_dir: Path) -> Segmenter:
    """The process-wide segmenter for this user dictionary (built once)."""
    key = tuple(user_words)
    with _LOCK:
        segmenter = _CACHE.get(key)
        if segmenter is None:
            segmenter = Segmenter(user_words, cache_dir)
            _CACHE.clear()  # an older dictionary is no longer needed
            _CACHE[key] = segmenter
        return segmenter
