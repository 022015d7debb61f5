"""Which words name a topic: nouns, by the part-of-speech tags of jieba's
general dictionary.

A question that names a topic the measures do not know (残疾人证, 新能源汽车)
is about another service, even if it also says 申请 or 补贴; verbs, adverbs
and time words outside the domain vocabulary (保证, 搞完, 今年) are just how
people talk. The words that are not nouns are read once from jieba's
dictionary file and stored in the data directory as a trie (a data-only
format, memory-mapped at start).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Container
from pathlib import Path

import jieba
import marisa_trie

from ..storage import write_atomic

log = logging.getLogger(__name__)
_CACHE_NAME = "wordclass-3.marisa"  # renamed whenever what counts as a noun changes
# Nouns of every kind (n, nr, ns, nt, nz…), verbal nouns (抵押, 运营), abbreviations, places.
_NOUN_TAGS = ("n", "vn", "j", "s")
# Characters that do not begin or end a topic of their own: when the segmenter glues an
# unknown run of single characters (那下, 但税, 内有家), one of these in it means the run is
# how someone talks, not a name for something (小微, 双碳 are names).
_FUNCTION_CHARS = frozenset("那这哪下上内外前后中里起过但只先再又还也都就才想要会能可把被给让向往从到在于以为"
                            "和与及或的地得着了吗呢吧啊呀么嘛哈有没不无非未已将所其之此每各某该本个家次")
_LOCK = threading.Lock()
_LOADED: list[Container[str]] = []  # one table per process: jieba's dictionary is the same for all


def _dictionary() -> Path:
    return Path(jieba.__file__).parent / "dict.txt"


def _read_dictionary() -> frozenset[str]:
    """Words that jieba's dictionary knows but does not tag as nouns."""
    words = set()
    with _dictionary().open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) == 3 and len(parts[0]) > 1 and not parts[2].startswith(_NOUN_TAGS):
                words.add(parts[0])
    return frozenset(words)


def non_nouns(cache_dir: Path) -> Container[str]:
    """The dictionary's words that are not nouns, from the data directory when they are there."""
    with _LOCK:
        if _LOADED:
            return _LOADED[0]
        path = cache_dir / _CACHE_NAME
        words: Container[str] | None = None
        try:
            trie = marisa_trie.Trie()
            trie.mmap(str(path))
            words = trie
        except (OSError, RuntimeError, ValueError):
            read = _read_dictionary()
            try:
                write_atomic(path, marisa_trie.Trie(read).tobytes())
            except OSError as error:
                log.warning("word classes not cached: %s", error)
            words = read
        _LOADED.append(words)
        return words


def glued(word: str) -> bool:
    """A run of characters the segmenter joined although no dictionary has it as a word,
    holding a function character (那下, 初过): the pieces of a phrase, not a topic."""
    return any(ch in _FUNCTION_CHARS for ch in word)


class WordClasses:
    """``names_topic(word, known)``: a noun, or a word jieba does not know that is not
    glued together from function characters (*known* tells whether jieba knows it)."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = cache_dir
        self._words: Container[str] | None = None

    def load(self) -> None:
        """Read the table now rather than at the first question that needs it."""
        if self._words is None:
            self._words = non_nouns(self.cache_dir)

    def names_topic(self, word: str, known: Callable[[str], bool] = lambda word: True) -> bool:
        self.load()
        if word in self._words:
            return False
        return known(word) or not glued(word)
