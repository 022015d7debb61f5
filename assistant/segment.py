"""Chinese word segmentation with jieba and the domain user dictionary.

One :class:`Segmenter` per process and lexicon, shared by search and Q&A.
jieba keeps its dictionary (about half a million words and prefixes) in a
Python dict that takes most of a second to load at every start. Here that
same table, with the domain words added exactly as ``add_word`` adds them,
is stored once in the data directory as a memory-mapped trie (marisa-trie)
and an array of frequencies, both data-only formats: a command starts with
the dictionary in a few milliseconds and segments exactly as jieba does.
"""

from __future__ import annotations

import array
import hashlib
import logging
import os
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import jieba
import marisa_trie

from .storage import write_atomic

_LOCK = threading.Lock()
_CACHE: dict[tuple[str, ...], Segmenter] = {}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SKIP = re.compile(r"^[\s\W_]+$")
USER_WORD_FREQ = 200_000
FORMAT = "1"  # part of the cache key: change it when the files change shape

jieba.setLogLevel(logging.WARNING)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    position: int  # ordinal of the main word; sub-words share their parent's
    sub: bool = False


class Frequencies:
    """jieba's ``FREQ`` table (word or prefix → frequency) read from a trie: the
    lookups jieba makes (``in``, ``[]``, ``get``) and nothing else."""

    def __init__(self, trie: marisa_trie.Trie, counts: array.array):
        self._trie, self._counts = trie, counts

    def __contains__(self, word: str) -> bool:
        return word in self._trie

    def __getitem__(self, word: str) -> int:
        return self._counts[self._trie[word]]

    def get(self, word: str, default: int | None = None) -> int | None:
        index = self._trie.get(word)
        return default if index is None else self._counts[index]

    def __len__(self) -> int:
        return len(self._trie)


def _dictionary_key(user_words: list[str]) -> str:
    """Names the stored table: jieba's version and dictionary file, and the domain words."""
    digest = hashlib.sha256(f"{FORMAT}|{jieba.__version__}|".encode())
    dictionary = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    stat = dictionary.stat()
    digest.update(f"{dictionary}|{stat.st_size}|{stat.st_mtime_ns}|".encode())
    digest.update("\n".join(user_words).encode("utf-8"))
    return digest.hexdigest()[:16]


def _jieba_table(user_words: list[str], cache_dir: Path) -> tuple[dict[str, int], int]:
    """jieba's own table with the domain words added (the slow way, done once)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir)
    tokenizer.cache_file = "jieba.cache"
    tokenizer.initialize()
    for word in user_words:
        tokenizer.add_word(word, USER_WORD_FREQ)
    return tokenizer.FREQ, tokenizer.total


def _store(freq: dict[str, int], total: int, trie_path: Path, counts_path: Path) -> None:
    trie = marisa_trie.Trie(freq.keys())
    counts = array.array("Q", bytes(8 * len(trie)))
    for word, count in freq.items():
        counts[trie[word]] = count
    counts.append(total)
    if sys.byteorder != "little":
        counts.byteswap()
    write_atomic(counts_path, counts.tobytes())
    write_atomic(trie_path, trie.tobytes())


def _load(trie_path: Path, counts_path: Path) -> tuple[Frequencies, int] | None:
    try:
        trie = marisa_trie.Trie()
        trie.mmap(str(trie_path))
        counts = array.array("Q")
        counts.frombytes(counts_path.read_bytes())
    except (OSError, RuntimeError, ValueError) as error:
        log.info("segmentation dictionary not loaded from %s: %s", trie_path, error)
        return None
    if sys.byteorder != "little":
        counts.byteswap()
    if len(counts) != len(trie) + 1:
        return None  # a file of another table, or cut short
    total = counts.pop()
    return Frequencies(trie, counts), total


def frequency_table(user_words: list[str], cache_dir: Path) -> tuple[Frequencies | dict[str, int], int]:
    """The table for these domain words: from the data directory, stored there first if needed."""
    key = _dictionary_key(user_words)
    trie_path, counts_path = cache_dir / f"words-{key}.marisa", cache_dir / f"words-{key}.counts"
    loaded = _load(trie_path, counts_path)
    if loaded is not None:
        return loaded
    freq, total = _jieba_table(user_words, cache_dir)
    try:
        _store(freq, total, trie_path, counts_path)
    except OSError as error:
        log.warning("segmentation dictionary kept in memory only: %s", error)
        return freq, total
    for old in cache_dir.glob("words-*"):
        if not old.name.startswith(f"words-{key}."):
            old.unlink(missing_ok=True)  # a running process keeps its own mapping of it
    return _load(trie_path, counts_path) or (freq, total)


class Segmenter:
    def __init__(self, user_words: list[str], cache_dir: Path):
        os.makedirs(cache_dir, exist_ok=True)
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = str(cache_dir)
        tokenizer.cache_file = "jieba.cache"
        tokenizer.FREQ, tokenizer.total = frequency_table(user_words, cache_dir)
        tokenizer.initialized = True
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
