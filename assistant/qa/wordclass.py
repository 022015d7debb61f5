"""Which words name a topic: nouns, by the part-of-speech tags of jieba's
general dictionary.

A question that names a topic the measures do not know (残疾人证, 新能源汽车)
is about another service, even if it also says 申请 or 补贴; verbs, adverbs
and time words outside the domain vocabulary (保证, 搞完, 今年) are just how
people talk. The tag table is read once from jieba's dictionary file and
cached (pickled) next to jieba's own cache.
"""

from __future__ import annotations

import logging
import pickle
import threading
from pathlib import Path

import jieba

log = logging.getLogger(__name__)
_CACHE_NAME = "wordclass.pickle"
_NOUN_TAGS = ("n", "j", "s")  # nouns of every kind (n, nr, ns, nt, nz…), abbreviations, places
_LOCK = threading.Lock()
_LOADED: list[frozenset[str]] = []  # one table per process: jieba's dictionary is the same for all


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


def non_nouns(cache_dir: Path) -> frozenset[str]:
    """The dictionary's words that are not nouns, from the cache when it is there."""
    with _LOCK:
        if _LOADED:
            return _LOADED[0]
        path = cache_dir / _CACHE_NAME
        words = None
        try:
            with path.open("rb") as handle:
                words = pickle.load(handle)  # noqa: S301 - our own cache file
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            words = None
        if not isinstance(words, frozenset):
            words = _read_dictionary()
            try:
                cache_dir.mkdir(parents=True, exist_ok=True)
                temporary = path.with_suffix(".tmp")
                with temporary.open("wb") as handle:
                    pickle.dump(words, handle, protocol=pickle.HIGHEST_PROTOCOL)
                temporary.replace(path)
            except OSError as error:
                log.warning("word classes not cached: %s", error)
        _LOADED.append(words)
        return words


class WordClasses:
    """``names_topic(word)``: a noun or a word jieba does not know."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = cache_dir
        self._words: frozenset[str] | None = None

    def names_topic(self, word: str) -> bool:
        if self._words is None:
            self._words = non_nouns(self.cache_dir)
        return word not in self._words
